import Foundation
import PackagePlugin

/// Builds the scenario catalogue into the binary: every `Assets/scenarios/*.py` and `*.ilv` becomes a
/// string in a generated Swift file, so `interleave` finds them by name from any directory.
@main
struct EmbedScenarios: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "Assets/scenarios")
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "ilv" || $0.pathExtension == "py" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "CatalogueSources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) catalogue scenarios",
                executable: try context.tool(named: "embed-scenarios").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files + [directory],
                outputFiles: [output]
            ),
        ]
    }
}
