import ArgumentParser
import Foundation
import InterleaveApp
import InterleaveCore
import InterleaveProbe
import InterleaveRecording
import InterleaveRuntime
import InterleaveTerminal

/// `interleave run prog.py --real`: the program run in a real CPython with the probe, its threads
/// shown as they go (the view) or reported when it ends (headless), and `replay` of such a run.
enum RealRun {
    /// Runs the program and shows or reports it; Interleave's exit status follows the program's.
    static func run(_ command: RunCommand) async throws {
        let path = command.scenario
        let source: String
        switch ScenarioLoader.read(path, kind: "a Python program") {
        case .success(let bytes): source = String(decoding: bytes, as: UTF8.self)
        case .failure(let problem):
            ScenarioLoader.report(["interleave: " + problem.message])
            throw ExitCode.badInput
        }
        let interactive = !command.headless && !command.json && !command.events
        if interactive { try LiveView.requireTerminal(for: .run) }
        // The recording's file before the program starts: a path that can't be written stops here.
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var writer: RecordingWriter?
        let process: ObservedProcess
        do {
            // In the view the program gets no input and its own writes to stdout and stderr are kept
            // for after; headless, it has Interleave's (but --json and --events keep stdout for themselves).
            let streams = ObservedProcess.Streams(input: !interactive, passThrough: !interactive && !command.json && !command.events,
                                                  ownProcessGroup: interactive)
            process = try await ObservedProcess.launch(python: command.python, script: path, arguments: command.programArguments,
                                                       streams: streams)
        } catch {
            ScenarioLoader.report(["interleave: \(error.description)"])
            throw ExitCode.badInput
        }
        defer { process.cleanUp() }
        let program = Program.observed(name, by: process.interpreter)
        let header = RecordingFile.header(observed: program, source: source)
        do {
            writer = try command.record.map { try RecordingFile.create($0, header: header) }
        } catch {
            process.kill()
            throw error
        }
        let observed = ObservedSource(process: process, program: program)
        let summary: Summary
        if interactive {
            let viewed = ViewedRun(
                name: name, stem: stem(of: name), program: program, source: source,
                capabilities: [],
                start: { _, _ in ViewedRun.Started(Session(observed, startPaused: true, keepsAfterEnd: true)) },
                preview: nil, header: { _ in header })
            writer = nil
            let interrupted: Bool
            do {
                (summary, _, interrupted) = try await LiveView.run(viewed, config: MachineConfig(), screen: command.screen,
                                                                   record: command.record, interruptQuits: true)
            } catch let error as Terminal.OpenError {
                process.kill()
                ScenarioLoader.report(["interleave: \(error.description)"])
                throw ExitCode.badInput
            }
            // Quitting the view (q, or Ctrl-C) stops the program.
            process.kill()
            print(summary.text(), terminator: "")
            if interrupted {
                _ = process.waitForEnd()
                report(process)
                throw ExitCode(128 + SIGINT)
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
            report.finish(scenario: name, config: MachineConfig())
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

    /// The name for files made from a program's run: its file's without `.py` (`workers-real.ilvrec`).
    private static func stem(of name: String) -> String {
        name.hasSuffix(".py") ? String(name.dropLast(3)) : name
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

    /// Opens the recording of a real process's run in the view: its events as recorded.
    static func replay(_ recording: Recording, program: Program, screen: ScreenOptions, watch: WatchOptions) async throws {
        try LiveView.requireTerminal(for: .replay)
        let header = recording.header
        let viewed = ViewedRun(
            name: header.scenarioName, stem: stem(of: header.scenarioName),
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
}
