import Foundation

/// A fresh database in a throwaway cluster (the one scripts/test starts, unless `settings` names another),
/// reached by the login role with its generated password. Tests that drive the `penguins` binary use it:
/// they need the URL a user would write, and `psql` as the superuser for checks behind the gateway's back.
public struct PostgresTarget: Sendable {
    public let host: String
    public let port: String
    public let user: String
    public let database: String
    public let password: String
    public let socket: String
    public let superuser: String
    public let bin: String

    /// The existing `database` of the cluster `settings` describes.
    public init(settings: TestPostgres.Settings, database: String) {
        host = settings.host
        port = String(settings.port)
        user = settings.user
        self.database = database
        password = settings.password.reveal()
        socket = settings.socketDirectory
        superuser = settings.superuser
        bin = settings.bin
    }

    /// A new database owned by the login role of the cluster `settings` describes (by default the main one).
    public static func fresh(_ settings: TestPostgres.Settings? = nil) throws -> PostgresTarget {
        let target = PostgresTarget(
            settings: try settings ?? TestPostgres.settings, database: "e2e_\(UUID().uuidString.prefix(8).lowercased())")
        try target.superuserSQL("CREATE DATABASE \(target.database) OWNER \(target.user)")
        return target
    }

    /// The URL a user would put in DATABASE_URL, with the password in it.
    public var url: String { "postgresql://\(user):\(password)@\(host):\(port)/\(database)" }

    /// Runs SQL as the superuser over the unix socket; the statement goes on stdin, never in argv.
    @discardableResult
    public func superuserSQL(_ sql: String, database: String = "postgres") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", socket, "-p", port, "-U", superuser, "-d", database]
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", "/usr/bin/psql"] + process.arguments!
        }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(sql.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "psql failed: \(text)"])
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs SQL in this target's database as the superuser.
    public func query(_ sql: String) throws -> String {
        try superuserSQL(sql, database: database)
    }
}
