import Foundation

/// One TCP connection to a local server, driven byte by byte: what an HTTP client library will not do, such
/// as stopping halfway through a body, trickling it, or sending a forged Host header.
///
/// Waiting for the server happens on a Dispatch thread, never on the cooperative pool, which a server under
/// test in the same process needs to answer at all. Unchecked Sendable: its one state is the descriptor.
public final class RawHTTPConnection: @unchecked Sendable {
    private let socket: Int32

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int) throws {
        socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawHTTPError(message: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw RawHTTPError(message: "connect to port \(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(socket) }

    public func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Foundation.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw RawHTTPError(message: "send: \(String(cString: strerror(errno)))") }
    }

    /// What the server does next, waiting at most `timeout`.
    public enum Outcome: Equatable {
        /// Bytes arrived (the start of a response).
        case data(String)
        /// The server closed the connection (end of stream or reset).
        case closed
        /// Nothing within the wait.
        case silent
    }

    public func read(waiting timeout: Duration) async -> Outcome {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.readBlocking(waiting: timeout)) }
        }
    }

    private func readBlocking(waiting timeout: Duration) -> Outcome {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1_000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return .silent }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &buffer, buffer.count, 0)
        guard count > 0 else { return .closed }
        return .data(String(decoding: buffer.prefix(count), as: UTF8.self))
    }

    /// The whole response to a request sent with `Connection: close`: everything until the server closes.
    public func readUntilClosed(waiting timeout: Duration) async -> String? {
        let deadline = ContinuousClock.now + timeout
        var text = ""
        while ContinuousClock.now < deadline {
            switch await read(waiting: deadline - ContinuousClock.now) {
            case .data(let more): text += more
            case .closed: return text
            case .silent: return nil
            }
        }
        return nil
    }
}

public struct RawHTTPError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
