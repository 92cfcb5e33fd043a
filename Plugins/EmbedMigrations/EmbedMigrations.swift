import Foundation
import PackagePlugin

/// Embeds every `migrations/<dialect>/*.sql` file into the target, so adding a migration is
/// adding its file: the list is made from the folders at each build (no list to keep in sync).
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "migrations")
        var inputs: [URL] = []
        for dialect in ["sqlite", "postgres"] {
            let folder = root.appending(path: dialect)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            inputs += names.filter { $0.hasSuffix(".sql") }.sorted().map { folder.appending(path: $0) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrationFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) migration files",
                executable: try context.tool(named: "migration-embedder").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs, outputFiles: [output])
        ]
    }
}
