import Foundation
import TestSupport
import Testing

@testable import DataGateway

/// Seeded fuzzing of the three parsers that take untrusted text: `DATABASE_URL`, the dotenv file and CSV
/// data migrations. Nothing may crash or hang, every rejection must be a typed error with a message, and a
/// password never shows in an error or a description.
///
/// `PENGUINS_FUZZ_ITERATIONS` inputs per target (2,000 by default; 100,000 with `PENGUINS_SLOW_TESTS=1`, as
/// `scripts/test` runs it). A failure prints `PENGUINS_FUZZ_SEED` to replay it.
@Suite("Fuzz")
struct FuzzTests {
    typealias Failure = FuzzHarness.Failure

    /// A throwaway password made at run time; unlikely to occur in any input by chance.
    private static func sentinel(_ generator: inout SeededGenerator) -> String {
        "Snt" + String(generator.next() | 1 << 63, radix: 36)
    }

    // MARK: DATABASE_URL

    @Test("DATABASE_URL: structured URIs and key=value strings never leak the password")
    func databaseURLStructured() async {
        await FuzzHarness.run("DATABASE_URL structured") { generator, watchdog in
            let sentinel = Self.sentinel(&generator)
            let text = generator.databaseURL(password: sentinel)
            let environment = generator.postgresEnvironment()
            return await watchdog.watch(text) { Self.checkParse(text, environment: environment, sentinel: sentinel) }
        }
    }

    @Test("DATABASE_URL: mutated strings are parsed or rejected with a typed error, never a crash")
    func databaseURLMutated() async {
        await FuzzHarness.run("DATABASE_URL mutated") { generator, watchdog in
            let sentinel = Self.sentinel(&generator)
            let seed = Array(generator.databaseURL(password: sentinel).utf8)
            let bytes = generator.mutate(seed, interesting: Self.urlTokens)
            let text = String(decoding: bytes, as: UTF8.self)
            let environment = generator.postgresEnvironment()
            return await watchdog.watch(text) { Self.checkParse(text, environment: environment, sentinel: nil) }
        }
    }

    private static let urlTokens: [[UInt8]] = [
        "postgresql://", "postgres://", "sqlite:", "://", "@", ":", "/", "?", "&", "=", "%", "%2F", "%zz", "%00", "[", "]",
        ",", "'", "\"", "\\", " ", "host=", "password=", "sslmode=", "?sslmode=disable", "target_session_attrs=",
        ".db", ".sqlite", "\u{0}", "\r\n", "é", "\u{FEFF}",
    ].map { Array($0.utf8) }

    /// Parses `text`. A failure must be a non-empty `SettingsError` that never holds `sentinel`. A success
    /// must not show the password libpq found, nor `sentinel`, in any rendering, except inside another option's
    /// value where the input itself put it (e.g. a mutation that turned the password into part of `dbname`).
    private static func checkParse(_ text: String, environment: [String: String], sentinel: String?) -> Failure? {
        do {
            let url = try DatabaseURL(parsing: Secret(text), environment: environment)
            var dumped = ""
            dump(url, to: &dumped)
            // dump shows the description as an escaped string literal; that part is checked as the description.
            dumped = dumped.replacingOccurrences(of: String(reflecting: url.description), with: "")
            for rendering in [url.description, "\(url)", String(reflecting: url), dumped] {
                if let secret = leakedPassword(of: url, in: rendering, sentinel: sentinel) {
                    return Failure("the password \(secret.debugDescription) shows in a rendering: \(rendering)", input: text)
                }
            }
            return nil
        } catch {
            if error.description.isEmpty { return Failure("a rejection with an empty message", input: text) }
            if let sentinel, error.description.contains(sentinel) {
                return Failure("the password shows in the error: \(error.description)", input: text)
            }
            return nil
        }
    }

    /// A secret value (any option libpq marks secret, if 8 characters or more, or `sentinel`) if `rendering` shows it anywhere but
    /// inside the value of another option.
    static func leakedPassword(of url: DatabaseURL, in rendering: String, sentinel: String?) -> String? {
        guard case .postgres(let conninfo, _) = url, let options = try? PostgresConninfo(conninfo.reveal()).options else {
            return sentinel.flatMap { rendering.contains($0) ? $0 : nil }
        }
        var secrets = [sentinel].compactMap { $0 }
        for option in options where option.isSecret && option.value.count >= 8 { secrets.append(option.value) }
        guard secrets.contains(where: { rendering.contains($0) }) else { return nil }
        // Shown somewhere: acceptable only inside another option's value, or as text of the rendering's own
        // `keyword=` labels (a password of "sslmode=" matches the label). Longest first, so a value that
        // contains a shorter one is removed whole.
        let otherValues = (options.filter { !$0.isSecret && !$0.value.isEmpty }
            .flatMap { [PostgresConninfo.quoted($0.value), $0.value] } + options.map { $0.keyword + "=" })
            .sorted { $0.count > $1.count }
        let rest = otherValues.reduce(rendering) { $0.replacingOccurrences(of: $1, with: "") }
        return secrets.first { rest.contains($0) }
    }

    // MARK: dotenv

    @Test("dotenv: random files load, or fail with a typed error naming a setting or the file")
    func dotenv() async throws {
        let directory = try TemporaryFuzzDirectory()
        defer { directory.remove() }
        // Settings.load waits on file reads, so four workers share the cores; each rewrites its own file, created
        // once with mode 600 (rewriting in place keeps the mode the gateway insists on).
        let workers = 4
        let secrets = directory.path + "/secrets"
        for worker in 0..<workers {
            _ = FileManager.default.createFile(atPath: directory.path + "/fuzz\(worker).env", contents: nil, attributes: [.posixPermissions: 0o600])
        }
        await FuzzHarness.run("dotenv", workers: workers) { [directory] generator, watchdog, worker in
            let path = directory.path + "/fuzz\(worker).env"
            let sentinel = Self.sentinel(&generator)
            var bytes = Array(generator.dotenv(password: sentinel).utf8)
            if generator.chance(0.5) { bytes = generator.mutate(bytes, interesting: Self.dotenvTokens) }
            let environment = ["PENGUINS_ENV_FILE": path, "PENGUINS_SECRETS_DIR": secrets]
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            } catch {
                return Failure("could not write the dotenv file: \(error)", bytes: bytes)
            }
            return await watchdog.watch(String(decoding: bytes, as: UTF8.self)) { () async -> FuzzHarness.Failure? in
                do {
                    let settings = try await Settings.load(environment: environment)
                    // DATABASE_URL's row of `penguins config`. Other settings are not secret and show whatever the
                    // file gave them, which after a mutation may include the password's text.
                    let shown = settings.resolved.filter { $0.key == .databaseURL }.map { "\($0.displayValue) \($0.source)" }.joined()
                    if let secret = Self.leakedPassword(of: settings.databaseURL, in: shown, sentinel: nil) {
                        return Failure("the password \(secret.debugDescription) shows in DATABASE_URL's resolved display: \(shown)", bytes: bytes)
                    }
                    return nil
                } catch {
                    guard let error = error as? SettingsError else { return Failure("an untyped rejection: \(error)", bytes: bytes) }
                    return error.description.isEmpty ? Failure("a rejection with an empty message", bytes: bytes) : nil
                }
            }
        }
    }

    private static let dotenvTokens: [[UInt8]] = [
        "=", "\n", "\r\n", "#", "\"", "'", "\\", "export ", "DATABASE_URL=", "PENGUINS_LOG_LEVEL=", "PENGUINS_HTTP_PORT=",
        "PENGUINS_MODEL_BOARD=file:", "${", "}", " ", "\t", "\u{0}", "\u{FEFF}", "é",
    ].map { Array($0.utf8) }

    // MARK: CSV

    @Test("CSV: mutated files are read or stopped at a problem with a line and a reason, never a crash")
    func csvMutated() async {
        await FuzzHarness.run("CSV mutated") { generator, watchdog in
            let table = generator.csvTable()
            let bytes = generator.mutate(Array(table.encoded(using: &generator).utf8), interesting: Self.csvTokens)
            return await watchdog.watch(String(decoding: bytes, as: UTF8.self)) { Self.checkCSV(bytes) }
        }
    }

    @Test("CSV: any table written as RFC 4180 reads back field for field, NULLs included")
    func csvRoundTrip() async {
        await FuzzHarness.run("CSV round trip") { generator, watchdog in
            let table = generator.csvTable()
            let text = table.encoded(using: &generator)
            return await watchdog.watch(text) { () -> FuzzHarness.Failure? in
                do {
                    var reader = try CSVReader(bytes: Data(text.utf8))
                    var rows: [[SQLValue]] = []
                    while let row = reader.next() { rows.append(row) }
                    if let problem = reader.problem { return Failure("a valid file was rejected: \(problem)", input: text) }
                    if reader.header != table.header { return Failure("header \(reader.header) != \(table.header)", input: text) }
                    let expected = table.rows.map { $0.map { $0.map(SQLValue.text) ?? .null } }
                    return rows == expected ? nil : Failure("read \(rows), wrote \(expected)", input: text)
                } catch {
                    return Failure("a valid file was rejected: \(error)", input: text)
                }
            }
        }
    }

    private static let csvTokens: [[UInt8]] = [",", "\"", "\"\"", "\n", "\r", "\r\n", "NA", "\u{FEFF}", "\u{0}", "é"].map { Array($0.utf8) }

    private static func checkCSV(_ bytes: [UInt8]) -> FuzzHarness.Failure? {
        // The reader ends a record at LF, CRLF or a lone CR, and counts each as a line.
        let lines = bytes.filter { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }.count + 1
        do {
            var reader = try CSVReader(bytes: Data(bytes))
            var count = 0
            while let row = reader.next() {
                guard row.count == reader.header.count else { return Failure("a record of \(row.count) fields passed", bytes: bytes) }
                count += 1
                guard count <= bytes.count else { return Failure("more records than bytes", bytes: bytes) }
            }
            if let problem = reader.problem, problem.reason.isEmpty || !(1...lines).contains(problem.line) {
                return Failure("a problem without a reason or with line \(problem.line) of \(lines)", bytes: bytes)
            }
            return nil
        } catch {
            return error.reason.isEmpty || !(1...lines).contains(error.line)
                ? Failure("a header problem without a reason or with line \(error.line)", bytes: bytes) : nil
        }
    }
}

/// A table of optional text fields (nil is NULL) for the CSV targets.
struct FuzzTable {
    var header: [String]
    var rows: [[String?]]

    /// RFC 4180 text: a field is quoted when it must be (separators, quotes, line ends, a leading BOM) or when
    /// quoting keeps it text (empty or `NA`); NULL is an empty unquoted field. Every record ends with LF or CRLF.
    func encoded(using generator: inout SeededGenerator) -> String {
        let end = generator.chance(0.5) ? "\n" : "\r\n"
        func field(_ value: String?) -> String {
            guard let value else { return "" }
            let mustQuote = value.isEmpty || value == "NA" || value.unicodeScalars.contains { ",\"\n\r".unicodeScalars.contains($0) }
            return mustQuote ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        var text = generator.chance(0.2) ? "\u{FEFF}" : ""
        text += header.map { field($0) }.joined(separator: ",") + end
        for row in rows { text += row.map(field).joined(separator: ",") + end }
        return text
    }
}

extension SeededGenerator {
    private static let junk = ["\"", "'", "\\", " ", "%", "%2", "%zz", "%41", "%00", "=", "&", ":", "é", "😀", "\t", "$", "{", "}", ";"]
    private static let word = (Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")).map(String.init)

    mutating func word(_ maximum: Int = 12) -> String { string(from: Self.word, count: Int.random(in: 0...maximum, using: &self)) }

    /// A word with occasional junk characters mixed in.
    mutating func junkyWord() -> String {
        (0..<Int.random(in: 0...3, using: &self)).map { _ in chance(0.3) ? pick(Self.junk) : word(6) }.joined()
    }

    /// The sentinel with junk around it, as a user might mistype it (raw quotes, bad escapes, spaces), or
    /// percent-encoded as a URI should carry it.
    private mutating func passwordText(_ sentinel: String, inURI: Bool) -> String {
        let raw = (chance(0.5) ? junkyWord() : "") + sentinel + (chance(0.5) ? junkyWord() : "")
        guard inURI, chance(0.5) else { return raw }
        return raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? raw
    }

    /// A Postgres URI or key=value string whose password is `sentinel` (possibly with junk around it), with
    /// random hosts, ports, databases and parameters, some of them malformed.
    mutating func databaseURL(password sentinel: String) -> String {
        let hosts = ["localhost", "127.0.0.1", "db.example.com", "[::1]", "[fe80::1%25eth0]", "%2Fvar%2Frun%2Fpostgresql", "", "10.0.0.7"]
        let keys = ["sslmode", "target_session_attrs", "connect_timeout", "application_name", "options", "host", "port", "bogus", ""]
        let values = ["disable", "require", "verify-full", "read-write", "prefer-standby", "any", "10", "-1", "99999999999"]
        func value() -> String { chance(0.6) ? pick(values) : junkyWord() }
        if chance(0.7) {
            var text = pick(["postgresql://", "postgres://", "postgresql://", "postgres://", "postgresql:", "POSTGRESQL://", "mysql://"])
            if chance(0.9) {
                text += junkyWord()
                if chance(0.9) { text += ":" + passwordText(sentinel, inURI: true) }
                text += "@"
            }
            text += (0..<Int.random(in: 1...3, using: &self)).map { _ in
                (chance(0.8) ? pick(hosts) : junkyWord()) + (chance(0.5) ? ":" + (chance(0.8) ? String(Int.random(in: 0...70_000, using: &self)) : junkyWord()) : "")
            }.joined(separator: ",")
            if chance(0.8) { text += "/" + junkyWord() }
            var parameters = (0..<Int.random(in: 0...3, using: &self)).map { _ in pick(keys) + "=" + value() }
            if chance(0.15) { parameters.append("password=" + passwordText(sentinel, inURI: true)) }
            if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
            return text
        }
        var pairs = (0..<Int.random(in: 0...3, using: &self)).map { _ in
            pick(["host", "port", "dbname", "user", "sslmode", "target_session_attrs", "hostaddr", "bogus"]) + "=" + (chance(0.7) ? pick(hosts + values) : junkyWord())
        }
        let password = passwordText(sentinel, inURI: false)
        let quoted = "'" + password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        pairs.insert("password" + pick(["=", " = ", "="]) + (chance(0.7) ? quoted : password), at: Int.random(in: 0...pairs.count, using: &self))
        return pairs.joined(separator: pick([" ", " ", "  ", "\t"]))
    }

    /// libpq's variables that change how the URL is read.
    mutating func postgresEnvironment() -> [String: String] {
        var environment: [String: String] = [:]
        if chance(0.2) { environment["PGSSLMODE"] = pick(["disable", "require", "verify-full", ""]) }
        if chance(0.2) { environment["PGHOST"] = pick(["localhost", "db.example.com", "/tmp", ""]) }
        return environment
    }

    /// A dotenv file with settings the gateway knows, unknown ones, comments, quoting and blank lines.
    mutating func dotenv(password sentinel: String) -> String {
        let names = SettingKey.allCases.map(\.environmentName) + ["OTHER", "PGSSLMODE", "lower_case", ""]
        var lines: [String] = []
        for _ in 0..<Int.random(in: 0...8, using: &self) {
            switch Int.random(in: 0..<10, using: &self) {
            case 0: lines.append("# " + junkyWord())
            case 1: lines.append("")
            case 2: lines.append("DATABASE_URL=" + databaseURL(password: sentinel))
            case 3: lines.append("DATABASE_URL=\"" + databaseURL(password: sentinel) + "\"")
            default:
                let name = pick(names)
                let value = chance(0.5) ? word() : junkyWord()
                lines.append((chance(0.1) ? "export " : "") + name + pick(["=", " = ", "="]) + pick(["", "\"", "'"]) + value + pick(["", "\"", "'"]))
            }
        }
        return lines.joined(separator: pick(["\n", "\r\n"])) + (chance(0.5) ? "\n" : "")
    }

    /// A random table: 1–5 columns with non-empty names, 0–6 rows of text with separators, quotes, line
    /// ends, `NA`, empty strings and NULLs.
    mutating func csvTable() -> FuzzTable {
        let pieces = ["a", "Adelie", "39.1", ",", "\"", "\n", "\r\n", "\r", " ", "NA", "é", "😀", "x,y", "\"\"", "\u{FEFF}"]
        func text() -> String { string(from: pieces, count: Int.random(in: 0...4, using: &self)) }
        let columns = Int.random(in: 1...5, using: &self)
        let header = (0..<columns).map { index in "c\(index)" + (chance(0.3) ? text() : "") }
        let rows = (0..<Int.random(in: 0...6, using: &self)).map { _ in
            (0..<columns).map { _ in chance(0.15) ? nil : text() }
        }
        return FuzzTable(header: header, rows: rows)
    }
}

/// A scratch directory for the dotenv target, with an empty secrets directory beside the file.
struct TemporaryFuzzDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "penguins-fuzz-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/secrets", withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
