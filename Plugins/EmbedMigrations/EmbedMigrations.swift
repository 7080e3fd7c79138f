import Foundation
import PackagePlugin

/// Generates Swift source holding every file of the package's `migrations/` folder, so the built binary
/// carries its migrations and works from any directory, installed or copied, with no checkout beside it.
///
/// Each file is an input of the build command, so editing, adding or removing one regenerates the source.
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "migrations")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path(percentEncoded: false)).filter { !$0.hasPrefix(".") }.sorted()
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrationFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(names.count) files of migrations/",
                executable: try context.tool(named: "MigrationEmbedder").url,
                arguments: [directory.path(percentEncoded: false), output.path(percentEncoded: false)],
                inputFiles: names.map { directory.appending(path: $0) },
                outputFiles: [output])
        ]
    }
}
