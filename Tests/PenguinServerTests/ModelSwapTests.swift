import DataGateway
import Foundation
import PenguinJSON
import HTTPTypes
import HummingbirdTesting
import PenguinModel
import Synchronization
import TestSupport
import Testing

@testable import PenguinServer

/// Serving follows an alias (issue 12 §2): the watcher swaps the model whole, a bad holder is never swapped
/// in, and requests never wait for a swap.
@Suite struct ModelSwapTests {
    static let record = AuthTests.record

    @Test func swapsWhenTheFollowedReferenceMovesAndEverySurfaceShowsIt() async throws {
        let (first, second) = try TwoVersions.cards()
        let source = ScriptedSource(serving: first)
        try await SwappingServer(first: first, source: source).run { client, server in
            #expect(try await client.post("/predict", Self.record).headers[.xModelVersion] == first.card.version)
            source.move(to: second)
            try await server.waitUntilServing(second.card.version, client: client)
            #expect(try await client.get("/metadata")["version"]?.string == second.card.version)
            #expect(try await client.get("/").text.contains(#"<span id="model-version">\#(second.card.version)</span>"#))
            let info = try await client.get("/metrics").text.split(separator: "\n").filter { $0.hasPrefix("penguins_model_info") }
            #expect(info.count == 1 && info[0].contains(#"version="\#(second.card.version)""#), "\(info)")
            let swap = try #require(server.logs.events.first { $0.message == "model swapped" })
            #expect(swap.metadata["from"] == first.card.version)
            #expect(swap.metadata["to"] == second.card.version)
            #expect(swap.metadata["reference"] == "alias production")
            #expect(swap.metadata["reason"] == "second is better")
        }
    }

    @Test func everyResponseIsAnsweredWhollyByOneVersion() async throws {
        let (first, second) = try TwoVersions.cards()
        let expected = try [first, second].reduce(into: [String: Double]()) { expected, model in
            let served = try ServedModel(card: model.card, trainingPoints: model.points, configuration: ServerConfiguration(databaseKind: .sqlite))
            expected[model.card.version] = try PredictionBatch(body: .init(string: Self.record), reader: served.reader, maxRecords: 1).predictions[0]
        }
        #expect(expected[first.card.version] != expected[second.card.version], "the two versions must predict differently")
        let source = ScriptedSource(serving: first)
        try await SwappingServer(first: first, source: source).run { client, _ in
            var seen: Set<String> = []
            // The watcher swaps on its own schedule, so the requests of each round straddle swaps.
            for round in 0..<40 {
                source.move(to: round.isMultiple(of: 2) ? second : first)
                try await withThrowingTaskGroup(of: Reply.self) { group in
                    for _ in 0..<8 { group.addTask { try await client.post("/predict", Self.record) } }
                    for try await reply in group {
                        let version = try #require(reply.headers[.xModelVersion])
                        seen.insert(version)
                        #expect(reply["predict"]?.array?.first?.number == expected[version], "\(version) answered with another's prediction")
                    }
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(seen == [first.card.version, second.card.version], "both versions answered while the alias moved")
        }
    }

    @Test func aHolderThatCannotBeServedIsNotSwappedIn() async throws {
        let (first, second) = try TwoVersions.cards()
        let source = ScriptedSource(serving: first)
        try await SwappingServer(first: first, source: source).run { client, server in
            source.moveToBadCard("20991231T000000Z")
            try await server.waitForReloadFailures(1, client: client)
            #expect(try await client.post("/predict", Self.record).headers[.xModelVersion] == first.card.version)
            #expect(try await client.get("/readyz").status == .ok)
            let failure = try #require(server.logs.events.first { $0.message.hasPrefix("model not swapped") })
            #expect(failure.metadata["version"] == "20991231T000000Z")
            #expect(failure.metadata["error"]?.contains("signature") == true)
            // The same bad holder is not retried on every poll: it counts once, and the next good move swaps.
            try await Task.sleep(for: .milliseconds(200))
            source.move(to: second)
            try await server.waitUntilServing(second.card.version, client: client)
            #expect(try await client.get("/metrics").text.contains("penguins_model_reload_failures_total 1"))
        }
    }

    @Test func requestsNeverWaitForASwapInProgress() async throws {
        let (first, second) = try TwoVersions.cards()
        let source = ScriptedSource(serving: first)
        let gate = source.holdLoads()
        try await SwappingServer(first: first, source: source).run { client, server in
            source.move(to: second)
            await gate.loadStarted()
            // The watcher is in the middle of a swap, holding nothing the request path needs: requests go on.
            for _ in 0..<20 {
                #expect(try await client.post("/predict", Self.record).headers[.xModelVersion] == first.card.version)
            }
            gate.release()
            try await server.waitUntilServing(second.card.version, client: client)
        }
    }
}

/// Two versions of the labs' model fitted on different halves of the fixture, so they predict differently.
enum TwoVersions {
    static func cards() throws -> (FollowedModel, FollowedModel) {
        let frame = try PenguinsFixture.frame()
        let first = TestModel.fitted
        let half = frame.filter { $0.isMultiple(of: 2) }
        let card = try LinearModel.fit(.penguins, to: half).card(gatewayVersion: "test", createdAt: first.card.createdAt.addingTimeInterval(60))
        return (
            FollowedModel(card: first.card, points: first.points, reason: "first"),
            FollowedModel(card: card, points: TrainingRows(frame: half, formula: card.formula), reason: "second is better")
        )
    }
}

/// A followed reference the test moves by hand; a version that is not a card stands for one the board refuses.
final class ScriptedSource: FollowedModelSource {
    let reference = "alias production"
    private let state: Mutex<(version: String, models: [String: FollowedModel])>
    private let gate = Mutex<LoadGate?>(nil)

    init(serving model: FollowedModel) {
        state = Mutex((model.card.version, [model.card.version: model]))
    }

    func move(to model: FollowedModel) {
        state.withLock { $0 = (model.card.version, $0.models.merging([model.card.version: model]) { $1 }) }
    }

    func moveToBadCard(_ version: String) {
        state.withLock { $0.version = version }
    }

    /// Makes every load wait until the returned gate is released.
    func holdLoads() -> LoadGate {
        let held = LoadGate()
        gate.withLock { $0 = held }
        return held
    }

    func currentVersion() async throws -> String { state.withLock { $0.version } }

    func load(version: String) async throws -> FollowedModel {
        if let gate = gate.withLock({ $0 }) { await gate.pass() }
        guard let model = state.withLock({ $0.models[version] }) else {
            throw BoardError.badCard("the board", reason: "version \(version) is not signed by a trusted key (bad signature)")
        }
        return model
    }

    func waitForMove(upTo timeout: Duration) async -> Bool {
        try? await Task.sleep(for: timeout)
        return false
    }
}

/// Holds a load until the test releases it, and tells the test when one is waiting.
final class LoadGate: Sendable {
    private let started = AsyncStream<Void>.makeStream()
    private let released = AsyncStream<Void>.makeStream()

    func pass() async {
        started.continuation.yield()
        for await _ in released.stream { return }
    }

    func loadStarted() async {
        for await _ in started.stream { return }
    }

    func release() {
        released.continuation.yield()
        released.continuation.finish()
    }
}

/// A server answering from a ``CurrentModel`` that a ``ModelWatcher`` swaps, both run for one test.
struct SwappingServer {
    let first: FollowedModel
    let source: any FollowedModelSource
    let logs = LogCapture()
    let configuration = ServerConfiguration(databaseKind: .sqlite, readinessCacheLifetime: .zero)

    func run(_ body: @Sendable (CheckedClient, SwappingServer) async throws -> Void) async throws {
        let metrics = ServerMetrics(modelName: first.card.name, modelVersion: first.card.version, droppedLogLines: configuration.droppedLogLines)
        let current = CurrentModel(try ServedModel(card: first.card, trainingPoints: first.points, configuration: configuration))
        let watcher = ModelWatcher(
            following: ModelFollowing(source: source, pollInterval: .milliseconds(20)), current: current, configuration: configuration,
            metrics: metrics, logger: logs.logger)
        let application = makeApplication(
            current: current, configuration: configuration, readiness: SwitchableProbe(), logger: logs.logger, metrics: metrics)
        let watching = Task { await watcher.run() }
        defer { watching.cancel() }
        try await application.test(.router) { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get) { try JSONValue.parse(Data($0.body.readableBytesView)) }
            try await body(CheckedClient(client: client, openAPI: OpenAPIChecker(document: document)), self)
        }
    }

    /// Waits (up to 10 s, so a broken watcher fails instead of hanging) until `/predict` answers with `version`.
    func waitUntilServing(_ version: String, client: CheckedClient) async throws {
        try await waitFor("serving \(version)") {
            try await client.post("/predict", ModelSwapTests.record).headers[.xModelVersion] == version
        }
    }

    func waitForReloadFailures(_ count: Int, client: CheckedClient) async throws {
        try await waitFor("\(count) reload failures") {
            try await client.get("/metrics").text.contains("penguins_model_reload_failures_total \(count)")
        }
    }

    private func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("not \(what) within 10 s")
    }
}
