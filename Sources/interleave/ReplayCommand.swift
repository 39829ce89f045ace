import ArgumentParser
import Foundation
import InterleaveCore
import InterleaveRecording
import InterleaveTerminal

/// `interleave replay`: a recording, in the full-screen view or printed as the run printed it.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recording (made with 'run --record' or 'w' in the full-screen view).",
        discussion: """
            Opens the full-screen view on the recorded run: the scenario it carries, run again under \
            its recorded policy, seed and options, with its recorded choices, so every control of a \
            live session works (it checks first that this gives the recorded events). With --headless, --json or --events, prints the recorded events as \
            'run' printed them. 'interleave verify' checks that a recording still reproduces.
            """
    )

    @Argument(help: "A recording file.")
    var file: String

    @Flag(help: "Print the output, the text timeline and the summary of the recorded events.")
    var headless = false

    @Flag(help: "Print the recorded run's summary as one JSON object.")
    var json = false

    @Flag(help: "Print every recorded event.")
    var events = false

    @OptionGroup var screen: ScreenOptions

    @Option(help: ArgumentHelp("The Python to run a recorded real program again with (a run under --control; default python3 on PATH).", valueName: "path"))
    var python: String?

    @OptionGroup var watch: WatchOptions

    func validate() throws {
        if watch.given && (headless || json || events) {
            throw ValidationError("--break-on and --break-at pause the full-screen view; a replay with --headless, --json or --events has none to pause.")
        }
        if json && events {
            throw ValidationError("--json and --events both write to standard output; choose one.")
        }
    }

    /// Where a recording's view opens: the failure `explore` found, paused, with a note.
    static func opening(_ recording: Recording) -> (event: Int, note: String)? {
        recording.header.focus.map { focus in
            let event = Int(min(focus, UInt64(max(0, recording.events.count - 1))))
            return (event: event, note: "opened at #\(event), where the run fails: , steps back, . steps on, t shows every event, space plays")
        }
    }

    func run() async throws {
        let (recording, compiled, program) = try RecordingFile.open(file)
        let header = recording.header
        if headless || json || events {
            var report = HeadlessReport(program: program, style: json ? .json : events ? .events : .text)
            report.read(RecordedSource(recording, program: program))
            report.finish(scenario: header.scenarioName, config: header.config, reached: recording.reached)
            if report.summary.outcome != nil && !report.summary.succeeded { throw ExitCode.runFailed }
            return
        }
        guard let scenario = compiled else {
            // A real process's run: the view reads its events, as they were recorded.
            try await RealRun.replay(recording, program: program, screen: screen, python: python)
            return
        }
        let watchpoints = try watch.watchpoints(for: scenario)
        // The view runs the scenario again: only if that gives the recorded events is it the recording.
        if let difference = Reproduction.difference(recording, scenario) {
            ScenarioLoader.report(["interleave: \(file): this interleave no longer reproduces the recording "
                + "(event \(difference.event) was '\(difference.recorded)', now '\(difference.now)'), so the view "
                + "can't replay it; 'interleave replay \(file) --headless' prints the recorded events"])
            throw ExitCode.runFailed
        }
        try LiveView.requireTerminal(for: .replay)
        let summary: Summary
        let config: MachineConfig
        do {
            let opening = ReplayCommand.opening(recording)
            (summary, config) = try await LiveView.run(scenario, config: header.config, screen: screen, record: nil,
                                                       answers: header.config.policy.chooser == .manual ? recording.answers : [],
                                                       opening: opening, watchpoints: watchpoints)
        } catch let error as Terminal.OpenError {
            ScenarioLoader.report(["interleave: \(error.description)"])
            throw ExitCode.badInput
        }
        print(summary.text(config: config), terminator: "")
        // As the recording ended (a replay quit at its failing step still failed), or as the run shown ended.
        var recorded = Summary(program: scenario.program)
        recorded.consume(recording.events)
        if (recorded.outcome != nil && !recorded.succeeded) || (summary.outcome != nil && !summary.succeeded) {
            throw ExitCode.runFailed
        }
    }
}
