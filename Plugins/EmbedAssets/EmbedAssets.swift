import Foundation
import PackagePlugin

/// Builds files of `Assets/` into the binary, so `interleave` finds them from any directory: each
/// becomes a string in a generated Swift file. The scenario catalogue (`Assets/scenarios/*.py` and
/// `*.ilv`) goes into InterleaveScenario; the probe a real Python process runs (`Assets/probe/*.py`)
/// into InterleaveProbe.
@main
struct EmbedAssets: BuildToolPlugin {
    /// What each target embeds: a folder of Assets, the files' extensions, the array's name.
    static let assets: [String: (folder: String, extensions: Set<String>, variable: String)] = [
        "InterleaveScenario": ("scenarios", ["ilv", "py"], "catalogueSources"),
        "InterleaveProbe": ("probe", ["py"], "probeSources"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let asset = Self.assets[target.name] else { return [] }
        let directory = context.package.directoryURL.appending(path: "Assets/\(asset.folder)")
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { asset.extensions.contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(asset.variable).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files of Assets/\(asset.folder)",
                executable: try context.tool(named: "embed-assets").url,
                arguments: [output.path, asset.variable] + files.map(\.path),
                inputFiles: files + [directory],
                outputFiles: [output]
            ),
        ]
    }
}
