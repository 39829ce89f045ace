import ArgumentParser
import Foundation
import InterleaveCore
import InterleaveProbe
import InterleaveReports
import InterleaveRuntime
import InterleaveScenario
import InterleaveTerminal

/// `interleave run`: runs a scenario and shows what happened.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario: a .ilv file or a catalogue name (see 'interleave list').",
        discussion: """
            Opens the full-screen view and shows the run live (press ? for the keys); the summary \
            is printed when you quit. The view needs a terminal: to write to a pipe or a file, use \
            --headless, which prints what the program printed, a timeline of every thread (one glyph per \
            state) and the summary. Options override the scenario's own 'config' lines.
            """
    )

    @Argument(help: "A scenario file, or the name of a catalogue scenario.")
    var scenario: String = Catalogue.defaultName

    @Flag(help: "Print the output, a text timeline and the summary instead of opening the full-screen view.")
    var headless = false

    @OptionGroup var screen: ScreenOptions

    @Flag(help: "Print the summary as one JSON object instead (see README's 'JSON summary').")
    var json = false

    @Flag(help: "Print every event as it happens.")
    var events = false

    @Option(name: .customLong("record"), help: ArgumentHelp("Write a recording of the run to this file as it goes (see 'interleave replay').",
                                                            valueName: "file"))
    var record: String?

    @Flag(help: "Run a Python program in a real CPython (python3 on PATH, or --python), watched: its real threads, locks and waits.")
    var real = false

    @Option(help: ArgumentHelp("The Python to run a --real program with (3.11 to 3.13; default python3 on PATH).", valueName: "path"))
    var python: String?

    @Flag(help: ArgumentHelp("With --real: run the program under Interleave's schedule, one thread at a time, with virtual time; --policy (\(RunCommand.controlPolicies.joined(separator: ", ")); default random) and --seed decide who goes next."))
    var control = false

    @Flag(help: "With --control: every read and write of a module global or an attribute of the program's own objects is a scheduling point too (so `counter += 1` can lose an update); slower.")
    var accesses = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The program's own arguments, after --.", valueName: "args"))
    var programArguments: [String] = []

    @OptionGroup var machine: MachineOptions

    @OptionGroup var watch: WatchOptions

    /// The policies that can decide a real program's schedule: the thread waiting longest goes
    /// first (rr), at random, PCT, or you.
    static let controlPolicies = ["rr", "random", "pct", "manual"]

    /// How `--control` decides (nil without it): the policy (random by default) and the seed (1).
    var controlSettings: ObservedSource.Control? {
        guard control else { return nil }
        let policy = Policy.named(machine.policy ?? "random", pctDepth: machine.depth ?? 3) ?? .random
        return ObservedSource.Control(policy: policy, seed: machine.seed ?? 1)
    }

    func validate() throws {
        if real && control {
            if machine.shapesSimulator {
                throw ValidationError("--cores, --switch-interval, --quantum, --latency and --max-steps shape the simulator; under --control only --policy, --seed and --depth apply.")
            }
            if let policy = machine.policy, !Self.controlPolicies.contains(policy) {
                throw ValidationError("under --control, the policy is one of \(Self.controlPolicies.joined(separator: ", ")), not '\(policy)' (the GIL and cores are CPython's own).")
            }
        } else if control {
            throw ValidationError("--control goes with --real: interleave run prog.py --real --control")
        }
        if accesses && !control {
            throw ValidationError("--accesses goes with --control: interleave run prog.py --real --control --accesses")
        }
        if real {
            if machine.given && !control {
                throw ValidationError("--policy, --seed, --cores and the other machine options shape the simulator; a --real run is CPython's own scheduling. Leave them out, add --control (--policy and --seed then decide who goes next), or drop --real.")
            }
            if watch.given {
                throw ValidationError("--break-on and --break-at are not available with --real yet; pause the view with space instead.")
            }
            if !Scenario.isPython(scenario) {
                throw ValidationError("--real runs a Python program (a .py file), not '\(scenario)'.")
            }
        } else if python != nil || !programArguments.isEmpty {
            throw ValidationError(python != nil ? "--python goes with --real." : "a program's own arguments (after --) go with --real.")
        }
        if json && events {
            throw ValidationError("--json and --events both write to standard output; choose one.")
        }
        if watch.given && (headless || json || events) {
            throw ValidationError("--break-on and --break-at pause the full-screen view; a run with --headless, --json or --events has none to pause.")
        }
        if machine.policy == "manual" && (headless || json || events) {
            throw ValidationError("policy 'manual' asks you to make every scheduling choice, which a headless run cannot do. Use another policy here.")
        }
        if json && events {
            throw ValidationError("--json and --events both write to standard output; choose one.")
        }
    }

    func run() async throws {
        try OutputFile.checkNotInput(record, option: "--record", input: self.scenario, what: "scenario")
        if real {
            try await RealRun.run(self)
            return
        }
        let scenario = try ScenarioLoader.load(self.scenario)
        let settings = scenario.settings.overridden(by: machine.overrides)
        let config = settings.config
        let interactive = !headless && !json && !events
        let watchpoints = try watch.watchpoints(for: scenario)
        if interactive { try LiveView.requireTerminal(for: .run) }
        if settings.policy == "manual" && !interactive {
            ScenarioLoader.report(["interleave: policy 'manual' asks you to make every scheduling choice, which a headless run cannot do; "
                + "run it in a terminal, or choose another policy with --policy"])
            throw ExitCode.badInput
        }
        if interactive {
            let summary: Summary
            let finalConfig: MachineConfig
            do {
                (summary, finalConfig) = try await LiveView.run(scenario, config: config, screen: screen, record: record,
                                                                watchpoints: watchpoints)
            } catch let error as Terminal.OpenError {
                ScenarioLoader.report(["interleave: \(error.description)"])
                throw ExitCode.badInput
            }
            print(summary.text(config: finalConfig), terminator: "")
            // Quitting early is not a failure; a run that ended is judged as a headless one.
            if summary.outcome != nil && !summary.succeeded { throw ExitCode.runFailed }
            return
        }
        // The recording's file first: a path that can't be written stops the run before it starts.
        var writer = try record.map { try RecordingFile.create($0, header: RecordingFile.header(scenario, config: config)) }
        let session = Session(Simulation(program: scenario.program, config: config))
        async let finished = session.run()
        var report = HeadlessReport(program: scenario.program, style: json ? .json : events ? .events : .text)
        var failure: Error?
        for await update in session.updates {
            guard case .events(let batch) = update else { continue }
            do { try writer?.append(batch) } catch {
                // A full disk, say: stop the run (reading on, so the engine never waits on the channel).
                if failure == nil { _ = session.controls.trySend(.stop) }
                failure = failure ?? error
                writer = nil
            }
            for event in batch { report.consume(event) }
        }
        _ = await finished
        if let failure, let record {
            ScenarioLoader.report(["interleave: \(record): the recording could not be written (\(failure.localizedDescription))"])
            throw ExitCode.badInput
        }
        try writer?.finish()
        report.finish(scenario: scenario.name, config: config)
        if !report.summary.succeeded { throw ExitCode.runFailed }
    }
}
