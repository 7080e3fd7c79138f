import DataGateway
import Foundation
import TestSupport
import Testing

@testable import PenguinModel

/// Issue 11 §1, as properties over hostile text: quotes, backslashes, NUL, combining marks, prepend marks
/// (U+0600, and U+0D4E, which is a letter), U+200D, bidirectional overrides, lone surrogate escapes that
/// arrive from JSON, and random scalars.
///
/// At least 10,000 cases per property and engine; `PENGUINS_FUZZ_ITERATIONS` raises it (100,000 with
/// `PENGUINS_SLOW_TESTS=1`, as `scripts/test` runs it).
@Suite("Levels as SQL: fuzzed on both engines")
struct LevelBindingFuzzTests {
    static var cases: Int { max(10_000, FuzzHarness.iterations) }
    static let batch = 50

    @Test("A level bound by the compiler selects back exactly, byte for byte", arguments: DatabaseKind.allCases)
    func boundLevelsSelectBackExactly(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { test in
            await FuzzHarness.run("bound level (\(kind))", count: Self.cases / Self.batch) { generator, watchdog in
                var values = (0..<Self.batch).map { _ in generator.level() }
                // Postgres text cannot hold NUL: binding one is refused with a clear error, never truncated.
                if kind == .postgres {
                    for value in values where value.utf8.contains(0) {
                        do {
                            _ = try test.database.query("SELECT $1 AS v", [.text(value)])
                            return FuzzHarness.Failure("a NUL was accepted by Postgres", input: value)
                        } catch {
                            guard (error as? DatabaseError)?.kind == .invalidInput else { return FuzzHarness.Failure("NUL gave \(error)", input: value) }
                        }
                    }
                    values.removeAll { $0.utf8.contains(0) }
                }
                var bindings = SQLBindings()
                // CAST, because Postgres cannot infer the type of a bare `SELECT $1`.
                let selections = values.enumerated().map { "CAST(\(bindings.placeholder(for: .text($1))) AS TEXT) AS v\($0)" }
                guard !selections.isEmpty else { return nil }
                let frame: Frame
                do {
                    frame = try await watchdog.watch(values.joined(separator: " | ")) {
                        try test.database.query("SELECT \(selections.joined(separator: ", "))", bindings.values)
                    }
                } catch {
                    return FuzzHarness.Failure("SELECT failed: \(error)", input: values.joined(separator: " | "))
                }
                for (index, value) in values.enumerated() {
                    let back = (try? frame.column("v\(index)").string(0)) ?? nil
                    guard let back, Array(back.utf8) == Array(value.utf8) else {
                        return FuzzHarness.Failure("selected back \(String(describing: back).debugDescription)", input: value)
                    }
                }
                return nil
            }
        }
    }

    @Test("Compiled scoring SQL scores exactly the rows, and the values, that the in-process path scores",
          arguments: DatabaseKind.allCases)
    func compiledScoringAgreesWithInProcess(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { test in
            try test.database.execute("CREATE TABLE fuzz_rows (id INTEGER PRIMARY KEY, g TEXT)")
            // A throwaway file: thousands of rounds need not each wait for the disk.
            if kind == .sqlite { try test.database.execute("PRAGMA synchronous = OFF") }
            let table = try SQLIdentifier("fuzz_rows")
            let columns = try [SQLIdentifier("id"), SQLIdentifier("g")]
            // Each round scores about ten rows.
            await FuzzHarness.run("compiled scoring (\(kind))", count: Self.cases / 10) { generator, watchdog in
                let candidates = (0..<Int.random(in: 2...6, using: &generator)).map { _ in generator.level() }
                let encoding: DesignEncoding
                do {
                    encoding = try DesignEncoding(response: "y", terms: [.categorical("g", levels: candidates)])
                } catch {
                    // Refused levels (Cc, Cf, one distinct level, canonically equal spellings) never reach SQL.
                    return nil
                }
                let levels = encoding.terms[0].levels
                let weights = levels.dropFirst().map { _ in Double.random(in: -1e4...1e4, using: &generator) }
                let predictor = Predictor(encoding: encoding, intercept: Double.random(in: -1e4...1e4, using: &generator), weights: weights)
                // Each level, NULL, and other hostile text that is no level (NUL aside on Postgres, which cannot store it).
                var rowValues: [String?] = levels.map(Optional.some) + [nil]
                for _ in 0..<4 {
                    let other = generator.level()
                    if !(kind == .postgres && other.utf8.contains(0)) { rowValues.append(other) }
                }
                let input = rowValues.map { $0.debugDescription }.joined(separator: ", ")
                do {
                    return try await watchdog.watch(input) { () throws -> FuzzHarness.Failure? in
                        let rows = rowValues.enumerated().map { index, value -> [SQLValue] in [.integer(Int64(index)), value.map { .text($0) } ?? .null] }
                        try test.database.transaction { () throws(DatabaseError) in
                            try test.database.execute("DELETE FROM fuzz_rows")
                            try test.database.copyIn(into: table, columns: columns, rows: rows)
                        }
                        var bindings = SQLBindings()
                        let expression = try SQLCompiler.scoringExpression(predictor, bindings: &bindings)
                        let scored = try test.database.query("SELECT id, \(expression) AS p FROM fuzz_rows ORDER BY id", bindings.values)
                        for (row, value) in rowValues.enumerated() {
                            let local = value.flatMap { try? predictor.predict(["g": .string($0)]) }
                            let remote = try scored.column("p").numeric(row)
                            switch (local, remote) {
                            case (nil, nil): continue
                            case (let local?, let remote?) where abs(local - remote) <= 1e-9 * max(1, abs(local)): continue
                            default: return FuzzHarness.Failure("row \(row): in process \(String(describing: local)), in SQL \(String(describing: remote))", input: input)
                            }
                        }
                        return nil
                    }
                } catch {
                    return FuzzHarness.Failure("\(error)", input: input)
                }
            }
        }
    }

    @Test("An identifier quoted by the compiler names exactly that column", arguments: DatabaseKind.allCases)
    func quotedIdentifiersSelectBackExactly(kind: DatabaseKind) async throws {
        try await withTestDatabase(kind) { test in
            await FuzzHarness.run("quoted identifier (\(kind))", count: Self.cases / Self.batch) { generator, watchdog in
                // Postgres truncates names at 63 bytes and cannot hold an empty one; the formula parser allows far less.
                let names = (0..<Self.batch).map { _ in generator.level() }.filter { !$0.isEmpty && $0.utf8.count <= 63 }
                var quoted: [String] = []
                for name in names {
                    do {
                        quoted.append(try SQLText.identifier(name))
                    } catch {
                        guard name.firstControlOrFormatScalar != nil else { return FuzzHarness.Failure("refused \(error)", input: name) }
                    }
                }
                let usable = names.filter { $0.firstControlOrFormatScalar == nil }
                // A frame's column names are distinct as Swift strings (canonically equal spellings are one name).
                var seen: Set<String> = []
                let pairs = zip(usable, quoted).filter { seen.insert($0.0).inserted }
                guard !pairs.isEmpty else { return nil }
                let sql = "SELECT " + pairs.enumerated().map { "\($0.offset) AS \($0.element.1)" }.joined(separator: ", ")
                do {
                    let frame = try await watchdog.watch(sql) { try test.database.query(sql) }
                    let names = frame.columns.map(\.name)
                    guard names.map({ Array($0.utf8) }) == pairs.map({ Array($0.0.utf8) }) else {
                        return FuzzHarness.Failure("columns came back as \(names)", input: sql)
                    }
                } catch {
                    return FuzzHarness.Failure("\(error)", input: sql)
                }
                return nil
            }
        }
    }
}

extension SeededGenerator {
    /// Pieces that have broken quoting somewhere, or look like they might.
    static let hostilePieces = [
        "'", "''", "\"", "\\", "\\'", "\u{0}", "\u{301}", "'\u{301}", "\u{600}'", "\u{D4E}'", "\u{200D}", "'\u{200D}",
        "\u{202E}", "\u{FEFF}", "\n", "\r\n", "\t", "a", "Z", " ", "$1", "$2", "?", "--", ";", "/*", "*/", "é", "e\u{301}",
        "👩‍🔬", "\u{FFFD}", "%s", "E'", "U&'", "$$", "\u{1F1FA}\u{1F1F8}",
    ]

    /// A hostile string: hostile pieces and random scalars, or now and then a JSON string with a lone
    /// surrogate escape as Foundation decodes it.
    mutating func level() -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...8, using: &self) {
            if chance(0.25) {
                var scalar: Unicode.Scalar?
                while scalar == nil { scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &self)) }
                text.unicodeScalars.append(scalar!)
            } else {
                text += pick(Self.hostilePieces)
            }
        }
        if chance(0.05) {
            let escaped = pick([#"\ud800"#, #"\udc00"#, #"\ud800\u0027"#, #"\udfff'"#, #"\u0000"#])
            let json = Data(("\"a" + escaped + "'\"").utf8)
            if let decoded = try? JSONDecoder().decode(String.self, from: json) { return decoded + text }
        }
        return text
    }
}
