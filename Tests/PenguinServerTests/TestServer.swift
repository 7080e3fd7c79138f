import DataGateway
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PenguinJSON
import PenguinModel
import Synchronization
import TestSupport
import Testing

@testable import PenguinServer

/// The labs' model fitted on the fixture once per test process, and the points the app draws.
enum TestModel {
    static let fitted: (card: ModelCard, points: TrainingRows) = {
        do {
            let frame = try PenguinsFixture.frame()
            let card = try LinearModel.fit(.penguins, to: frame).card(gatewayVersion: "test")
            return (card, TrainingRows(frame: frame, formula: card.formula))
        } catch {
            fatalError("cannot fit the fixture model: \(error)")
        }
    }()
}

/// A readiness probe the test switches between states.
final class SwitchableProbe: ReadinessProbe {
    private let current = Mutex<ReadinessState>(.ready)
    private let calls = Mutex(0)

    func set(_ state: ReadinessState) { current.withLock { $0 = state } }
    var callCount: Int { calls.withLock { $0 } }

    func check() async -> ReadinessState {
        calls.withLock { $0 += 1 }
        return current.withLock { $0 }
    }
}

/// Collects log events in memory, so tests can check what the server logs (and what it must not).
final class LogCapture: Sendable {
    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            var merged = metadata
            if let extra = event.metadata { merged.merge(extra) { $1 } }
            capture.lines.withLock { $0.append((event.message.description, merged.mapValues(\.description), event.level)) }
        }
    }

    let lines = Mutex<[(message: String, metadata: [String: String], level: Logger.Level)]>([])

    var logger: Logger { Logger(label: "test") { _ in Handler(capture: self) } }
    var events: [(message: String, metadata: [String: String], level: Logger.Level)] { lines.withLock { $0 } }
}

/// A server under test: the application and the parsed OpenAPI document every response is checked against.
struct TestServer {
    var card = TestModel.fitted.card
    /// The rows the app draws; a test serving another card passes that card's rows.
    var points = TestModel.fitted.points
    var keys: [Secret<String>] = []
    var probe = SwitchableProbe()
    var logs = LogCapture()
    var maxBodyBytes = 1 << 20
    var maxRecords = 10_000
    var readinessCacheLifetime = Duration.seconds(1)
    var host = "127.0.0.1"
    var allowedHosts: AllowedHosts?
    var idleTimeout = Duration.seconds(30)
    var maxConnections = 1_000
    var droppedLogLines: @Sendable () -> Int = { 0 }

    func application(port: Int = 0) throws -> some ApplicationProtocol {
        try makeApplication(
            card: card, trainingPoints: points,
            configuration: ServerConfiguration(
                host: host, port: port, apiKeys: keys, databaseKind: .sqlite, maxBodyBytes: maxBodyBytes, maxRecords: maxRecords,
                readinessCacheLifetime: readinessCacheLifetime, allowedHosts: allowedHosts, idleTimeout: idleTimeout,
                maxConnections: maxConnections, droppedLogLines: droppedLogLines),
            readiness: probe, logger: logs.logger)
    }

    /// Runs `body` against the router in process, with a client that checks each response against /openapi.json.
    func run<Value: Sendable>(_ setup: TestingSetup = .router, _ body: @Sendable (CheckedClient) async throws -> Value) async throws -> Value {
        try await application().test(setup) { client in
            let document = try await client.execute(uri: "/openapi.json", method: .get) { try JSONValue.parse(Data($0.body.readableBytesView)) }
            return try await body(CheckedClient(client: client, openAPI: OpenAPIChecker(document: document)))
        }
    }
}

/// A response with its body parsed, when it is JSON.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String
    var json: JSONValue? { try? JSONValue.parse(Data(text.utf8)) }

    subscript(key: String) -> JSONValue? {
        guard case .object(let fields)? = json else { return nil }
        return fields[key]
    }
}

struct CheckedClient: Sendable {
    let client: any TestClientProtocol
    let openAPI: OpenAPIChecker

    var port: Int? { client.port }

    func get(_ path: String, headers: HTTPFields = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        try await send(path, method: .get, headers: headers, sourceLocation: sourceLocation)
    }

    func post(_ path: String, _ body: String, headers: HTTPFields = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        try await send(path, method: .post, headers: headers, body: body, sourceLocation: sourceLocation)
    }

    func send(
        _ path: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Reply {
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let reply = Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        #expect(reply.status.code < 500 || (path == "/readyz" && reply.status == .serviceUnavailable), "5xx for \(method) \(path)", sourceLocation: sourceLocation)
        #expect(reply.headers[.xRequestID] != nil, "no X-Request-ID on \(method) \(path)", sourceLocation: sourceLocation)
        let problems = openAPI.problems(path: path, method: method, reply: reply)
        #expect(problems.isEmpty, "\(method) \(path) → \(reply.status.code) does not conform: \(problems)", sourceLocation: sourceLocation)
        return reply
    }
}

func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)"] }
