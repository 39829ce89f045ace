import ArgumentParser
import InterleaveCore
import InterleaveRecording

/// `interleave verify`: runs a recording's scenario again and checks that it reproduces the events.
struct VerifyCommand: ParsableCommand {
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

    func run() throws {
        let recording = try RecordingFile.read(file)
        let header = recording.header
        let scenario = try RecordingFile.scenario(of: recording, path: file)
        var answers = recording.events.compactMap { event -> Int? in
            if case .choice(_, _, let chosen) = event.kind { return Int(chosen) }
            return nil
        }.makeIterator()
        var machine = Machine(program: scenario.program, config: header.config)
        var names = EventNames(program: scenario.program)
        var index = 0
        var batch: [Event] = []
        let recorded = recording.events
        var surplus: Event?
        run: while index < recorded.count {
            batch.removeAll(keepingCapacity: true)
            let status = machine.run(RunLimit(maxEvents: 4096), into: &batch)
            for event in batch {
                guard index < recorded.count else {
                    surplus = event
                    break run
                }
                names.observe(recorded[index])
                if event != recorded[index] {
                    print("\(file): event \(index) differs")
                    print("  recorded: \(names.line(recorded[index]))")
                    var current = names
                    current.observe(event)
                    print("  now:      \(current.line(event))")
                    throw ExitCode.runFailed
                }
                index += 1
            }
            switch status {
            case .finished:
                break run
            case .awaitingChoice:
                guard let answer = answers.next(), (try? machine.answer(answer)) != nil else { break run }
            default:
                continue
            }
        }
        if index < recorded.count {
            names.observe(recorded[index])
            print("\(file): event \(index) differs")
            print("  recorded: \(names.line(recorded[index]))")
            print("  now:      the run ended after \(index) events")
            throw ExitCode.runFailed
        }
        // A recording of a run that ended must end where the run ends; one saved or cut mid-run is checked as far as it goes.
        var ended = false
        if case .finished? = recorded.last?.kind { ended = true }
        if ended {
            var extra: [Event] = []
            if surplus == nil { _ = machine.run(RunLimit(maxEvents: 1), into: &extra) }
            if let event = surplus ?? extra.first {
                var current = names
                current.observe(event)
                print("\(file): event \(index) differs")
                print("  recorded: the end of the run")
                print("  now:      \(current.line(event))")
                throw ExitCode.runFailed
            }
        }
        let policy = header.config.policy.name
        print("\(file): verified: \(header.scenarioName) under \(policy), seed \(header.config.seed), "
            + "reproduces all \(recorded.count) recorded events"
            + (recording.cutShort ? " (the recording was cut short)" : ended ? "" : " (the run was recorded before it ended)"))
    }
}
