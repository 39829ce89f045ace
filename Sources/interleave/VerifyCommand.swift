import ArgumentParser
import InterleaveCore
import InterleaveRecording

/// `interleave verify`: runs a recording's scenario again and checks that it reproduces the events.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that a recording reproduces: run its scenario again and compare every event.",
        discussion: """
            Re-simulates the scenario the recording carries under its recorded policy, seed and \
            options, answering manual choices as recorded, and compares the events one by one. \
            Exit status 0 when they all match, 1 at the first difference (its event number, what \
            was recorded and what came), 2 when the file can't be read.
            """
    )

    @Argument(help: "A recording file.")
    var file: String

    @Option(help: ArgumentHelp("The Python to run a recorded real program again with (a run under --control; default python3 on PATH).", valueName: "path"))
    var python: String?

    func run() async throws {
        let (recording, compiled, program) = try RecordingFile.open(file)
        let header = recording.header
        if compiled == nil && header.rerun != nil {
            try await RealRun.verify(recording, program: program, file: file, python: python)
            return
        }
        guard let scenario = compiled else {
            // A real process's run: no simulator can run it again, and reading it checked every event.
            print("\(file): a run of \(header.scenarioName) observed in real \(program.observed ?? "Python"); "
                + "all \(recording.events.count) recorded events read back whole (verify re-runs simulated recordings only)")
            return
        }
        if let difference = Reproduction.difference(recording, scenario) {
            difference.report("\(file): event \(difference.event) differs")
            throw ExitCode.runFailed
        }
        print("\(file): verified: \(header.scenarioName) under \(header.config.policy.name), seed \(header.config.seed), "
            + "reproduces all \(recording.events.count) recorded events" + Reproduction.ending(of: recording))
    }
}
