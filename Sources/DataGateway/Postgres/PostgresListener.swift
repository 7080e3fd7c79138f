import CLibPQ
import Glibc
import Logging

/// A connection of its own that `LISTEN`s on one channel and hands back the payloads of the `NOTIFY`s sent
/// to it: how `serve` hears an alias move the moment the promotion commits.
///
/// Notifications only arrive while the connection lives, so a caller must treat any error as "the
/// connection is gone; reconnect and look again", never as "nothing changed". Not `Sendable`: like the
/// `PGconn` it wraps, it serves one thread at a time, and ``notifications(waitingUpTo:)`` blocks it.
public final class PostgresListener {
    private let connection: PostgresConnection

    /// Connects once (the caller retries) and starts listening on `channel`.
    public init(conninfo: Secret<String>, channel: SQLIdentifier, logger: Logger) throws(DatabaseError) {
        connection = try PostgresConnection(conninfo: conninfo, logger: logger)
        try connection.command("LISTEN \(channel.quoted)")
    }

    deinit { connection.finish() }

    /// The payloads that arrived, waiting up to `timeout` for the first when none is pending; empty when
    /// none came. Throws when the connection broke (the server went away, the backend was terminated).
    public func notifications(waitingUpTo timeout: Duration) throws(DatabaseError) -> [String] {
        let handle = try connection.handle()
        var payloads = try received(on: handle)
        guard payloads.isEmpty else { return payloads }
        var socket = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        guard socket.fd >= 0 else { throw lost(handle) }
        let milliseconds = Int32(clamping: max(0, timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        guard poll(&socket, 1, milliseconds) >= 0 || errno == EINTR else {
            throw DatabaseError(.connection, "waiting for notifications failed (errno \(errno))")
        }
        payloads = try received(on: handle)
        return payloads
    }

    /// Reads what the socket holds and drains libpq's queue of notifications.
    private func received(on handle: OpaquePointer) throws(DatabaseError) -> [String] {
        guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else { throw lost(handle) }
        var payloads: [String] = []
        while let notification = PQnotifies(handle) {
            payloads.append(String(cString: notification.pointee.extra))
            PQfreemem(notification)
        }
        return payloads
    }

    private func lost(_ handle: OpaquePointer) -> DatabaseError {
        PostgresErrors.clientError(String(cString: PQerrorMessage(handle)), handle)
    }
}
