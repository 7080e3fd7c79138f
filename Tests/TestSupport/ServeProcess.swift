import Foundation

/// A running `penguins serve` on a free loopback port, with its output captured.
///
/// Output goes to files, not pipes: a database server started by a test while `serve` runs would inherit
/// the pipes' write ends and keep them open, so reading them to the end would never finish.
public final class ServeProcess: @unchecked Sendable {
    public let process: Process
    public let port: Int
    private let outputPath: String
    private let errorPath: String

    /// Listens on `port`, else on a free one: a replica restarted behind a load balancer takes its old port.
    public init(environment: [String: String], in directory: String, port: Int? = nil) throws {
        self.port = try port ?? Self.freePort()
        outputPath = directory + "/serve.stdout"
        errorPath = directory + "/serve.stderr"
        for path in [outputPath, errorPath] {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { throw ServeFailure(message: "cannot create \(path)") }
        }
        process = Process()
        process.executableURL = try PenguinsProcess.executable
        process.arguments = ["serve", "--migrations", PenguinsProcess.migrations]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = PenguinsProcess.childEnvironment(environment)
            .merging(["PENGUINS_HTTP_PORT": String(self.port), "PENGUINS_LOG_FORMAT": "json"]) { $1 }
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
    }

    /// A test that failed before ``terminate()`` must not leave its server running.
    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Waits until `/healthz` answers, or the process exits, for at most `timeout`.
    public func waitUntilListening(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw ServeFailure(message: "serve exited with \(process.terminationStatus)") }
            if (try? await get("/healthz").status) == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServeFailure(message: "serve did not start listening within \(timeout)")
    }

    public struct Response: Sendable {
        public let status: Int
        public let body: String
    }

    /// A GET; `headers` go on curl's argv, so secret headers (an API key) go through ``request(_:_:body:headerFile:includeHeaders:)``.
    public func get(_ path: String, headers: [String] = []) async throws -> Response {
        try curl(headers.flatMap { ["-H", $0] } + ["http://127.0.0.1:\(port)\(path)"], body: nil)
    }

    public func post(_ path: String, json: String) async throws -> Response {
        try request("POST", path, body: json)
    }

    /// Any method, with a JSON body read from stdin if there is one, secret headers from `headerFile`, and the
    /// response's headers before its body if `includeHeaders`.
    public func request(
        _ method: String, _ path: String, body: String? = nil, headerFile: String? = nil, includeHeaders: Bool = false
    ) throws -> Response {
        let bodyArguments = body == nil ? [] : ["-H", "Content-Type: application/json", "--data-binary", "@-"]
        return try curl(
            ["-X", method] + (includeHeaders ? ["-i"] : []) + bodyArguments + Self.headerFileArguments(headerFile)
                + ["http://127.0.0.1:\(port)\(path)"], body: body)
    }

    /// The server's resident set size in kB, from /proc.
    public func residentKilobytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { throw ServeFailure(message: "no VmRSS for pid \(process.processIdentifier)") }
        return kilobytes
    }

    private static func headerFileArguments(_ path: String?) -> [String] {
        path.map { ["-H", "@\($0)"] } ?? []
    }

    /// The `X-Model-Version` of one `/predict` of the labs' record answered on `port` (this replica's, or a
    /// load balancer's in front of it); empty when no answer came.
    public static func modelVersion(port: Int) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = [
            "-s", "-m", "5", "-o", "/dev/null", "-w", "%header{x-model-version}", "-H", "Content-Type: application/json",
            "--data-binary", #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"}]"#, "http://127.0.0.1:\(port)/predict",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    /// Waits until this server answers `/predict` with `version`, for at most `timeout`; false if it never did.
    public func waitUntilServing(_ version: String, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try Self.modelVersion(port: port) == version { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Everything the process printed so far.
    public var output: String {
        ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "") + ((try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }

    /// Sends SIGTERM and returns the exit status and everything the process printed.
    public func terminate() -> PenguinsProcess.Outcome {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return PenguinsProcess.Outcome(
            status: process.terminationStatus, standardOutput: read(outputPath), standardError: read(errorPath))
    }

    /// One request through curl, a real HTTP client; the body goes on stdin. Status 0 means no connection.
    private func curl(_ arguments: [String], body: String?) throws -> Response {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-m", "10", "-o", "-", "-w", "\n%{http_code}"] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((body ?? "").utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let status = text.split(separator: "\n").last.flatMap { Int($0) } ?? 0
        let responseBody = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().joined(separator: "\n")
        return Response(status: status, body: responseBody)
    }

    /// A port the kernel just handed out for loopback, released for the server to take.
    public static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw ServeFailure(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

public struct ServeFailure: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
