import ArgumentParser
import Foundation
import InterleaveCore
import InterleaveRecording
import InterleaveProbe
import InterleaveScenario

/// Recording files on disk: one written as a run goes, and one read back, with clear messages.
enum RecordingFile {
    /// The largest recording `replay` and `verify` read.
    static let maxBytes = 1 << 31

    /// The header for a run of `scenario` under `config`.
    static func header(_ scenario: Scenario, config: MachineConfig) -> RecordingHeader {
        RecordingHeader(interleaveVersion: Interleave.version, scenarioName: scenario.name,
                        source: String(decoding: scenario.source.bytes, as: UTF8.self), config: config)
    }

    /// A writer for a new recording at `path` (replacing what is there); every block goes to the
    /// file as soon as it is full, so a killed run leaves a recording that opens.
    static func create(_ path: String, header: RecordingHeader) throws -> RecordingWriter {
        let file = try OutputFile(path, option: "--record", buffered: false)
        do {
            return try RecordingWriter(header: header) { bytes in try file.write(bytes: bytes) }
        } catch {
            ScenarioLoader.report(["interleave: \(path): can't be written (\(error.localizedDescription))"])
            throw ExitCode.badInput
        }
    }

    /// The header for a run observed in a real process: the program's source, and what ran it.
    static func header(observed program: Program, source: String) -> RecordingHeader {
        var header = RecordingHeader(interleaveVersion: Interleave.version, scenarioName: program.name, source: source,
                                     config: MachineConfig())
        header.observed = program.observed
        return header
    }

    /// The header for a real program run under Interleave's schedule: as observed, with the
    /// policy and seed that decided, and how to run it again.
    static func header(controlled program: Program, source: String, policy: Policy, seed: UInt64, path: String,
                       arguments: [String], scheduling: ObservedProcess.Scheduling) -> RecordingHeader {
        var header = header(observed: program, source: source)
        header.config.policy = policy
        header.config.seed = seed
        header.rerun = RecordingHeader.Rerun(path: path, arguments: arguments, epoch: scheduling.epoch, accesses: scheduling.accesses)
        return header
    }

    /// The program of a recording of a real process's run (nil for a simulated one).
    static func observedProgram(_ header: RecordingHeader) -> Program? {
        header.observed.map { Program.observed(header.scenarioName, by: $0, controlled: header.rerun != nil) }
    }

    /// The recording at `path` and its program: the scenario it carries, compiled again (nil for a
    /// run observed in a real process, which only its events tell). A cut-short recording is read
    /// up to its last block, with a note on stderr. Every object an event names is checked against
    /// that program, so a crafted file is damage, not a crash.
    static func open(_ path: String) throws -> (recording: Recording, scenario: Scenario?, program: Program) {
        let bytes: [UInt8]
        switch ScenarioLoader.read(path, limit: maxBytes, kind: "a recording") {
        case .success(let read): bytes = read
        case .failure(let problem):
            ScenarioLoader.report(["interleave: " + problem.message])
            throw ExitCode.badInput
        }
        var compiled: (header: RecordingHeader, result: Result<Scenario, CompileFailure>)?
        var recording: Recording
        do {
            recording = try Recording(bytes: bytes) { header in
                if let observed = observedProgram(header) { return observed }
                let result = Scenario.compile(header.source, name: header.scenarioName)
                compiled = (header, result)
                return try? result.get().program
            }
        } catch {
            var lines = ["interleave: \(path): \(error)"]
            if case .foreign = error, path.hasSuffix(".ilv") {
                lines.append("    hint: a scenario runs with 'interleave run \(path)' (or 'interleave explore \(path)')")
            }
            ScenarioLoader.report(lines)
            throw ExitCode.badInput
        }
        if let observed = observedProgram(recording.header) {
            if recording.cutShort {
                ScenarioLoader.report(["interleave: \(path): the recording was cut short (it has no end block; "
                    + "the recorder was stopped or the file truncated); it holds its first \(recording.events.count) events"])
            }
            return (recording, nil, observed)
        }
        guard let compiled else { throw ExitCode.badInput } // a header read always compiles its source first
        switch compiled.result {
        case .success(let scenario):
            // Before format 3 the latency was not recorded: it was the program's own, or the default.
            if recording.formatVersion < 3, let latency = scenario.settings.latency { recording.header.config.latency = latency }
            if recording.cutShort {
                ScenarioLoader.report(["interleave: \(path): the recording was cut short (it has no end block; "
                    + "the recorder was stopped or the file truncated); it holds its first \(recording.events.count) events"])
            }
            return (recording, scenario, scenario.program)
        case .failure(let failure):
            ScenarioLoader.report(["interleave: \(path): the scenario it carries no longer compiles with this interleave "
                + "(it was recorded by \(compiled.header.interleaveVersion)):", failure.rendered])
            throw ExitCode.badInput
        }
    }
}
