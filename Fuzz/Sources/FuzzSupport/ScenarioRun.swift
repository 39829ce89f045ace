import InterleaveCore
import InterleaveRecording
import InterleaveScenario

// What the scenario targets do with an input: a scenario's source, as bytes. It is lexed, parsed
// and compiled (with the diagnostics rendered, as `run` prints them when it fails); a scenario
// that compiles is run, bounded, and its events go through everything the tool makes of a run
// (the headless report, the JSON summary, the exports), then through a recording and back.

/// The most events a run may give here: enough for every catalogue scenario's start, few enough
/// that an input runs in milliseconds. A run that would go on is cut there, as `--max-steps` would.
let maxEvents = 20_000
/// The most instructions, whatever the scenario's `config max_steps` says.
let maxSteps: UInt64 = 200_000

/// Compiles `bytes` as a scenario and as a Python program, and runs each that compiles (see
/// above); traps where the project does. Returns whether either compiled.
@discardableResult
public func fuzzScenario(_ bytes: [UInt8]) -> Bool {
    let asScenario = fuzzScenario(bytes, name: "fuzz")
    let asPython = fuzzScenario(bytes, name: "fuzz.py")
    return asScenario || asPython
}

/// Compiles `bytes` in the language `name` says (`.py`: Python), and runs it when it compiles.
func fuzzScenario(_ bytes: [UInt8], name: String) -> Bool {
    let size = bytes.count
    let source = SourceFile(name: Scenario.isPython(name) ? name : name + ".ilv", bytes: bytes)
    let scenario: Scenario
    switch Scenario.compile(source, name: name) {
    case .failure(let failure):
        // What `run` prints for a scenario that doesn't compile.
        _ = failure.rendered
        return false
    case .success(let compiled):
        scenario = compiled
    }
    _ = scenario.summary

    var config = scenario.settings.config
    config.maxSteps = min(config.maxSteps, maxSteps)
    // A recording of the run, made as `run --record` makes it, to be read back at the end.
    let header = RecordingHeader(interleaveVersion: "fuzz", scenarioName: scenario.name,
                                 source: String(decoding: scenario.source.bytes, as: UTF8.self), config: config)
    let file = RecordingBytes()
    var writer: RecordingWriter
    do {
        writer = try RecordingWriter(header: header) { file.bytes += $0 }
    } catch {
        fatalError("a recording writer that writes to memory failed: \(error)")
    }

    // The run: choices (manual's included) answered with the first option, as a headless run would.
    var driver = Driver(Simulation(program: scenario.program, config: config))
    // Every event is folded into the summary, the timeline and the trace; the first few thousand,
    // then one in 64, are also written in words (which costs most).
    var report = RunReport(program: scenario.program, width: 40 + size % 120,
                           inWords: { $0 < 2_000 || $0 % 64 == 0 })
    var events: [Event] = []
    var batch: [Event] = []
    run: while events.count < maxEvents {
        batch.removeAll(keepingCapacity: true)
        let status = driver.run(RunLimit(maxEvents: min(4096, maxEvents - events.count)), into: &batch,
                                decide: { _, listed, _ in listed ?? 0 })
        report.consume(batch)
        do { try writer.append(batch) } catch { fatalError("a recording writer that writes to memory failed: \(error)") }
        events += batch
        switch status {
        case .finished, .ended, .awaitingChoice:
            break run
        case .budgetExhausted, .reachedTime, .choiceMade:
            continue
        }
    }
    report.finish(scenario: scenario.name, config: config)

    // The recording reads back as it was written, and what it carries compiles again (what
    // `replay` and `verify` rely on).
    do { try writer.finish() } catch { fatalError("a recording writer that writes to memory failed: \(error)") }
    let recording: Recording
    do {
        recording = try Recording(bytes: file.bytes)
    } catch {
        fatalError("a recording of \(events.count) events does not read back: \(error)")
    }
    precondition(!recording.cutShort, "a finished recording reads as cut short")
    precondition(recording.header == header, "the recording's header reads back different")
    precondition(recording.events.count == events.count,
                 "the recording holds \(recording.events.count) events, the run gave \(events.count)")
    for (index, event) in events.enumerated() where recording.events[index] != event {
        fatalError("event \(index) reads back as \(recording.events[index]), was \(event)")
    }
    if case .failure(let failure) = Scenario.compile(recording.header.source, name: recording.header.scenarioName) {
        fatalError("the scenario compiled, but the copy a recording carries does not:\n\(failure.rendered)")
    }
    return true
}

/// The recording's file, in memory.
final class RecordingBytes {
    var bytes: [UInt8] = []
}
