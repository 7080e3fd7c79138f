import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PenguinJSON
import PenguinModel
import TestSupport
import Testing

@testable import PenguinServer

/// Seeded fuzzing of `/predict`'s body decoder and validator: mutated valid bodies in both record shapes,
/// as arrays and bare objects; random JSON; deep nesting; huge numbers and `NaN`/`Infinity` tokens; unicode;
/// truncated bodies; batches around the 10,000-record limit. Nothing may crash or hang, nothing may be a 5xx,
/// and every rejection is a 4xx with a non-empty `error` and a `field`. An unmutated valid body must be
/// answered, with the model's own prediction for each record.
///
/// The first target calls what the route calls (``PredictionBatch``, its predictions and the response body)
/// `PENGUINS_FUZZ_ITERATIONS` times; the second sends one in 50 as many through the real router, where the
/// body limit, the error middleware and the OpenAPI contract apply too. Two models: the labs' one, and one
/// with a measurement that has no plausible range (`year`), so huge finite inputs reach the arithmetic.
@Suite("Fuzz /predict")
struct PredictFuzzTests {
    typealias Failure = FuzzHarness.Failure

    static let labsCard = TestModel.fitted.card
    /// `year` has no plausible range, so a huge finite year reaches the model's arithmetic.
    static let unboundedCard: ModelCard = {
        do {
            let formula = try Formula(parsing: "body_mass_g ~ year + bill_length_mm + island")
            return try LinearModel.fit(formula, to: try PenguinsFixture.frame()).card(gatewayVersion: "test")
        } catch {
            fatalError("cannot fit the fuzz model: \(error)")
        }
    }()
    static let labs = FeatureRowReader(predictor: predictor(labsCard))
    static let unbounded = FeatureRowReader(predictor: predictor(unboundedCard))

    private static func predictor(_ card: ModelCard) -> Predictor {
        do { return try Predictor(card: card) } catch { fatalError("the fixture card does not load: \(error)") }
    }

    @Test("/predict body: decoded and validated in process; no crash, hang or 5xx, every rejection a 4xx naming a field")
    func decoder() async {
        await FuzzHarness.run("/predict body") { generator, watchdog in
            let reader = generator.chance(0.75) ? Self.labs : Self.unbounded
            let body = generator.predictBody(for: reader.predictor)
            return await watchdog.watch(Self.describe(body.bytes)) { Self.check(body, reader: reader) }
        }
    }

    @Test("/predict body through the router: no 5xx; every answer is the documented shape")
    func router() async throws {
        let count = max(20, FuzzHarness.iterations / 50)
        for (name, card) in [("labs", Self.labsCard), ("unbounded", Self.unboundedCard)] {
            let predictor = Self.predictor(card)
            try await TestServer(card: card).application().test(.router) { client in
                let document = try await client.execute(uri: "/openapi.json", method: .get) { try JSONValue.parse(Data($0.body.readableBytesView)) }
                let checker = OpenAPIChecker(document: document)
                try await FuzzHarness.run("/predict router (\(name) model)", count: count) { generator, watchdog in
                    let body = generator.predictBody(for: predictor)
                    let reply = try await watchdog.watch(Self.describe(body.bytes)) {
                        let response = try await client.execute(uri: "/predict", method: .post, body: ByteBuffer(bytes: body.bytes))
                        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
                    }
                    return Self.check(reply, body: body, checker: checker, exactSchema: name == "labs")
                }
            }
        }
    }

    /// What the route does after reading the body, judged; and the feature-row reader held to the tree path.
    static func check(_ body: PredictBody, reader: FeatureRowReader) -> Failure? {
        let input = describe(body.bytes)
        let data = Data(body.bytes)
        if let fast = data.withUnsafeBytes({ reader.predictions(in: $0, maxRecords: 10_000) }) {
            let tree = Result { () throws(APIError) in try PredictionBatch(tree: data, predictor: reader.predictor, maxRecords: 10_000).predictions }
            guard case .success(let slow) = tree, slow.elementsEqual(fast, by: { $0.bitPattern == $1.bitPattern }) else {
                return Failure("the feature-row reader predicted \(fast.prefix(3)); the tree path gives \(tree)", input: input)
            }
        }
        do {
            let predictions = try PredictionBatch(body: ByteBuffer(bytes: body.bytes), reader: reader, maxRecords: 10_000).predictions
            guard !predictions.isEmpty else { return Failure("no predictions and no error", input: input) }
            // The response encoder cannot write a non-finite number; the route would trap on it.
            guard predictions.allSatisfy(\.isFinite) else {
                return Failure("accepted, with a non-finite prediction \(predictions.first { !$0.isFinite }!)", input: input)
            }
            guard case .object(let fields)? = try? JSONValue.parse(Data(buffer: PredictionBatch.responseBody(predictions))),
                case .array(let items)? = fields["predict"], items.count == predictions.count
            else { return Failure("the response body is not {\"predict\": [...]}", input: input) }
            if let expected = body.expected, expected != predictions {
                return Failure("predicted \(predictions.prefix(3)), the model says \(expected.prefix(3))", input: input)
            }
            return nil
        } catch {
            if body.expected != nil { return Failure("a valid body was rejected: \(error.status.code) \(error.message)", input: input) }
            guard (400..<500).contains(Int(error.status.code)) else {
                return Failure("status \(error.status.code) (\(error.message))", input: input)
            }
            guard !error.message.isEmpty, !error.field.isEmpty else {
                return Failure("a rejection without a message or a field: \(error)", input: input)
            }
            return nil
        }
    }

    /// A reply of the real router, judged. With `exactSchema`, the published request schema must also say of every
    /// body that is JSON what the server did: valid exactly when answered 200. (The unbounded model's overflow,
    /// a 422 for a huge but schema-valid year, is the one thing a schema of ranges cannot say.)
    static func check(_ reply: Reply, body: PredictBody, checker: OpenAPIChecker, exactSchema: Bool) -> Failure? {
        let input = describe(body.bytes)
        let code = Int(reply.status.code)
        guard code < 500 else { return Failure("status \(code): \(reply.text)", input: input) }
        let problems = checker.problems(path: "/predict", method: .post, reply: reply)
        guard problems.isEmpty else { return Failure("\(code) does not conform to /openapi.json: \(problems)", input: input) }
        if exactSchema, body.bytes.count <= TestServer().maxBodyBytes, let sent = try? JSONValue.parse(Data(body.bytes)) {
            let valid = checker.validate(sent, against: ["$ref": "#/components/schemas/PredictRequest"], at: "request").isEmpty
            if valid != (code == 200) {
                return Failure("the schema calls the body \(valid ? "valid" : "invalid"), /predict answered \(code): \(reply.text.prefix(300))", input: input)
            }
        }
        if code == 200 {
            guard case .array(let items)? = reply["predict"], !items.isEmpty else { return Failure("200 without predictions: \(reply.text)", input: input) }
            if let expected = body.expected, items.compactMap(\.number) != expected {
                return Failure("predicted \(reply.text.prefix(200)), the model says \(expected.prefix(3))", input: input)
            }
            return nil
        }
        // A valid batch near the record limit can still be over the 1 MiB body limit, which is then its fault.
        let tooLarge = code == 413 && body.bytes.count > TestServer().maxBodyBytes
        if body.expected != nil, !tooLarge { return Failure("a valid body was rejected: \(code) \(reply.text)", input: input) }
        guard (400..<500).contains(code) else { return Failure("status \(code)", input: input) }
        guard let message = reply["error"]?.string, !message.isEmpty, let field = reply["field"]?.string, !field.isEmpty else {
            return Failure("\(code) without a non-empty error and field: \(reply.text)", input: input)
        }
        return nil
    }

    /// The input as text, cut short: a 1 MiB body would drown the report, and the seed replays it anyway.
    static func describe(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(1_000), as: UTF8.self)
        return bytes.count > 1_000 ? text + "… (\(bytes.count) bytes)" : text
    }
}

/// A generated `/predict` body, and the model's predictions when it is an unmutated valid one.
struct PredictBody: Sendable {
    var bytes: [UInt8]
    var expected: [Double]?
}

extension SeededGenerator {
    /// JSON texts that stress number parsing, strings and types, put where a value goes.
    private static let oddValues = [
        "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "inf", "1e999", "-1e999", "1e308", "1.7976931348623157e308",
        "-1.7976931348623157e308", "4.9e-324", "1e-400", "-0", "-0.0", "0", "1", "2", "0.5", "-45", "45e0", "4.5E1", "0x2D",
        "045", "45.", ".45", "1_000", String(repeating: "9", count: 400), "0." + String(repeating: "0", count: 500) + "1",
        "123456789012345678901234567890", "9007199254740993", "\"45\"", "\"\"", "\"NaN\"", "null", "true", "false", "[]", "{}",
        "[45]", "{\"value\":45}", "\"Gentoo\"", "\"gentoo\"", "\" Gentoo\"", "\"Gentoo\\u0000\"", "\"\\ud800\"", "\"\\uDFFF\\uD800\"",
        "\"🐧\"", "\"Ge\\u006etoo\"", "\"male\"", "\"MALE\"", "\"female\"", "\"é\"", "\"Chinstrap\"", "\"Adelie\"", "\"Adélie\"",
        "\"\\\"\"", "'Gentoo'", "Gentoo", "\"" + String(repeating: "x", count: 5_000) + "\"",
    ]

    private static let oddKeys = [
        "island", "Species", "SPECIES", "species ", "", "\\u0073pecies", "species_", "species_Emperor", "species_gentoo",
        "sex_female", "sex_", "bill_length", "bill_length_mm\\u0000", "🐧", "__proto__", "constructor", "id", "body_mass_g",
    ]

    private static let jsonTokens: [[UInt8]] = [
        "[", "]", "{", "}", ",", ":", "\"", "\\", "\\u", "\\ud83d", "null", "true", "NaN", "Infinity", "-", "e", "E", "1e999",
        ".", "0", " ", "\n", "\t", "\u{0}", "\u{FEFF}", "é", "🐧", "//", "/*", "'",
    ].map { Array($0.utf8) }

    /// A body for `predictor`'s model: mostly valid records mutated a little, sometimes random or pathological JSON.
    mutating func predictBody(for predictor: Predictor) -> PredictBody {
        let encoding = predictor.encoding
        let roll = Double.random(in: 0..<1, using: &self)
        // A huge batch costs seconds in a debug build: about 5 in 100,000 inputs.
        if roll < 0.00005 { return hugeBatch(for: predictor) }
        if roll < 0.01 { return PredictBody(bytes: Array(deeplyNested(for: encoding).utf8)) }
        if roll < 0.08 { return PredictBody(bytes: Array(randomJSON(depth: 4).utf8)) }

        let isArray = chance(0.7)
        let count = isArray ? pick([0, 1, 1, 1, 2, 3, 5]) : 1
        var records: [[(key: String, value: String)]] = []
        var expected: [Double] = []
        for _ in 0..<count {
            let (record, natural) = validRecord(for: encoding)
            records.append(record)
            expected.append(try! predictor.predict(natural))
        }
        var mutated = count == 0
        // Structural mutations: a field's value, a field dropped, added, doubled, or the shapes mixed.
        if !records.isEmpty, chance(0.6) {
            mutated = true
            for _ in 0..<Int.random(in: 1...3, using: &self) {
                let index = Int.random(in: 0..<records.count, using: &self)
                guard !records[index].isEmpty else { continue }
                let field = Int.random(in: 0..<records[index].count, using: &self)
                switch Int.random(in: 0..<6, using: &self) {
                case 0, 1: records[index][field].value = pick(Self.oddValues)
                case 2: records[index].remove(at: field)
                case 3: records[index].append((pick(Self.oddKeys + encoding.terms.map(\.name) + encoding.featureNames), pick(Self.oddValues)))
                case 4: records[index].append((records[index][field].key, pick(Self.oddValues)))
                default: records[index][field].value = randomJSON(depth: 2)
                }
            }
        }
        let space = pick(["", "", " ", "\n  ", "\t"])
        func object(_ record: [(key: String, value: String)]) -> String {
            "{" + space + record.map { "\"\($0.key)\":" + space + $0.value }.joined(separator: "," + space) + space + "}"
        }
        var text = isArray ? "[" + records.map(object).joined(separator: "," + space) + "]" : object(records[0])
        if chance(0.05) {
            mutated = true
            text = pick(["\u{FEFF}", " ", "\n", "\0", "[", "{"]) + text + pick(["", " ", "\n", "]", "}", ",", "\0", "x"])
        }
        var bytes = Array(text.utf8)
        if chance(0.25) {
            mutated = true
            bytes = mutate(bytes, interesting: Self.jsonTokens)
        }
        if chance(0.08), !bytes.isEmpty {
            mutated = true
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &self)))
        }
        return PredictBody(bytes: bytes, expected: mutated ? nil : expected)
    }

    /// A valid record in either shape (or, for a model of several categorical terms, a mix), as JSON fields in
    /// a random order, and the same record in the natural shape for the model's own prediction.
    private mutating func validRecord(for encoding: DesignEncoding) -> ([(key: String, value: String)], [String: RecordValue]) {
        var fields: [(key: String, value: String)] = []
        var natural: [String: RecordValue] = [:]
        for term in encoding.terms {
            switch term {
            case .numeric(let name):
                let bounds = MeasurementRange.of(name).bounds
                let value =
                    bounds.upperBound < .greatestFiniteMagnitude
                    ? pick([bounds.lowerBound, bounds.upperBound, Double.random(in: bounds, using: &self), (Double.random(in: bounds, using: &self) * 10).rounded() / 10])
                    : pick([0, 2007, 2009, Double.random(in: 0...10_000, using: &self)])
                fields.append((name, pick(["\(value)", value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"])))
                natural[name] = .number(value)
            case .categorical(let name, let levels):
                let level = Int.random(in: 0..<levels.count, using: &self)
                natural[name] = .string(levels[level])
                if chance(0.5) {
                    fields.append((name, "\"\(levels[level])\""))
                } else {
                    for (index, dummy) in term.featureNames.enumerated() {
                        let on = index + 1 == level
                        fields.append((dummy, chance(0.7) ? String(on) : (on ? "1" : "0")))
                    }
                }
            }
        }
        fields.shuffle(using: &self)
        return (fields, natural)
    }

    /// Any JSON value, sometimes with odd numbers and strings.
    mutating func randomJSON(depth: Int) -> String {
        switch Int.random(in: 0..<(depth > 0 ? 7 : 4), using: &self) {
        case 0: return pick(Self.oddValues)
        case 1: return String(Double.random(in: -1e6...1e6, using: &self))
        case 2: return pick(["null", "true", "false", "\"\"", "\"a\"", "0"])
        case 3: return "\"" + string(from: ["a", "é", "🐧", "\\n", "\\\"", "\\u00e9", " ", "_"], count: Int.random(in: 0...8, using: &self)) + "\""
        case 4, 5:
            let count = Int.random(in: 0...4, using: &self)
            return "{" + (0..<count).map { _ in "\"\(pick(Self.oddKeys + ["bill_length_mm", "species", "sex", "a"]))\":" + randomJSON(depth: depth - 1) }
                .joined(separator: ",") + "}"
        default:
            return "[" + (0..<Int.random(in: 0...4, using: &self)).map { _ in randomJSON(depth: depth - 1) }.joined(separator: ",") + "]"
        }
    }

    /// Arrays and objects nested up to 20,000 deep, closed or not, with a record at the bottom.
    private mutating func deeplyNested(for encoding: DesignEncoding) -> String {
        let depth = pick([2, 3, 15, 16, 17, 100, 511, 512, 513, 1_000, 5_000, 20_000])
        var open = "", close = ""
        for _ in 0..<depth {
            if chance(0.5) {
                open += "["
                close = "]" + close
            } else {
                open += "{\"species\":"
                close = "}" + close
            }
        }
        let inner = chance(0.5) ? "{\"bill_length_mm\":45,\"species\":\"Gentoo\",\"sex\":\"male\"}" : "1"
        return open + inner + (chance(0.8) ? close : String(close.prefix(depth / 2)))
    }

    /// A batch at or beyond the 10,000-record limit, valid except for its size.
    private mutating func hugeBatch(for predictor: Predictor) -> PredictBody {
        let count = pick([9_999, 10_000, 10_001, 12_000])
        var records: [String] = []
        var expected: [Double] = []
        records.reserveCapacity(count)
        for _ in 0..<count {
            let (record, natural) = validRecord(for: predictor.encoding)
            records.append("{" + record.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}")
            expected.append(try! predictor.predict(natural))
        }
        return PredictBody(bytes: Array(("[" + records.joined(separator: ",") + "]").utf8), expected: count <= 10_000 ? expected : nil)
    }
}
