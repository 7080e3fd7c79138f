import Foundation

/// A fresh database in the throwaway cluster that scripts/test starts, reached by the login role with its
/// generated password. The end-to-end tests create it through `psql` over the unix socket as the superuser.
struct PostgresTarget {
    let host: String
    let port: String
    let user: String
    let database: String
    let password: String
    let socket: String
    let superuser: String
    let bin: String

    static func fresh() throws -> PostgresTarget {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw CocoaError(
                    .featureUnsupported,
                    userInfo: [
                        NSLocalizedDescriptionKey:
                            "PostgreSQL test cluster not configured: run scripts/test (\(name) is not set)"
                    ])
            }
            return value
        }
        let password = try String(contentsOfFile: try value("PENGUINS_TEST_PGPASSWORD_FILE"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let target = PostgresTarget(
            host: try value("PENGUINS_TEST_PGHOST"), port: try value("PENGUINS_TEST_PGPORT"),
            user: try value("PENGUINS_TEST_PGUSER"), database: "e2e_\(UUID().uuidString.prefix(8).lowercased())",
            password: password, socket: try value("PENGUINS_TEST_PGSOCKET"), superuser: try value("PENGUINS_TEST_PGSUPERUSER"),
            bin: try value("PENGUINS_TEST_PGBIN"))
        try target.superuserSQL("CREATE DATABASE \(target.database) OWNER \(target.user)")
        return target
    }

    /// The URL a user would put in DATABASE_URL, with the password in it.
    var url: String { "postgresql://\(user):\(password)@\(host):\(port)/\(database)" }

    /// Runs SQL as the superuser over the unix socket; the statement goes on stdin, never in argv.
    @discardableResult
    func superuserSQL(_ sql: String, database: String = "postgres") throws -> String {
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
    func query(_ sql: String) throws -> String {
        try superuserSQL(sql, database: database)
    }
}
