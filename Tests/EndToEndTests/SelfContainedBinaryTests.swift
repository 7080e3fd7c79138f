import Foundation
import Testing
import TestSupport

/// The binary as installed: copied away from the checkout and run from an empty directory with only
/// environment variables, it migrates from the migrations built into it; a failed command leaves no file.
@Suite("penguins runs anywhere, with its migrations built in")
struct SelfContainedBinaryTests {
    /// A copy of the built binary in a directory of its own, as `install` would put it.
    private func installedBinary(in directory: TemporaryDirectory) throws -> String {
        let installed = directory.path + "/bin/penguins"
        try FileManager.default.createDirectory(atPath: directory.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try PenguinsProcess.executable.path, toPath: installed)
        return installed
    }

    private func run(_ binary: String, _ arguments: [String], environment: [String: String] = [:], in directory: String) throws
        -> PenguinsProcess.Outcome
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let inherited = ProcessInfo.processInfo.environment
        process.environment = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/tmp"]
            .merging(environment) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return PenguinsProcess.finish(process, output, error)
    }

    @Test("An installed copy migrates, trains and predicts from an empty directory", arguments: ["sqlite", "postgres"])
    func installedCopyWorks(engine: String) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let binary = try installedBinary(in: home)
        let empty = home.path + "/work"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let environment = try engine == "postgres" ? ["DATABASE_URL": PostgresTarget.fresh().url] : [:]
        let migrate = try run(binary, ["migrate"], environment: environment, in: empty)
        #expect(migrate.status == 0, "\(migrate.standardError)")
        #expect(migrate.standardOutput.contains("\(engine): applied 9 migrations"))
        let status = try run(binary, ["migrate", "verify"], environment: environment, in: empty)
        #expect(status.status == 0, "\(status.standardError)")
        #expect(try run(binary, ["train"], environment: environment, in: empty).status == 0)
        let predict = try run(binary, ["predict", "--bill-length", "45", "--species", "Gentoo", "--sex", "male"], environment: environment, in: empty)
        #expect(predict.standardOutput.hasPrefix("5275.66 g"), "\(predict.standardError)")
    }

    @Test("The built-in migrations record the same checksums as the migrations folder")
    func sameChecksumsAsTheFolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let builtIn = ["DATABASE_URL": "sqlite:\(directory.path)/built-in.sqlite"]
        let folder = ["DATABASE_URL": "sqlite:\(directory.path)/folder.sqlite"]
        #expect(try PenguinsProcess.run(["migrate"], environment: builtIn, in: directory.path).status == 0)
        #expect(try PenguinsProcess.run(["migrate", "--migrations", PenguinsProcess.migrations], environment: folder, in: directory.path).status == 0)
        // Each database verifies against the other source: the checksums are the files' own.
        #expect(try PenguinsProcess.run(["migrate", "verify", "--migrations", PenguinsProcess.migrations], environment: builtIn, in: directory.path).status == 0)
        #expect(try PenguinsProcess.run(["migrate", "verify"], environment: folder, in: directory.path).status == 0)
    }

    @Test("PENGUINS_MIGRATIONS_DIR and --migrations still select a user's own folder")
    func ownFolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let own = directory.path + "/own"
        try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
        try Data("CREATE TABLE notes (id integer PRIMARY KEY);\n".utf8).write(to: URL(fileURLWithPath: own + "/0001_notes.sql"))
        let fromVariable = try PenguinsProcess.run(["migrate"], environment: ["PENGUINS_MIGRATIONS_DIR": own], in: directory.path)
        #expect(fromVariable.standardOutput.contains("applied 0001_notes.sql"), "\(fromVariable.standardError)")
        let missing = try PenguinsProcess.run(
            ["migrate", "--migrations", directory.path + "/absent"], environment: ["DATABASE_URL": "sqlite:other.sqlite"], in: directory.path)
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("no migrations directory at \(directory.path)/absent"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/other.sqlite"))
    }

    @Test("A command that fails before it did anything leaves no database file behind")
    func noEmptyFileLeftBehind() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for arguments in [["load"], ["train"], ["models", "list"], ["migrate", "status"]] {
            let outcome = try PenguinsProcess.run(arguments, in: directory.path)
            #expect(outcome.status == 1, "\(arguments)")
            #expect(outcome.standardError.hasPrefix("error: cannot open SQLite database 'penguins.sqlite': there is no database file there"))
            #expect(outcome.standardError.contains("run `penguins migrate` to create it"), "\(arguments)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("A dry run on a SQLite file that does not exist yet lists every migration and creates no file")
    func dryRunOnMissingFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let dryRun = try PenguinsProcess.run(["migrate", "--dry-run"], in: directory.path)
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        let listed = dryRun.standardOutput.split(separator: "\n").filter { $0.hasPrefix("would apply 0") }
        #expect(listed.count == 9, "\(dryRun.standardOutput)")
        #expect(dryRun.standardOutput.hasSuffix("sqlite: would apply 9 migrations\n"), "\(dryRun.standardOutput)")
        let upTo = try PenguinsProcess.run(["migrate", "--dry-run", "--to", "1"], in: directory.path)
        #expect(upTo.standardOutput.hasSuffix("sqlite: would apply 1 migration\n"), "\(upTo.standardOutput)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        let migrate = try PenguinsProcess.run(["migrate"], in: directory.path)
        let applied = migrate.standardOutput.split(separator: "\n").filter { $0.hasPrefix("applied 0") }
        #expect(applied.map { $0.dropFirst("applied".count) } == listed.map { $0.dropFirst("would apply".count) })
    }
}
