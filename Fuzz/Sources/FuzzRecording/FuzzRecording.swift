#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FuzzSupport
import InterleaveCore
import InterleaveRecording
import InterleaveScenario

// libFuzzer target for the recording reader. The input is a recording file. Its checksums and its
// source hash are put right first (see `repaired`), or nearly every mutation would stop at the first
// checksum; the bytes as given are read too, so the checks themselves are fuzzed. A recording that
// opens goes through what `replay --headless`, `export` (text, jsonl, perfetto) and `verify` do.
//
// To turn a crashing input into a file the tool opens, run the target on it alone with
// FUZZ_REPAIRED_OUT=path set: the repaired bytes are written there (docs/FUZZING.md).

/// The most events `verify` runs the scenario for here, whatever the recording holds.
let maxVerifiedEvents = 50_000
/// The most instructions `verify` runs, whatever the recorded `max_steps` says.
let maxVerifySteps: UInt64 = 1_000_000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecording(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let given = Array(UnsafeBufferPointer(start: data, count: size))
    let bytes = RecordingRepair.repaired(given)
    if let path = getenv("FUZZ_REPAIRED_OUT") { writeFile(String(cString: path), bytes) }
    if bytes != given { _ = try? Recording(bytes: given) }
    let recording: Recording
    do {
        recording = try Recording(bytes: bytes)
    } catch {
        // What `replay` prints for a file it can't open.
        _ = "\(error)"
        return 0
    }
    _ = recording.answers
    let header = recording.header
    // RecordingFile.scenario: the scenario it carries, compiled again.
    let scenario: Scenario
    switch Scenario.compile(header.source, name: header.scenarioName) {
    case .failure(let failure):
        _ = failure.rendered
        return 0
    case .success(let compiled):
        scenario = compiled
    }

    // replay --headless and export --format text: the recorded events through the headless
    // report, handed out by a RecordedSource driven to its end; export's jsonl and perfetto take
    // the same events.
    var report = RunReport(program: scenario.program, width: 40 + size % 120)
    var driver = Driver(RecordedSource(recording, program: scenario.program))
    var handedOut = 0
    driver.runToEnd(decide: { _, _, _ in nil }) { batch in
        handedOut += batch.count
        report.consume(batch)
    }
    precondition(handedOut == recording.events.count,
                 "the recorded source handed out \(handedOut) of \(recording.events.count) events")
    report.finish(scenario: header.scenarioName, config: header.config)
    if let focus = header.focus {
        // The full-screen replay opens at the focus, clamped to the events.
        _ = Int(min(focus, UInt64(max(0, recording.events.count - 1))))
    }

    verify(recording, scenario)
    return 0
}

/// `verify`, bounded: runs the recording's scenario again under its configuration with its
/// answers, and compares the events, in the recording's vocabulary, until the first difference.
/// Differences are expected (the input is made up); only a trap is a finding.
func verify(_ recording: Recording, _ scenario: Scenario) {
    var config = recording.header.config
    config.maxSteps = min(config.maxSteps, maxVerifySteps)
    var driver = Driver(Simulation(program: scenario.program, config: config), answers: recording.answers)
    let vocabulary = recording.header.vocabulary
    let recorded = recording.events
    var names = EventNames(program: scenario.program)
    let limit = min(recorded.count + 1, maxVerifiedEvents)
    var index = 0
    var batch: [Event] = []
    while index < limit {
        batch.removeAll(keepingCapacity: true)
        let status = driver.run(RunLimit(maxEvents: min(4096, limit - index)), into: &batch)
        if vocabulary < Event.vocabularyVersion {
            batch = batch.compactMap { event in
                event.kind.asVocabulary(vocabulary).map { Event(seq: event.seq, time: event.time, thread: event.thread, kind: $0) }
            }
        }
        for var event in batch {
            event.seq = UInt64(index)
            guard index < recorded.count else { return }
            if event != recorded[index] {
                // verify prints both in words, as the run so far names things.
                var before = names
                before.observe(recorded[index])
                _ = before.line(recorded[index])
                var now = names
                now.observe(event)
                _ = now.line(event)
                return
            }
            names.observe(recorded[index])
            index += 1
        }
        switch status {
        case .finished, .ended, .awaitingChoice:
            return
        case .budgetExhausted, .reachedTime, .choiceMade:
            continue
        }
    }
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    guard let file = fopen(path, "wb") else { return }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}
