import DataGateway
import Foundation
import Logging
import Synchronization
import Testing

@testable import PenguinServer

/// The database readiness probe blocks in libpq while it connects; that must never take a thread of Swift's
/// cooperative pool, which answers every request (issue 11 §9).
@Suite struct ReadinessProbeTests {
    @Test("Probes stuck connecting to a silent server leave the cooperative pool free")
    func probesDoNotStarveThePool() async throws {
        let silent = try SilentListener()
        let url = try DatabaseURL(
            parsing: Secret("postgresql://nobody:nothing@127.0.0.1:\(silent.port)/none?connect_timeout=3&sslmode=disable"), environment: [:])
        // More probes than the pool has threads: on the pool, they would hold all of them for three seconds.
        let probes = (0..<(ProcessInfo.processInfo.activeProcessorCount * 2 + 2)).map { _ in DatabaseReadiness(url: url, logger: Logger(label: "test")) }
        let finished = Order()
        await withTaskGroup(of: Void.self) { group in
            for probe in probes {
                group.addTask {
                    let state = await probe.check()
                    finished.append(state == .ready ? "ready" : "probe")
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(200))
                finished.append("other work")
            }
        }
        let order = finished.events
        #expect(order.first == "other work", "\(order)")
        #expect(!order.contains("ready"))
    }

    @Test("The reason /readyz shows names no host, address or port")
    func reasonNamesNoLocation() async throws {
        let silent = try SilentListener()
        let url = try DatabaseURL(parsing: Secret("postgresql://nobody:nothing@127.0.0.1:\(silent.port + 1)/none?sslmode=disable"), environment: [:])
        guard case .notReady(let reason) = await DatabaseReadiness(url: url, logger: Logger(label: "test")).check() else {
            Issue.record("a closed port reads as ready")
            return
        }
        #expect(reason.contains("database unreachable"))
        for leak in ["127.0.0.1", String(silent.port + 1), "port", "nobody", "none"] { #expect(!reason.contains(leak), "\(reason)") }
    }
}

/// A TCP port on loopback whose connections the kernel completes and nobody ever answers: what a database
/// behind a dropped route or a hung server looks like to libpq.
private final class SilentListener {
    let port: Int
    private let socket: Int32

    init() throws {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && listen(socket, 64) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard listening else {
            port = 0
            throw RawSocketFailure()
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socket) }

    struct RawSocketFailure: Error {}
}

/// What finished, in order.
private final class Order: Sendable {
    private let list = Mutex<[String]>([])
    func append(_ event: String) { list.withLock { $0.append(event) } }
    var events: [String] { list.withLock { $0 } }
}
