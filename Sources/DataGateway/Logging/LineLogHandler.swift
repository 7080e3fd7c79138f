import Foundation
import Logging

/// A swift-log handler that writes one line per event, as JSON or as text, to stdout or stderr.
///
/// Metadata is written as given: callers never put secrets in it, and values of type ``Secret`` print as
/// `<redacted>` anyway.
public struct LineLogHandler: LogHandler {
    public enum Stream: Sendable {
        case standardOutput
        case standardError
    }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let format: LogFormat
    private let stream: Stream

    public init(label: String, level: Logger.Level, format: LogFormat, stream: Stream) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.stream = stream
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let time = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
        let line: String =
            switch format {
            case .json: jsonLine(time: time, level: event.level, message: event.message.description, metadata: merged)
            case .text: textLine(time: time, level: event.level, message: event.message.description, metadata: merged)
            }
        let handle: FileHandle = stream == .standardOutput ? .standardOutput : .standardError
        handle.write(Data((line + "\n").utf8))
    }

    private func jsonLine(time: String, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var object: [String: Any] = ["time": time, "level": level.rawValue, "message": message, "logger": label]
        for (key, value) in metadata { object[key] = Self.jsonValue(value) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return #"{"level":"error","message":"unencodable log event"}"# }
        return String(decoding: data, as: UTF8.self)
    }

    private func textLine(time: String, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        let details = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(time) \(level.rawValue.uppercased()) \(message)" + (details.isEmpty ? "" : " \(details)")
    }

    private static func jsonValue(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let text): Int(text).map { $0 as Any } ?? Double(text).map { $0 as Any } ?? text
        case .stringConvertible(let convertible): "\(convertible)"
        case .array(let values): values.map(jsonValue)
        case .dictionary(let values): values.mapValues(jsonValue)
        }
    }
}
