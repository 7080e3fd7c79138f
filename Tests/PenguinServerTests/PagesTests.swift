import DataGateway
import Foundation
import PenguinJSON
import PenguinModel
import PenguinStyle
import TestSupport
import Testing

@testable import PenguinServer

/// A model trained on another formula, for the pages that must follow whatever card is served.
enum OtherModels {
    static func fitted(_ formula: String) -> (card: ModelCard, points: TrainingRows) {
        do {
            let frame = try PenguinsFixture.frame()
            let card = try LinearModel.fit(Formula(parsing: formula), to: frame).card(gatewayVersion: "test")
            return (card, TrainingRows(frame: frame, formula: card.formula))
        } catch {
            fatalError("cannot fit \(formula) to the fixture: \(error)")
        }
    }

    static let flipperAndSpecies = fitted("body_mass_g ~ flipper_length_mm + species")

    static func server(_ model: (card: ModelCard, points: TrainingRows)) -> TestServer {
        var server = TestServer()
        server.card = model.card
        server.points = model.points
        return server
    }
}

/// The app and docs pages as HTML, before any browser: inputs from the served card, server-rendered
/// docs, examples for any formula, and a policy that allows only the page's own inline code.
@Suite struct PagesTests {
    /// The page's inline `<script>` (not the JSON data block) and `<style>` texts, verbatim.
    static func inlineBlocks(_ html: String) -> (scripts: [String], styles: [String]) {
        let scripts = html.matches(of: /<script>(.*?)<\/script>/.dotMatchesNewlines()).map { String($0.output.1) }
        let styles = html.matches(of: /<style>(.*?)<\/style>/.dotMatchesNewlines()).map { String($0.output.1) }
        return (scripts, styles)
    }

    /// The app's configuration block, parsed.
    static func configuration(_ html: String) throws -> JSONValue {
        let block = try #require(html.firstMatch(of: /<script type="application\/json" id="penguins-configuration">(.*?)<\/script>/))
        return try JSONValue.parse(Data(block.output.1.utf8))
    }

    @Test func appInputsComeFromTheServedCardsTerms() async throws {
        try await OtherModels.server(OtherModels.flipperAndSpecies).run { client in
            let page = try await client.get("/").text
            #expect(page.contains(#"<input type="range" id="input-flipper_length_mm" name="flipper_length_mm" min="170" max="235" step="1""#))
            #expect(page.contains(#"<select id="input-species" name="species"><option value="Adelie">"#))
            #expect(page.components(separatedBy: "<option ").count - 1 == 3)
            #expect(!page.contains("input-sex") && !page.contains("input-bill_length_mm"), "no input for a term the model lacks")
            #expect(page.contains("Body mass against flipper length"))
            let configuration = try Self.configuration(page)
            #expect(configuration["x"]?.string == "flipper_length_mm")
            #expect(configuration["lines"]?.string == "species")
            #expect(configuration["rows"]?["count"]?.number == 342, "every row with flipper length, mass and species")
        }
    }

    @Test func labsModelKeepsTheLabsInputsAndDefaults() async throws {
        try await TestServer().run { client in
            let page = try await client.get("/").text
            #expect(page.contains(#"id="input-bill_length_mm" name="bill_length_mm" min="30" max="60" step="0.1" value="45""#))
            #expect(page.contains(#"<option value="Gentoo" selected>"#))
            #expect(page.contains(#"<option value="male" selected>"#))
            #expect(page.contains("Predicted body mass (g)"))
        }
    }

    @Test func aModelWithoutANumericTermSaysWhyItDrawsNoLines() async throws {
        try await OtherModels.server(OtherModels.fitted("body_mass_g ~ species + sex")).run { client in
            let page = try await client.get("/").text
            #expect(!page.contains(#"<svg id="chart""#), "no empty chart")
            #expect(page.contains("no numeric input, so there is no line to draw"), "the page says why, even without its script")
            let configuration = try Self.configuration(page)
            #expect(configuration["x"] == JSONValue.null)
            #expect(configuration["chartNote"]?.string?.contains("no numeric input") == true)
        }
    }

    @Test func withAPIKeysTheAppAsksForOneInsteadOfPredicting() async throws {
        var server = TestServer()
        server.keys = [Secret(AuthTests.freshKey())]
        try await server.run { client in
            let page = try await client.get("/").text
            #expect(page.contains(#"<div id="key-row">"#), "the key field is shown")
            #expect(try Self.configuration(page)["authRequired"] == true)
        }
    }

    @Test func appDrawsSpeciesInTheSharedStyle() async throws {
        try await TestServer().run { client in
            let species = try #require(try Self.configuration(try await client.get("/").text)["species"])
            for (name, style) in SpeciesStyle.known {
                #expect(species[name]?["colour"]?.string == style.colour, "\(name)")
                #expect(species[name]?["marker"]?.string == style.marker.pathData(radius: 1), "\(name)")
            }
        }
    }

    @Test(arguments: ["/", "/docs"])
    func pagesRunOnlyTheirOwnInlineCodeByHash(path: String) async throws {
        try await TestServer().run { client in
            let reply = try await client.get(path)
            let policy = try #require(reply.headers[.contentSecurityPolicy])
            #expect(!policy.contains("unsafe-inline"), "\(policy)")
            #expect(!policy.contains("unsafe-eval"))
            let (scripts, styles) = Self.inlineBlocks(reply.text)
            #expect(scripts.count == 1 && styles.count == 1)
            for block in scripts + styles {
                #expect(policy.contains(ContentSecurityPolicy.hash(block)), "a block of \(path) is not allowed by its hash")
            }
            #expect(!reply.text.contains(" style=\""), "a style attribute would need 'unsafe-inline'")
        }
    }

    @Test func docsAreRenderedOnTheServer() async throws {
        try await TestServer().run { client in
            let page = try await client.get("/docs").text
            let visible = page.replacingOccurrences(of: #"<script>.*?</script>"#, with: "", options: .regularExpression)
            for endpoint in Endpoint.allCases {
                #expect(visible.contains(#"<span class="path">\#(endpoint.path)</span>"#), "\(endpoint.path)")
            }
            #expect(visible.contains("Predict body mass (g)"))
            #expect(visible.contains("&quot;bill_length_mm&quot; : 45"), "the example record is in the try-it form")
            #expect(visible.components(separatedBy: #"<form id="try-form""#).count == 2, "one try-it form, on /predict")
            #expect(visible.contains(#"<textarea id="try-body""#))
            #expect(visible.contains(#"id="try-send" disabled"#) && visible.contains("curl -s -X POST"), "without a script: the curl command")
            #expect(!visible.contains("Loading"))
        }
    }

    @Test(arguments: [
        "body_mass_g ~ bill_length_mm + species + sex", "body_mass_g ~ flipper_length_mm + species", "body_mass_g ~ flipper_length_mm",
        "body_mass_g ~ bill_depth_mm + island + year",
    ])
    func openAPIExamplesAreValidDistinctRecordsForTheModel(formula: String) async throws {
        try await OtherModels.server(OtherModels.fitted(formula)).run { client in
            let document = try #require(try await client.get("/openapi.json").json)
            let checker = OpenAPIChecker(document: document)
            let media = try #require(document["paths"]?["/predict"]?["post"]?["requestBody"]?["content"]?["application/json"])
            guard case .object(let examples)? = media["examples"] else { Issue.record("no examples"); return }
            var records: [JSONValue] = []
            var predictions: [Double] = []
            for (name, example) in examples.sorted(by: { $0.key < $1.key }) {
                let value = try #require(example["value"])
                #expect(checker.validate(value, against: try #require(media["schema"]), at: name).isEmpty, "\(name)")
                let reply = try await client.post("/predict", String(decoding: value.encoded(), as: UTF8.self))
                #expect(reply.status == .ok, "example \(name) must be accepted: \(reply.text)")
                if name != "batch" {
                    records.append(value.array?.first ?? value)
                    predictions += reply["predict"]?.array?.compactMap(\.number) ?? []
                }
            }
            #expect(Set(records).count == records.count, "examples repeat a record: \(records)")
            #expect(Set(predictions).count == predictions.count, "examples predict the same: \(predictions)")
        }
    }
}
