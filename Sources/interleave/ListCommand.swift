import ArgumentParser
import InterleaveScenario

/// `interleave list`: the shipped scenarios, each with what it teaches.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the catalogue's scenarios with what each one teaches."
    )

    func run() throws {
        let width = Catalogue.entries.map(\.name.count).max() ?? 0
        for entry in Catalogue.entries {
            print(entry.name + String(repeating: " ", count: width - entry.name.count) + "  " + entry.summary)
        }
    }
}
