import Foundation

/// Runs the built `penguins` binary the way a user does: a clean environment, a working directory, and
/// captured stdout, stderr and exit status.
struct PenguinsProcess {
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String

        /// Everything the process printed, for leak checks.
        var allOutput: String { standardOutput + standardError }
    }

    /// The `penguins` executable next to the test bundle (`.build/debug/penguins`).
    static var executable: URL {
        get throws {
            if let path = ProcessInfo.processInfo.environment["PENGUINS_BIN"] { return URL(fileURLWithPath: path) }
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("penguins")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory.deleteLastPathComponent()
            }
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "penguins binary not found; run swift build first"])
        }
    }

    /// The repository's `migrations/` directory.
    static var migrations: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("migrations").path
    }

    /// Starts `penguins arguments…` in `directory` with only `environment` (plus PATH and HOME).
    static func start(
        _ arguments: [String], environment: [String: String] = [:], in directory: String
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let inherited = ProcessInfo.processInfo.environment
        process.environment = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/tmp"]
            .merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return (process, output, error)
    }

    /// Runs `penguins arguments…` to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String) throws -> Outcome {
        let (process, output, error) = try start(arguments, environment: environment, in: directory)
        return finish(process, output, error)
    }

    static func finish(_ process: Process, _ output: Pipe, _ error: Pipe) -> Outcome {
        let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
        let standardError = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: standardOutput, as: UTF8.self),
            standardError: String(decoding: standardError, as: UTF8.self))
    }
}

/// A scratch working directory for one test, removed by `remove()`.
struct WorkingDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("penguins-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
