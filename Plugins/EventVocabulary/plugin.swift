import Foundation
import PackagePlugin

/// Generates the event vocabulary's Swift code from `Events/Vocabulary.events`: `Event.Kind` and the
/// types its fields hold, with their tags, names, field walks, words, touches and examples.
@main
struct EventVocabulary: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let input = target.directoryURL.appending(path: "Events/Vocabulary.events")
        let output = context.pluginWorkDirectoryURL.appending(path: "Vocabulary.swift")
        return [
            .buildCommand(
                displayName: "Generating the event vocabulary",
                executable: try context.tool(named: "generate-vocabulary").url,
                arguments: [input.path, output.path],
                inputFiles: [input],
                outputFiles: [output]
            ),
        ]
    }
}
