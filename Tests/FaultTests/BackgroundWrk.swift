import Foundation
import TestSupport

/// A `wrk` load running beside the test, which samples the server meanwhile and then reads the report.
final class BackgroundWrk: @unchecked Sendable {
    private let process = Process()
    private let output = Pipe()

    /// Starts `wrk` with `arguments`; `environment` carries a script's settings (bench/batch.lua's body file).
    init(_ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch { throw ServeFailure(message: "wrk could not run (Debian package wrk; scripts/test installs it): \(error)") }
    }

    /// Waits for `wrk` to end; its report, or a failure quoting it when `wrk` did not exit 0.
    func report() async throws -> String {
        let (text, status) = try await offPool { [process, output] in
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (text, process.terminationStatus)
        }
        guard status == 0 else { throw ServeFailure(message: "wrk failed: \(text)") }
        return text
    }
}
