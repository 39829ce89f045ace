import ArgumentParser
import InterleaveCore

/// The `interleave` command.
@main
struct Interleave: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "interleave",
        abstract: "Watch, step through, record and replay how threads are scheduled.",
        discussion: """
            Interleave simulates threads on virtual cores in virtual time, under a policy such as \
            CPython's GIL, and shows every scheduling decision. Runs are deterministic: the same \
            program, policy and seed always give the same events.
            """,
        version: version,
        subcommands: [DemoCommand.self],
        defaultSubcommand: DemoCommand.self
    )
}
