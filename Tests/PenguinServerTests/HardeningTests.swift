import DataGateway
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

@testable import PenguinServer

/// Issue 11 §3 and §8 against a live server on loopback: slow and many clients, the Host allow-list, and what
/// the open routes show when API keys are on.
@Suite struct HardeningTests {
    /// An HTTP/1.1 request as bytes; `Connection: close` so the whole response ends with the connection.
    static func request(_ path: String, host: String, method: String = "GET", body: String = "") -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n\(body)"
    }

    static func status(_ response: String?) -> Int? {
        response.flatMap { $0.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } }
    }

    static func exchange(_ request: String, port: Int) async throws -> String? {
        let connection = try RawHTTPConnection(port: port)
        try connection.send(request)
        return await connection.readUntilClosed(waiting: .seconds(30))
    }

    @Test("A Host header outside the bound address's names is refused with 421 (DNS rebinding)")
    func hostAllowList() async throws {
        try await TestServer().application().test(.live) { client in
            let port = try #require(client.port)
            for (host, expected) in [
                ("localhost:\(port)", 200), ("127.0.0.1:\(port)", 200), ("LocalHost", 200), ("[::1]:\(port)", 200), ("localhost.", 200),
                ("evil.example:\(port)", 421), ("localhost.evil.example", 421), ("127.0.0.1.nip.io:\(port)", 421), ("", 421),
            ] {
                let response = try await Self.exchange(Self.request("/ping", host: host), port: port)
                #expect(Self.status(response) == expected, "Host: \(host)")
                if expected == 421 { #expect(response?.contains("PENGUINS_HTTP_ALLOWED_HOSTS") == true) }
            }
        }
        var listed = TestServer()
        listed.allowedHosts = AllowedHosts(["penguins.example", "10.0.0.7"])
        try await listed.application().test(.live) { client in
            let port = try #require(client.port)
            #expect(Self.status(try await Self.exchange(Self.request("/ping", host: "Penguins.Example:443"), port: port)) == 200)
            #expect(Self.status(try await Self.exchange(Self.request("/ping", host: "10.0.0.7"), port: port)) == 200)
            #expect(Self.status(try await Self.exchange(Self.request("/ping", host: "localhost"), port: port)) == 421)
        }
    }

    @Test("The default allow-list follows the bound address; every interface allows any name")
    func defaultAllowList() {
        #expect(AllowedHosts(boundTo: "127.0.0.1").allows("localhost:8080"))
        #expect(!AllowedHosts(boundTo: "127.0.0.1").allows("attacker.example"))
        #expect(AllowedHosts(boundTo: "::1").allows("[::1]:8080"))
        #expect(AllowedHosts(boundTo: "192.168.1.5").allows("192.168.1.5:8080"))
        #expect(!AllowedHosts(boundTo: "192.168.1.5").allows("localhost"))
        #expect(AllowedHosts(boundTo: "0.0.0.0").allows("anything.example"))
        #expect(AllowedHosts(["*"]).allows("anything.example"))
        #expect(AllowedHosts(boundTo: "127.0.0.1").allows(nil), "HTTP/1.0 without Host; no browser sends that")
    }

    @Test("200 slow clients (headers and part of a body, or part of the headers) do not stop /predict, and are all closed by the idle timeout")
    func slowClients() async throws {
        var configured = TestServer()
        configured.idleTimeout = .seconds(1)
        try await configured.application().test(.live) { client in
            let port = try #require(client.port)
            var slow: [RawHTTPConnection] = []
            let head = "POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
            for index in 0..<200 {
                let connection = try RawHTTPConnection(port: port)
                // Most stop inside the body; every fourth stops inside its headers.
                try connection.send(index % 4 == 0 ? String(head.prefix(30)) : head + "{\"bill_length_mm\":")
                slow.append(connection)
            }
            let answer = try await Self.exchange(Self.request("/predict", host: "localhost", method: "POST", body: AuthTests.record), port: port)
            #expect(Self.status(answer) == 200, "\(answer ?? "no answer")")
            var open = 0
            for connection in slow {
                // Ten times the timeout: the close is what is checked, not how fast it comes.
                if await connection.readUntilClosed(waiting: .seconds(10)) == nil { open += 1 }
            }
            #expect(open == 0, "\(open) of 200 slow connections are still open")
        }
    }

    @Test("A body trickled a byte at a time is given up on after the timeout, however steady")
    func tricklingBody() async throws {
        var configured = TestServer()
        configured.idleTimeout = .seconds(1)
        try await configured.application().test(.live) { client in
            let port = try #require(client.port)
            let connection = try RawHTTPConnection(port: port)
            try connection.send("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n[")
            var closed = false
            // Each byte comes well inside the idle timeout, so only the body deadline can end this.
            for _ in 0..<100 where !closed {
                try? connection.send(" ")
                if case .closed = await connection.read(waiting: .milliseconds(200)) { closed = true }
            }
            #expect(closed, "the trickling connection is still open after 100 bytes over 20 s")
        }
    }

    @Test("Past the connection cap a new connection is closed at once and counted; a freed slot serves again")
    func connectionCap() async throws {
        var configured = TestServer()
        configured.maxConnections = 2
        configured.idleTimeout = .seconds(120)
        try await configured.application().test(.live) { client in
            let port = try #require(client.port)
            var holders = [try RawHTTPConnection(port: port), try RawHTTPConnection(port: port)]
            // Let the server take both before the third arrives.
            try await Task.sleep(for: .milliseconds(300))
            let third = try RawHTTPConnection(port: port)
            try? third.send(Self.request("/ping", host: "localhost"))
            #expect(await third.read(waiting: .seconds(10)) == .closed, "a third connection was served past a cap of 2")
            holders.removeFirst()
            // The slot frees once the server has seen the close; until then a newcomer is closed too.
            var metrics = ""
            for _ in 0..<150 where Self.status(metrics) != 200 {
                try await Task.sleep(for: .milliseconds(200))
                metrics = try await Self.exchange(Self.request("/metrics", host: "localhost"), port: port) ?? ""
            }
            #expect(Self.status(metrics) == 200, "a freed slot did not serve again")
            let reached = metrics.split(separator: "\n").first { $0.hasPrefix("penguins_http_connection_limit_reached_total ") }
            #expect(reached.flatMap { Double($0.split(separator: " ").last ?? "") }.map { $0 >= 1 } == true, "\(reached ?? "")")
            #expect(metrics.contains("penguins_http_connections_open"))
            _ = holders
        }
    }

    @Test("Made-up methods cannot add series to /metrics (found beyond the issue's list)")
    func methodLabelsAreBounded() async throws {
        try await TestServer().run { client in
            for index in 0..<20 {
                let reply = try await client.send("/ping", method: try #require(HTTPRequest.Method("MADEUP\(index)")))
                #expect(reply.status == .methodNotAllowed)
            }
            let metrics = try await client.get("/metrics").text
            #expect(!metrics.contains("MADEUP"))
            #expect(metrics.contains(#"method="other""#))
        }
    }

    @Test("With API keys on, the open routes show no training rows and /readyz names no host")
    func openRoutesWithKeys() async throws {
        let rows = TestModel.fitted.points.count
        let open = try await TestServer().run { try await $0.get("/").text }
        var keyed = TestServer(keys: [Secret(AuthTests.freshKey())])
        keyed.readinessCacheLifetime = .zero
        let server = keyed
        server.probe.set(.notReady(reason: "database unreachable; the server log has the details"))
        try await server.run { client in
            let page = try await client.get("/").text
            // Whatever the page's format, every row costs it at least ten bytes: the keyed page must be that much shorter.
            #expect(open.utf8.count - page.utf8.count >= rows * 10, "the page shows training rows to anyone")
            let ready = try await client.get("/readyz")
            #expect(ready.status == .serviceUnavailable)
            #expect(try await client.get("/metadata").status == .unauthorized)
        }
    }
}
