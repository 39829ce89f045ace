import ArgumentParser
import Foundation
import InterleaveCore
import InterleaveReports
import InterleaveRuntime
import InterleaveScenario

/// `interleave run`: runs a scenario and shows what happened.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario: a .ilv file or a catalogue name (see 'interleave list').",
        discussion: """
            Prints what the program printed, a timeline of every thread (one glyph per state) and a \
            summary. Options override the scenario's own 'config' lines. Until the full-screen UI \
            exists, every run is headless.
            """
    )

    @Argument(help: "A scenario file, or the name of a catalogue scenario.")
    var scenario: String = Catalogue.defaultName

    @Flag(help: "Print the timeline and summary as text (the only mode until the UI lands).")
    var headless = false

    @Flag(help: "Print the summary as one JSON object instead (see README's 'JSON summary').")
    var json = false

    @Flag(help: "Print every event as it happens.")
    var events = false

    @OptionGroup var machine: MachineOptions

    func validate() throws {
        if machine.policy == "manual" {
            throw ValidationError("policy 'manual' asks you to make every scheduling choice, which a headless run cannot do. Use another policy here.")
        }
        if json && events {
            throw ValidationError("--json and --events both write to standard output; choose one.")
        }
    }

    func run() async throws {
        let scenario = try ScenarioLoader.load(self.scenario)
        let settings = scenario.settings.overridden(by: machine.overrides)
        if settings.policy == "manual" {
            ScenarioLoader.report(["\(scenario.source.name): its 'config policy = manual' needs the interactive UI; run it with --policy gil (or another policy) for now"])
            throw ExitCode.badInput
        }
        let config = settings.config
        let program = scenario.program
        let session = Session(machine: Machine(program: program, config: config))
        async let finished = session.run()

        let width = TerminalWidth.current
        var names = EventNames(program: program)
        var summary = Summary(program: program)
        var timeline = Timeline(columns: width)
        for await update in session.updates {
            guard case .events(let batch) = update else { continue }
            for event in batch {
                summary.consume(event)
                timeline.consume(event)
                if events {
                    names.observe(event)
                    print(names.line(event))
                } else if !json, case .printed(let text) = event.kind {
                    print(text)
                }
            }
        }
        _ = await finished
        if json {
            print(summary.json(scenario: scenario.name, config: config).text)
        } else {
            print("")
            print(timeline.text(width: width))
            print(summary.text(config: config), terminator: "")
        }
        if !summary.succeeded { throw ExitCode.runFailed }
    }
}
