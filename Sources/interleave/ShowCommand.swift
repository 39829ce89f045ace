import ArgumentParser
import InterleaveScenario

/// `interleave show`: prints a catalogue scenario's source, to read or to copy and change.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a catalogue scenario's source."
    )

    @Argument(help: "A catalogue name (see 'interleave list').")
    var name: String

    func validate() throws {
        guard Catalogue.entry(named: name) != nil else {
            let hint = Suggestions.nearest(to: name, in: Catalogue.entries.map(\.name)).map { " Did you mean '\($0)'?" } ?? ""
            throw ValidationError("no catalogue scenario is called '\(name)'.\(hint) 'interleave list' shows them all.")
        }
    }

    func run() throws {
        print(Catalogue.entry(named: name)!.text, terminator: "")
    }
}
