import DataGateway
import Foundation
import TestSupport
import Testing

@testable import PenguinModel

/// Issue 11 §1: a model card from a board is untrusted input. Its levels never become SQL text, and it is
/// decoded strictly before any of it reaches SQL, a page or a log.
@Suite("Untrusted model cards")
struct UntrustedCardTests {
    /// Closes the literal with a quote that a grapheme prepend (U+0D4E, a letter) swallows into one
    /// `Character`, and opens the next with a quote a combining mark swallows: escaping on `Character`s
    /// doubles neither, so the CASE branch became `"species" = 'X…' OR 1=1 OR '…' = '…'`.
    static let graphemeInjection = "X\u{D4E}' OR 1=1 OR '\u{301}\u{D4E}' = '\u{301}"

    private func labsCard(_ database: any Database) throws -> ModelCard {
        try LinearModel.fit(.penguins, to: database.readFrame("SELECT * FROM penguins ORDER BY id")).card(gatewayVersion: "test")
    }

    /// The card's JSON with `transform` applied to its object, decoded again.
    private func edited(_ card: ModelCard, _ transform: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: card.jsonData()) as? [String: Any])
        transform(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// The labs card with level Gentoo renamed to `level` everywhere it appears.
    private func renamingGentoo(_ card: ModelCard, to level: String) throws -> Data {
        try edited(card) { object in
            var terms = object["terms"] as! [[String: Any]]
            terms[1]["levels"] = ["Adelie", "Chinstrap", level]
            object["terms"] = terms
            object["feature_names"] = ["bill_length_mm", "species_Chinstrap", "species_\(level)", "sex_male"]
            var profile = object["profile"] as! [String: Any]
            var features = profile["features"] as! [[String: Any]]
            features[1]["levels"] = ["Adelie", "Chinstrap", level]
            profile["features"] = features
            object["profile"] = profile
            for key in ["coefficients", "standard_errors"] {
                var values = object[key] as! [String: Any]
                values["species_\(level)"] = values.removeValue(forKey: "species_Gentoo")
                object[key] = values
            }
        }
    }

    @Test("A level that ends its literal through a merged grapheme cannot change which rows in-database scoring writes",
          arguments: DatabaseKind.allCases)
    func graphemeMergedQuoteCannotInject(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let card = try ModelCard(jsonData: renamingGentoo(try labsCard(test.database), to: Self.graphemeInjection))
            let written = try ModelScoring(card: card, into: SQLIdentifier("penguin_predictions")).scoreInDatabase(on: test.database)
            let scorable = try test.database.query(
                "SELECT count(*) AS n FROM penguins WHERE species IN ('Adelie', 'Chinstrap') AND bill_length_mm IS NOT NULL AND sex IS NOT NULL")
            // Gentoo is no longer a level of this card: its rows score NULL and are not written.
            #expect(Double(written) == (try scorable.column("n").numeric(0)))
            #expect(written < 333)
        }
    }

    @Test("A card is refused, naming its version and the field, when any part of it is not acceptable input")
    func strictDecoding() throws {
        let card = try ModelCard(jsonData: try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "t").jsonData())
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("control or format character U+000A", { o in var t = o["terms"] as! [[String: Any]]; t[2]["levels"] = ["female", "ma\nle"]; o["terms"] = t }),
            ("U+202E", { $0["name"] = "model\u{202E}evil" }),
            ("longer than 1000 bytes", { $0["gateway_version"] = String(repeating: "v", count: 1_001) }),
            ("beyond the feature names", { o in var c = o["coefficients"] as! [String: Any]; c["extra"] = 1.0; o["coefficients"] = c }),
            ("lacks a value", { o in var c = o["standard_errors"] as! [String: Any]; c.removeValue(forKey: "sex_male"); o["standard_errors"] = c }),
            ("negative count", { $0["dropped_rows"] = -1 }),
            ("data_fingerprint", { $0["data_fingerprint"] = "<script>" }),
            ("do not match the terms", { $0["feature_names"] = ["bill_length_mm"] }),
        ]
        for (expected, transform) in cases {
            let error = #expect(throws: ModelCardError.self, "\(expected)") { try ModelCard(jsonData: edited(card, transform)) }
            let message = try #require(error?.description)
            #expect(message.contains(card.version) && message.contains(expected), "\(message)")
        }
        let version = #expect(throws: ModelCardError.self) { try ModelCard(jsonData: edited(card) { $0["version"] = "<b>\n" }) }
        #expect(version?.description.contains(#""<b>\n""#) == true)
    }

    @Test("A file board entry that is a link to a device, or a FIFO, is refused at once, never read")
    func fileBoardReadsOnlyRegularFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createSymbolicLink(atPath: directory.file("20260101T000000Z-00000000.json"), withDestinationPath: "/dev/zero")
        let board = FileModelBoard(directory: directory.path)
        let device = #expect(throws: BoardError.self) { try board.list() }
        #expect(device?.description.hasSuffix("20260101T000000Z-00000000.json: it is not a regular file") == true)
        try FileManager.default.removeItem(atPath: directory.file("20260101T000000Z-00000000.json"))
        #expect(mkfifo(directory.file("20260101T000000Z-00000001.json"), 0o600) == 0)
        let fifo = #expect(throws: BoardError.self) { try board.list() }
        #expect(fifo?.description.contains("it is not a regular file") == true)
    }

    @Test("Numbers JSON cannot hold and lone surrogate escapes are refused or arrive as valid text")
    func jsonEdgeCases() throws {
        let card = try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "t")
        let text = String(decoding: try card.jsonData(prettyPrinted: false), as: UTF8.self)
        let huge = text.replacingOccurrences(of: #""(Intercept)":2169"#, with: #""(Intercept)":1e999,"x":2169"#)
        #expect(throws: ModelCardError.self) { try ModelCard(jsonData: Data(huge.utf8)) }
        for escape in [#"\ud800"#, #"\udc00'"#, #"\ud800\u0027"#] {
            let surrogate = text.replacingOccurrences(of: #""levels":["female","male"]"#, with: #""levels":["female","\#(escape)"]"#)
            // Refused (the initializer throws only ModelCardError), or whatever Foundation made of it is valid
            // Unicode with no control or format character.
            if let decoded = try? ModelCard(jsonData: Data(surrogate.utf8)) {
                #expect(decoded.terms[2].levels.allSatisfy { $0.firstControlOrFormatScalar == nil })
            }
        }
    }
}
