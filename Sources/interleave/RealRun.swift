import ArgumentParser
import Foundation
import InterleaveApp
import InterleaveCore
import InterleaveProbe
import InterleaveRecording
import InterleaveRuntime
import InterleaveScenario
import InterleaveTerminal

/// `interleave run prog.py --real`: the program run in a real CPython with the probe, its threads
/// shown as they go (the view) or reported when it ends (headless), and `replay` of such a run.
enum RealRun {
    /// Runs the program and shows or reports it; Interleave's exit status follows the program's.
    static func run(_ command: RunCommand) async throws {
        let path = command.scenario
        let source = try program(at: path)
        let interactive = !command.headless && !command.json && !command.events
        if interactive { try LiveView.requireTerminal(for: .run) }
        let control = command.controlSettings
        // Under control the program's clock starts at the wall clock's time now, and the
        // recording keeps it, so a run again reads the same times.
        let scheduling = control.map {
            ObservedProcess.Scheduling(epoch: Int64(Date().timeIntervalSince1970 * 1e9), accesses: command.accesses, seed: $0.seed,
                                       chooser: $0.policy.chooser)
        }
        // The recording's file before the program starts: a path that can't be written stops here.
        let name = Scenario.name(ofFile: path)
        var writer: RecordingWriter?
        let process: ObservedProcess
        do {
            // In the view the program gets no input and its own writes to stdout and stderr are kept
            // for after; headless, it has Interleave's (but --json and --events keep stdout for themselves).
            let streams = ObservedProcess.Streams(input: !interactive, passThrough: !interactive && !command.json && !command.events,
                                                  ownProcessGroup: interactive)
            process = try await ObservedProcess.launch(python: command.python, script: path, arguments: command.programArguments,
                                                       streams: streams, scheduling: scheduling)
        } catch {
            ScenarioLoader.report(["interleave: \(error.description)"])
            throw ExitCode.badInput
        }
        defer { process.cleanUp() }
        let program = Program.observed(name, by: process.interpreter, controlled: control != nil)
        var header = RecordingFile.header(observed: program, source: source)
        if let control, let scheduling {
            header = RecordingFile.header(controlled: program, source: source, policy: control.policy, seed: control.seed,
                                          path: absolutePath(path), arguments: command.programArguments, scheduling: scheduling)
        }
        do {
            writer = try command.record.map { try RecordingFile.create($0, header: header) }
        } catch {
            process.kill()
            throw error
        }
        let observed = ObservedSource(process: process, program: program, control: control)
        let summary: Summary
        if interactive {
            // A branch (a past choice answered otherwise) runs the program again: a new process.
            let runs = Runs(process)
            let restart: (@Sendable () async -> ObservedSource?)? = control.map { control in
                { @Sendable in
                    // The run before stays until the view closes: a branch that can't be made keeps it.
                    guard let again = try? await ObservedProcess.launch(
                        python: command.python, script: path, arguments: command.programArguments,
                        streams: .init(input: false, passThrough: false, ownProcessGroup: true), scheduling: scheduling) else { return nil }
                    runs.add(again)
                    return ObservedSource(process: again, program: program, control: control)
                }
            }
            defer { runs.cleanUpAll(keepingFirst: true) }
            let viewed = ViewedRun(
                name: name, stem: Scenario.stem(of: name), program: program, source: source,
                capabilities: observed.capabilities,
                start: { _, _ in
                    ViewedRun.Started(Session(observed, startPaused: true, keepsAfterEnd: true, restart: restart))
                },
                preview: nil, header: { _ in header })
            writer = nil
            let interrupted: Bool
            do {
                (summary, _, interrupted) = try await LiveView.run(viewed, config: header.config, screen: command.screen,
                                                                   record: command.record, interruptQuits: true)
            } catch let error as Terminal.OpenError {
                runs.killAll()
                ScenarioLoader.report(["interleave: \(error.description)"])
                throw ExitCode.badInput
            }
            // Quitting the view (q, or Ctrl-C) stops the program.
            runs.killAll()
            print(summary.text(), terminator: "")
            if interrupted {
                _ = process.waitForEnd()
                report(process)
                throw ExitCode(128 + SIGINT)
            }
            if control != nil {
                // Under control the run shown may be a branch's, another process: its stream says how it ended.
                _ = process.waitForEnd()
                report(process)
                if summary.outcome == .deadlock {
                    ScenarioLoader.report(["interleave: the program deadlocked, so Interleave stopped it"])
                }
                if summary.outcome != nil && !summary.succeeded { throw ExitCode.runFailed }
                return
            }
        } else {
            let session = Session(observed)
            async let finished = session.run()
            var report = HeadlessReport(program: program, style: command.json ? .json : command.events ? .events : .text)
            var failure: Error?
            for await update in session.updates {
                guard case .events(let batch) = update else { continue }
                do { try writer?.append(batch) } catch {
                    failure = failure ?? error
                    writer = nil
                }
                for event in batch { report.consume(event) }
            }
            _ = await finished
            if let failure, let record = command.record {
                ScenarioLoader.report(["interleave: \(record): the recording could not be written (\(failure.localizedDescription))"])
            }
            try writer?.finish()
            report.finish(scenario: name, config: header.config)
            summary = report.summary
        }
        let end = process.waitForEnd()
        report(process)
        // The stream's end as the source saw it: the view may have been quit before it showed it.
        if summary.outcome == .deadlock || process.outcome == .deadlock {
            ScenarioLoader.report(["interleave: the program deadlocked, so Interleave stopped it"])
            throw ExitCode.runFailed
        }
        switch end {
        case .exited(let status) where status != 0: throw ExitCode(status)
        case .signalled(let signal):
            // Quitting the view early is not a failure of the program.
            if interactive && summary.outcome == nil { return }
            throw ExitCode(128 + signal)
        default: break
        }
    }

    /// The source of the Python program at `path`; a file that can't be read stops here, with a message.
    static func program(at path: String) throws -> String {
        switch ScenarioLoader.read(path, kind: "a Python program") {
        case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .failure(let problem):
            ScenarioLoader.report(["interleave: " + problem.message])
            throw ExitCode.badInput
        }
    }

    /// `path` made absolute (from the current directory).
    static func absolutePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }


    /// What the program wrote past `print` (a traceback, C code) when it was kept, then what
    /// Interleave noticed (to stderr, after the run).
    private static func report(_ process: ObservedProcess) {
        let output = process.capturedOutput()
        if !output.isEmpty { FileHandle.standardError.write(Data(output.utf8)) }
        let errors = process.capturedErrors()
        if !errors.isEmpty { FileHandle.standardError.write(Data(errors.utf8)) }
        for note in process.notes { ScenarioLoader.report(["interleave: note: \(note)"]) }
    }

    /// A recorded run under Interleave's schedule, started again: the program (its file, or the
    /// recorded source when the file is gone), its arguments and clock, its choices to be given
    /// as recorded. What the user should know (another Python, another file) goes to stderr.
    static func rerun(_ recording: Recording, program: Program, python: String?, streams: ObservedProcess.Streams)
        async throws -> (process: ObservedProcess, source: ObservedSource) {
        let header = recording.header
        guard let rerun = header.rerun else { throw ExitCode.badInput }
        var path = rerun.path
        if access(path, R_OK) != 0 {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interleave-rerun-\(getpid())")
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            path = directory.appendingPathComponent(header.scenarioName).path
            do { try header.source.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                ScenarioLoader.report(["interleave: can't write the recorded program to \(path) (\(error.localizedDescription))"])
                throw ExitCode.badInput
            }
            ScenarioLoader.report(["interleave: note: \(rerun.path) is gone; running the program's source as recorded"])
        }
        let process: ObservedProcess
        do {
            process = try await ObservedProcess.launch(python: python, script: path, arguments: rerun.arguments, streams: streams,
                                                       scheduling: .init(epoch: rerun.epoch, accesses: rerun.accesses,
                                                                         seed: header.config.seed))
        } catch {
            ScenarioLoader.report(["interleave: \(error.description)"])
            throw ExitCode.badInput
        }
        if let recorded = header.observed, recorded != process.interpreter {
            ScenarioLoader.report(["interleave: note: recorded with \(recorded), running \(process.interpreter): the run may differ"])
        }
        let control = ObservedSource.Control(policy: .answered(header.config.policy), seed: header.config.seed)
        return (process, ObservedSource(process: process, program: program, control: control))
    }

    /// Opens the recording of a real process's run in the view: its events as recorded, or, for a
    /// run under Interleave's schedule, the program run again with its recorded choices.
    static func replay(_ recording: Recording, program: Program, screen: ScreenOptions, python: String?) async throws {
        try LiveView.requireTerminal(for: .replay)
        let header = recording.header
        if header.rerun != nil {
            try await replayAgain(recording, program: program, screen: screen, python: python)
            return
        }
        let viewed = ViewedRun(
            name: header.scenarioName, stem: Scenario.stem(of: header.scenarioName),
            program: program, source: header.source, capabilities: [],
            start: { _, _ in
                ViewedRun.Started(Session(RecordedSource(recording, program: program), startPaused: true, keepsAfterEnd: true))
            },
            preview: { _, _ in RunPreview(length: recording.events.last?.time ?? 0, complete: true) },
            header: { _ in header })
        let summary: Summary
        do {
            (summary, _, _) = try await LiveView.run(viewed, config: header.config, screen: screen, record: nil)
        } catch let error as Terminal.OpenError {
            ScenarioLoader.report(["interleave: \(error.description)"])
            throw ExitCode.badInput
        }
        print(summary.text(), terminator: "")
        if summary.outcome != nil && !summary.succeeded { throw ExitCode.runFailed }
    }

    /// The program run again with the recorded choices, against the recording: where it parts (nil:
    /// it makes every recorded event), and the Python that ran it.
    private static func difference(_ recording: Recording, program: Program, python: String?)
        async throws -> (difference: Reproduction.Difference?, interpreter: String) {
        let (process, source) = try await rerun(recording, program: program, python: python,
                                                streams: .init(input: false, passThrough: false))
        let difference = Reproduction.difference(recording, running: source, program: program)
        source.stop()
        return (difference, process.interpreter)
    }

    /// Checks that the program, run again with the recorded choices, makes the recorded events;
    /// says where it parts from them if not (and exits 1).
    static func verify(_ recording: Recording, program: Program, file: String, python: String?) async throws {
        let (difference, interpreter) = try await difference(recording, program: program, python: python)
        let header = recording.header
        if let difference {
            let choices = recording.events.prefix(difference.event).filter { if case .choice = $0.kind { true } else { false } }.count
            difference.report("\(file): the program no longer follows the recording: event \(difference.event) (after choice \(choices)) differs")
            throw ExitCode.runFailed
        }
        let moved = recording.events.contains { if case .uncontrolled = $0.kind { true } else { false } }
        print("\(file): verified: \(header.scenarioName) run again in real \(interpreter) with its "
            + "\(recording.answers.count) recorded choices reproduces all \(recording.events.count) recorded events"
            + Reproduction.ending(of: recording)
            + (moved ? " (though the run moved on without the schedule's decision: it may not always replay)" : ""))
    }

    /// The view on a recorded run under the schedule, run again with its choices (checked first).
    private static func replayAgain(_ recording: Recording, program: Program, screen: ScreenOptions, python: String?) async throws {
        let header = recording.header
        let name = header.scenarioName
        if let difference = try await difference(recording, program: program, python: python).difference {
            ScenarioLoader.report(["interleave: the program no longer follows the recording (event \(difference.event) was "
                + "'\(difference.recorded)', now '\(difference.now)'), so the view can't replay it; "
                + "'interleave replay FILE --headless' prints the recorded events"])
            throw ExitCode.runFailed
        }
        let streams = ObservedProcess.Streams(input: false, passThrough: false, ownProcessGroup: true)
        let (process, source) = try await rerun(recording, program: program, python: python, streams: streams)
        let runs = Runs(process)
        defer { runs.cleanUpAll() }
        let restart: @Sendable () async -> ObservedSource? = {
            guard let (again, source) = try? await rerun(recording, program: program, python: python, streams: streams) else { return nil }
            runs.add(again)
            return source
        }
        let answers = recording.answers
        let viewed = ViewedRun(
            name: name, stem: Scenario.stem(of: name), program: program, source: header.source, capabilities: source.capabilities,
            start: { _, _ in
                ViewedRun.Started(Session(source, startPaused: true, answers: answers, keepsAfterEnd: true, restart: restart))
            },
            preview: nil, header: { _ in header })
        let summary: Summary
        do {
            (summary, _, _) = try await LiveView.run(viewed, config: header.config, screen: screen, record: nil,
                                                     opening: ReplayCommand.opening(recording), interruptQuits: true)
        } catch let error as Terminal.OpenError {
            runs.killAll()
            ScenarioLoader.report(["interleave: \(error.description)"])
            throw ExitCode.badInput
        }
        runs.killAll()
        print(summary.text(config: header.config), terminator: "")
        // As the recording ended (a replay quit at its failing step still failed), or as the run shown ended.
        var recorded = Summary(program: program)
        recorded.consume(recording.events)
        if (recorded.outcome != nil && !recorded.succeeded) || (summary.outcome != nil && !summary.succeeded) {
            throw ExitCode.runFailed
        }
    }
}

/// The processes a view of a real program under the schedule started: the first, and one more for
/// each branch (which stops the one before). All are stopped when the view closes.
final class Runs: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [ObservedProcess]

    init(_ first: ObservedProcess) { all = [first] }

    func add(_ process: ObservedProcess) { lock.withLock { all.append(process) } }

    func killAll() { for process in lock.withLock({ all }) { process.kill() } }

    /// Removes the files each left (but the first's, when its caller reads them after).
    func cleanUpAll(keepingFirst: Bool = false) {
        for process in lock.withLock({ all.dropFirst(keepingFirst ? 1 : 0) }) { process.cleanUp() }
    }
}
