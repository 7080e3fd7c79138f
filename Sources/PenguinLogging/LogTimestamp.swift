#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A wall-clock time to the millisecond, written as ISO 8601 in UTC (`2026-11-30T12:00:00.000Z`) straight
/// into a line's bytes: Foundation's formatter cost more per line than the rest of the line together.
/// The prediction log stamps its rows with it too, in the form the databases' `strftime('%Y-%m-%dT%H:%M:%fZ')` writes.
public struct LogTimestamp: Sendable, Equatable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int
    public var milliseconds: Int

    public init(seconds: Int, milliseconds: Int) {
        self.seconds = seconds
        self.milliseconds = milliseconds
    }

    public static func now() -> LogTimestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return LogTimestamp(seconds: Int(time.tv_sec), milliseconds: Int(time.tv_nsec) / 1_000_000)
    }

    /// `2026-11-30T12:00:00.000Z`.
    public var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Works out the calendar date with integer arithmetic (``civilDate(daysSince1970:)``) rather than
    /// `gmtime_r`: glibc's takes a process-wide lock, which every request's log line and every prediction log
    /// row would otherwise contend on.
    package func append(to bytes: inout [UInt8]) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let date = civilDate(daysSince1970: days)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { text in
            Self.write(date.year, digits: 4, at: 0, in: text)
            text[4] = UInt8(ascii: "-")
            Self.write(date.month, digits: 2, at: 5, in: text)
            text[7] = UInt8(ascii: "-")
            Self.write(date.day, digits: 2, at: 8, in: text)
            text[10] = UInt8(ascii: "T")
            Self.write(secondOfDay / 3_600, digits: 2, at: 11, in: text)
            text[13] = UInt8(ascii: ":")
            Self.write(secondOfDay / 60 % 60, digits: 2, at: 14, in: text)
            text[16] = UInt8(ascii: ":")
            Self.write(secondOfDay % 60, digits: 2, at: 17, in: text)
            text[19] = UInt8(ascii: ".")
            Self.write(milliseconds, digits: 3, at: 20, in: text)
            text[23] = UInt8(ascii: "Z")
            bytes.append(contentsOf: UnsafeBufferPointer(text))
        }
    }

    /// `value`'s last `digits` decimal digits, zero-padded, at `offset`.
    private static func write(_ value: Int, digits: Int, at offset: Int, in text: UnsafeMutableBufferPointer<UInt8>) {
        var rest = value
        for position in stride(from: offset + digits - 1, through: offset, by: -1) {
            text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
