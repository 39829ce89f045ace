import ArgumentParser
import InterleaveCore
import InterleaveDemos
import InterleaveRuntime

/// `interleave demo`: runs a built-in program headless and prints its output and summary.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a built-in program headless and print what it printed and a summary.",
        discussion: "Exits with 1 when an expectation fails, the program deadlocks, or it makes an error."
    )

    @Argument(help: "The demo to run (see --list).")
    var name: String = "workers"

    @Flag(help: "List the demos and exit.")
    var list = false

    @Flag(help: "Print every event as it happens.")
    var events = false

    @OptionGroup var machine: MachineOptions

    func validate() throws {
        if machine.policy == "manual" {
            throw ValidationError("policy 'manual' asks you to make every scheduling choice, which a headless run cannot do. Use another policy here.")
        }
        if !list && Demos.catalogue.first(where: { $0.name == name }) == nil {
            throw ValidationError("unknown demo '\(name)'. Run 'interleave demo --list' to see the demos.")
        }
    }

    func run() async throws {
        if list {
            let width = Demos.catalogue.map(\.name.count).max() ?? 0
            for demo in Demos.catalogue {
                print(demo.name + String(repeating: " ", count: width - demo.name.count) + "  " + demo.summary)
            }
            return
        }
        let program = Demos.catalogue.first { $0.name == name }!.make()
        let config = machine.config
        let session = Session(machine: Machine(program: program, config: config))
        async let finished = session.run()

        var names = EventNames(program: program)
        var summary = Summary(program: program)
        for await update in session.updates {
            guard case .events(let batch) = update else { continue }
            for event in batch {
                names.observe(event)
                summary.consume(event)
                if events {
                    print(names.line(event))
                } else if case .printed(let text) = event.kind {
                    print(text)
                }
            }
        }
        _ = await finished
        print("")
        print(summary.text(config: config), terminator: "")
        if !summary.succeeded { throw ExitCode(1) }
    }
}
