import Foundation
import InterleaveCore

/// A real Python process as a producer of events: what its probe reports, as it happens.
///
/// It offers no choices and no snapshots (the process runs on its own; going back is done with
/// the events kept, as for a recording). Its clock is the process's: an event's time is when the
/// probe saw it, and ``now`` moves on with the wall clock while nothing happens. When every thread
/// has waited a while for what only another of them could give (a cycle of locks and joins), it
/// reports the deadlock and stops the process, which could never go on.
public struct ObservedSource: EventSource {
    public var capabilities: SourceCapabilities { [] }
    public let program: Program
    public var eventCount: UInt64 { detectors.eventCount }
    public private(set) var now: VirtualTime = 0

    private let process: ObservedProcess
    private var decoder = ProbeDecoder()
    private var translator: ProbeTranslator
    /// The detectors as a stage of the stream, as for every producer: lock-order cycles, and a
    /// deadlock's report (with its cycle) before a run that ends in one.
    private var detectors: Detectors
    private var pending: [Event] = []
    private var start = 0
    private var outcome: Outcome?
    private let clock = ContinuousClock()
    private let opened: ContinuousClock.Instant
    /// When the latest record arrived (the wall clock's time since it opened).
    private var lastHeard: Duration = .zero
    /// How long every thread must have been stuck before it is called a deadlock.
    public var deadlockAfter: Duration = .milliseconds(500)
    /// The longest one call waits for the process when it has nothing to hand out.
    public var patience: Duration = .milliseconds(15)

    public init(process: ObservedProcess, program: Program) {
        self.process = process
        self.program = program
        translator = ProbeTranslator(program: program)
        detectors = Detectors(program: program)
        opened = clock.now
    }

    /// Bytes that were not the protocol: the stream stopped listening at the first (a note says why).
    private var damage: ProbeDecoder.Damage?

    public mutating func run(_ limit: RunLimit, into events: inout [Event]) -> RunStatus {
        let first = events.count
        defer { detectors.process(&events, from: first) }
        var produced = 0
        var waited = false
        while true {
            // Hand out what is ready.
            while start < pending.count && produced < limit.maxEvents {
                if let until = limit.untilTime, pending[start].time > until {
                    now = max(now, until)
                    return produced > 0 ? .budgetExhausted : .reachedTime
                }
                events.append(pending[start])
                now = max(now, pending[start].time)
                start += 1
                produced += 1
            }
            if start == pending.count {
                pending.removeAll(keepingCapacity: true)
                start = 0
            }
            if produced >= limit.maxEvents { return .budgetExhausted }
            if let outcome, pending.isEmpty { return .finished(outcome) }
            if produced > 0 && waited { return .budgetExhausted }
            read()
            if start < pending.count { continue }
            if outcome != nil { continue }
            // Nothing new: the clock goes on with the wall's, up to the time asked for.
            let wall = VirtualTime(clamping: max(0, (clock.now - opened - helloOffset).nanoseconds))
            now = max(now, min(wall, limit.untilTime ?? wall))
            if let until = limit.untilTime, now >= until { return produced > 0 ? .budgetExhausted : .reachedTime }
            if produced > 0 || waited { return .budgetExhausted }
            process.wait(seconds: patience.seconds)
            waited = true
        }
    }

    public mutating func answer(_ index: Int) throws(ChoiceError) { throw .noPendingChoice }

    /// The wall clock's offset of the probe's hello: event times count from it.
    private var helloOffset: Duration = .zero

    /// Reads what arrived, turns it into events, and ends the run when the process has ended.
    private mutating func read() {
        let (bytes, closed) = process.take()
        let elapsed = clock.now - opened
        if !bytes.isEmpty && damage == nil {
            if translator.eventCount == 0 { helloOffset = elapsed }
            lastHeard = elapsed
            decoder.feed(bytes)
            do {
                let noted = translator.notes.count
                while let record = try decoder.next() { translator.apply(record, into: &pending) }
                for note in translator.notes[noted...] { process.note(note) }
            } catch {
                // Not the protocol: stop listening to it, and the process, rather than guess.
                damage = error
                process.note("Interleave stopped the program: \(error) (a probe of another version?)")
                process.kill()
            }
        }
        if closed, let end = process.ended {
            let reached = VirtualTime(clamping: max(0, (elapsed - helloOffset).nanoseconds))
            translator.finish(end, outcome: outcome ?? .completed, at: reached, into: &pending)
            outcome = outcome ?? .completed
            process.streamEnded(outcome ?? .completed)
            return
        }
        if outcome == nil && elapsed - lastHeard >= deadlockAfter, translator.stuck() != nil {
            // The detectors' stage reports it, with its cycle, before the end.
            outcome = .deadlock
            process.kill()
            // The process's end finishes the stream, as for any end.
            let end = process.waitForEnd()
            let reached = VirtualTime(clamping: max(0, (elapsed - helloOffset).nanoseconds))
            translator.finish(end, outcome: .deadlock, at: reached, into: &pending)
            process.streamEnded(.deadlock)
        }
    }
}

extension Duration {
    /// The duration in nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ attoseconds / 1_000_000_000
    }
    var seconds: Double { Double(nanoseconds) / 1e9 }
}
