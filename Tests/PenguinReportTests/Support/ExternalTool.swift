import Foundation

/// Runs a program the tests depend on (the Nu validator, Chromium) and captures its output.
enum ExternalTool {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    struct ToolError: Error, CustomStringConvertible {
        let description: String
    }

    /// The executable named by `variable`, or `fallback`; the error says how to provide it.
    static func executable(variable: String, fallback: String? = nil, install: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment[variable].flatMap({ $0.isEmpty ? nil : $0 }) ?? fallback else {
            throw ToolError(description: "\(variable) is not set; it must name the executable. \(install)")
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ToolError(description: "\(variable)=\(path) is not an executable file. \(install)")
        }
        return path
    }

    /// Runs to completion; standard error goes through a file so that neither stream can fill up and block.
    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let errorPath = (NSTemporaryDirectory() as NSString).appendingPathComponent("penguins-tool-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errorPath, contents: nil) else {
            throw ToolError(description: "cannot create \(errorPath) for \(executable)'s standard error")
        }
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: errors)
    }

    /// Where tests keep what a person may want to look at afterwards, e.g. screenshots: `name` under
    /// `PENGUINS_TEST_ARTIFACTS`, by default under `.build/artifacts` in the package.
    static func artifactsDirectory(_ name: String) throws -> String {
        let base = ProcessInfo.processInfo.environment["PENGUINS_TEST_ARTIFACTS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ".build/artifacts"
        let directory = (base as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return URL(fileURLWithPath: directory).standardizedFileURL.path
    }
}
