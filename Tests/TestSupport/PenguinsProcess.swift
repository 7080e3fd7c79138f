import Foundation
public import Testing

/// Runs the built `penguins` binary the way a user does: a clean environment, a working directory, and
/// captured stdout, stderr and exit status.
public enum PenguinsProcess {
    public struct Outcome: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String

        public init(status: Int32, standardOutput: String, standardError: String) {
            self.status = status
            self.standardOutput = standardOutput
            self.standardError = standardError
        }

        /// Everything the process printed, for leak checks.
        public var allOutput: String { standardOutput + standardError }

        /// Checks the contract every failure shares (a non-zero exit, exactly one `error: ` line on stderr, no
        /// crash report, no `sentinel` anywhere) and returns the error line.
        @discardableResult
        public func singleErrorLine(sentinel: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
            #expect(status != 0, "expected a failure, got exit 0", sourceLocation: sourceLocation)
            let errorLines = standardError.split(separator: "\n").filter { $0.hasPrefix("error: ") }
            #expect(errorLines.count == 1, "stderr: \(standardError)", sourceLocation: sourceLocation)
            for marker in ["Fatal error", "Stack dump", "backtrace", "0x0000"] {
                #expect(!allOutput.contains(marker), "\(allOutput)", sourceLocation: sourceLocation)
            }
            #expect(!allOutput.contains(sentinel), sourceLocation: sourceLocation)
            return errorLines.first.map(String.init) ?? ""
        }
    }

    /// The `penguins` executable next to the test bundle (`.build/debug/penguins`).
    public static var executable: URL {
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
    public static var migrations: String { TestDatabase.repositoryMigrations }

    /// The environment of a child process: PATH and HOME from this one, then `environment` (which may
    /// replace HOME, e.g. with an empty directory). Secrets travel only here, never in argv.
    public static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/tmp"].merging(environment) { $1 }
    }

    /// Starts `penguins arguments…` in `directory` with only `environment` (plus PATH and HOME).
    public static func start(
        _ arguments: [String], environment: [String: String] = [:], in directory: String
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = childEnvironment(environment)
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return (process, output, error)
    }

    /// Runs `penguins arguments…` to completion.
    public static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String) throws -> Outcome {
        let (process, output, error) = try start(arguments, environment: environment, in: directory)
        return finish(process, output, error)
    }

    public static func finish(_ process: Process, _ output: Pipe, _ error: Pipe) -> Outcome {
        // Both pipes are drained at once: a process that fills one while the other is read would block forever.
        let standardError = DrainedBytes()
        let errorHandle = error.fileHandleForReading
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { standardError.data = errorHandle.readDataToEndOfFile() }
        let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: standardOutput, as: UTF8.self),
            standardError: String(decoding: standardError.data, as: UTF8.self))
    }
}

/// The bytes one reader thread collects; read only after that thread is done (unchecked Sendable).
private final class DrainedBytes: @unchecked Sendable {
    var data = Data()
}
