public import Logging
public import DataGateway
import Foundation

/// The throwaway PostgreSQL cluster started by `scripts/test-postgres start DIR`, found through the
/// environment that script writes. Tests fail, never skip, when it is missing.
public enum TestPostgres {
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        public var socketDirectory: String
        public var user: String
        public var passwordFile: String
        public var password: Secret<String>
        public var superuser: String
        public var bin: String
    }

    public struct NotConfigured: Error, CustomStringConvertible {
        public var missing: String
        public var description: String {
            "PostgreSQL test cluster not configured: run scripts/test (or source the env of scripts/test-postgres start DIR); \(missing)"
        }
    }

    /// A conninfo for a brand-new, empty database owned by the login role, with the generated password, over TCP.
    public static func freshDatabase(logger: Logger = Logger(label: "test")) throws -> Secret<String> {
        let settings = try settings
        let name = "t_" + String(UInt64.random(in: .min ... .max), radix: 16)
        return try withConnection(superuser()) { admin in
            try admin.executeScript("CREATE DATABASE \(name) OWNER \(quotedIdentifier(settings.user))")
            logger.debug("created test database", metadata: ["database": "\(name)"])
            return Secret(
                conninfo([
                    "host": settings.host, "port": String(settings.port), "user": settings.user,
                    "password": settings.password.reveal(), "dbname": name,
                ]))
        }
    }

    /// A new login role with a generated password that is a member of `group` (e.g. `penguins_reader`),
    /// and a conninfo for `database` as that role: for least-privilege tests.
    public static func loginRole(memberOf group: String, database: String) throws -> Secret<String> {
        let settings = try settings
        let role = "r_" + String(UInt64.random(in: .min ... .max), radix: 16)
        let password = String(UInt64.random(in: .min ... .max), radix: 36) + String(UInt64.random(in: .min ... .max), radix: 36)
        return try withConnection(superuser()) { admin in
            do {
                try admin.executeScript(
                    "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'; GRANT \(quotedIdentifier(group)) TO \(role);"
                        + " GRANT CONNECT ON DATABASE \(quotedIdentifier(database)) TO \(role);")
            } catch var error as DatabaseError {
                // The statement holds the generated password, so the error must not carry it.
                error.sql = nil
                throw error
            }
            return Secret(
                conninfo([
                    "host": settings.host, "port": String(settings.port), "user": role, "password": password, "dbname": database,
                ]))
        }
    }

    /// A superuser connection over the unix socket (trust auth), for creating databases and roles.
    public static func superuser(database: String = "postgres") throws -> PostgresDatabase {
        let settings = try settings
        return try PostgresDatabase(
            conninfo: Secret(
                conninfo([
                    "host": settings.socketDirectory, "port": String(settings.port), "user": settings.superuser,
                    "dbname": database,
                ])),
            logger: Logger(label: "test.superuser"))
    }

    /// The login role's host/port/user/password pieces, for tests that build their own conninfo (e.g. a wrong password).
    public static var settings: Settings {
        get throws { try settings(prefix: "PENGUINS_TEST_") }
    }

    /// The settings of a cluster whose variables start with `prefix` (e.g. `PENGUINS_TEST_TLS_` for the fault
    /// tests' TLS cluster, which scripts/fault-clusters starts), in `environment` (or a cluster's env file).
    public static func settings(
        prefix: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Settings {
        func value(_ suffix: String) throws -> String {
            let name = prefix + suffix
            guard let value = environment[name], !value.isEmpty else { throw NotConfigured(missing: "\(name) is not set") }
            return value
        }
        let portText = try value("PGPORT")
        guard let port = Int(portText) else { throw NotConfigured(missing: "\(prefix)PGPORT is not a number") }
        let passwordFile = try value("PGPASSWORD_FILE")
        let password = try String(contentsOfFile: passwordFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return Settings(
            host: try value("PGHOST"), port: port, socketDirectory: try value("PGSOCKET"),
            user: try value("PGUSER"), passwordFile: passwordFile, password: Secret(password),
            superuser: try value("PGSUPERUSER"), bin: try value("PGBIN"))
    }

    /// A libpq key=value conninfo with every value single-quoted and escaped.
    public static func conninfo(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { "\($0.key)=\(quotedValue($0.value))" }.joined(separator: " ")
    }

    /// A conninfo value in single quotes, with `\` and `'` backslash-escaped as libpq expects.
    public static func quotedValue(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// An SQL identifier in double quotes, for role and database names in test setup.
    public static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
