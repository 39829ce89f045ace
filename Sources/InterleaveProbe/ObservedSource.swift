import Foundation
import InterleaveCore

/// A real Python process as a producer of events: what its probe reports, as it happens.
///
/// Watched (no ``Control``), it offers no choices and no snapshots (the process runs on its own;
/// going back is done with the events kept, as for a recording). Its clock is the process's: an
/// event's time is when the probe saw it, and ``now`` moves on with the wall clock while nothing
/// happens. When every thread has waited a while for what only another of them could give (a
/// cycle of locks and joins), it reports the deadlock and stops the process, which could never go on.
///
/// Under control, the program's threads run one at a time under Interleave's schedule: at each
/// point where several could go on, the probe asks, and the policy's chooser answers (or, for
/// `manual`, the run stops at ``RunStatus/awaitingChoice(_:)`` until ``answer(_:)``). Each answer
/// is a `choice` event, as in a simulation, so the answers replay the run. The clock is the
/// schedule's (virtual), and a deadlock is the probe's word: no thread can go on.
public struct ObservedSource: EventSource {
    /// How a run under Interleave's schedule decides: the policy's chooser (first-come, random,
    /// PCT, or manual: from outside) and its seed.
    public struct Control: Sendable, Hashable {
        public var policy: Policy
        public var seed: UInt64
        /// PCT's estimate of a run's choices, over which its change points are spread.
        public var pctSteps: UInt64
        public init(policy: Policy, seed: UInt64, pctSteps: UInt64 = 1000) {
            self.policy = policy
            self.seed = seed
            self.pctSteps = pctSteps
        }
    }

    public var capabilities: SourceCapabilities { control == nil ? [] : [.choices, .rerun] }
    public let program: Program
    public var eventCount: UInt64 { detectors.eventCount }
    public private(set) var now: VirtualTime = 0
    public let control: Control?

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
    private let deadlockAfter: Duration = .milliseconds(500)
    /// The longest one call waits for the process when it has nothing to hand out.
    private let patience: Duration = .milliseconds(15)
    /// How long one call gathers events that keep coming before it hands them out.
    private let batching: Duration = .milliseconds(5)
    /// Under control: the chooser's state, and the choice the probe waits on (its options, and the
    /// probe's numbers for them), once the events before it are handed out.
    private var chooser: ChooserState?
    private var asking: (request: ChoiceRequest, numbers: [Int64])?
    /// Choices made so far (PCT's steps).
    private var choices: UInt64 = 0
    /// An automatic choice was made since the last call (a run that stops after one stops there).
    private var chose = false
    /// Threads the chooser has met.
    private var threadsMet = 0

    public init(process: ObservedProcess, program: Program, control: Control? = nil) {
        self.process = process
        self.program = program
        self.control = control
        translator = ProbeTranslator(program: program)
        detectors = Detectors(program: program)
        opened = clock.now
        chooser = control.map { ChooserState(policy: $0.policy, seed: $0.seed, pctSteps: $0.pctSteps) }
    }

    /// Bytes that were not the protocol: the stream stopped listening at the first (a note says why).
    private var damage: ProbeDecoder.Damage?

    public mutating func run(_ limit: RunLimit, into events: inout [Event]) -> RunStatus {
        let first = events.count
        defer { detectors.process(&events, from: first) }
        var produced = 0
        var waited = false
        let began = clock.now
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
            if pending.isEmpty {
                if let asking { return .awaitingChoice(asking.request) }
                if chose {
                    chose = false
                    if limit.stopAfterChoice { return .choiceMade }
                }
                if let outcome { return .finished(outcome) }
            }
            // Events gather into a batch for a few milliseconds (a run under control answers a
            // question every few microseconds: a batch each would cost more than the answers).
            if produced > 0 && clock.now - began >= batching { return .budgetExhausted }
            if produced == 0 && waited { return .budgetExhausted }
            read()
            if start < pending.count || asking != nil || outcome != nil { continue }
            if control == nil {
                // Nothing new: the clock goes on with the wall's, up to the time asked for.
                let wall = wallTime(clock.now - opened)
                now = max(now, min(wall, limit.untilTime ?? wall))
                if let until = limit.untilTime, now >= until { return produced > 0 ? .budgetExhausted : .reachedTime }
            }
            let spent = clock.now - began
            if (produced > 0 && spent >= batching) || (produced == 0 && waited) { return .budgetExhausted }
            process.wait(seconds: produced > 0 ? (batching - spent).seconds : patience.seconds)
            waited = true
        }
    }

    /// Answers the choice the probe waits on with option `index`.
    public mutating func answer(_ index: Int) throws(ChoiceError) {
        guard let asking, pending.isEmpty else { throw .noPendingChoice }
        guard asking.request.options.indices.contains(index) else {
            throw .outOfRange(index, count: asking.request.options.count)
        }
        self.asking = nil
        decided(index, of: asking.request.options, numbers: asking.numbers)
    }

    /// Records the decision (a `choice` event) and tells the probe (which waits for it).
    private mutating func decided(_ index: Int, of options: [ThreadID], numbers: [Int64]) {
        translator.chose(index, of: options, into: &pending)
        chooser?.visibleStep(choices, thread: options[index])
        choices += 1
        process.answer(numbers[index])
    }

    /// The probe asks who goes next: the chooser answers, or (manual) the question waits for
    /// ``answer(_:)``; or it says what its own chooser chose (`b`: the index + 1), a choice all the same.
    private mutating func ask(_ record: ProbeRecord) {
        let numbers = record.text.split(separator: " ").compactMap { Int64($0) }
        guard numbers.count >= 2, let options = translator.threads(numbered: numbers), var chooser, let control,
              record.b >= 0 && record.b <= Int64(numbers.count) else {
            giveUp("Interleave stopped the program: the probe asked a choice it could not read (\(record.text))")
            return
        }
        if record.b > 0 {
            translator.chose(Int(record.b - 1), of: options, into: &pending)
            choices += 1
            chose = true
            return
        }
        // A thread takes its place (PCT's priority) when the chooser first meets it.
        while threadsMet < translator.world.threads.count {
            chooser.threadCreated(ThreadID(threadsMet), policy: control.policy)
            threadsMet += 1
        }
        let picked = chooser.pick(options, by: control.policy.chooser)
        self.chooser = chooser
        if let picked {
            decided(picked, of: options, numbers: numbers)
            chose = true
        } else {
            asking = (ChoiceRequest(kind: .order, options: options), numbers)
        }
    }

    /// Scheduling choices made so far.
    public var choicesMade: UInt64 { choices }

    /// Stops the process (if it still runs), waits for it, and removes its files: the run is over
    /// for whoever made it (a schedule `explore` ran). It blocks until the process is gone.
    public func stop() {
        process.kill()
        _ = process.waitForEnd()
        process.cleanUp()
    }

    /// Stops the program and the stream, with a note saying why.
    private mutating func giveUp(_ why: String) {
        process.note(why)
        process.kill()
    }

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
        }
        var stuck = false
        if damage == nil {
            do {
                let noted = translator.notes.count
                // Under control, decoding stops at a question until it is answered.
                while asking == nil && !chose, let record = try decoder.next() {
                    switch record.kind {
                    case .choice: ask(record)
                    case .stuck: stuck = true
                    default: translator.apply(record, into: &pending)
                    }
                }
                for note in translator.notes[noted...] { process.note(note) }
            } catch {
                // Not the protocol: stop listening to it, and the process, rather than guess.
                damage = error
                giveUp("Interleave stopped the program: \(error) (a probe of another version?)")
            }
        }
        if asking != nil || chose { return }
        if closed, let end = process.ended {
            finish(end, outcome ?? .completed, elapsed: elapsed)
            return
        }
        // A deadlock: under control the probe says so; watched, every thread has been stuck a while.
        let deadlocked = control != nil ? stuck : elapsed - lastHeard >= deadlockAfter && translator.stuck() != nil
        if outcome == nil && deadlocked {
            // The detectors' stage reports it, with its cycle, before the end.
            outcome = .deadlock
            process.kill()
            // The process's end finishes the stream, as for any end.
            finish(process.waitForEnd(), .deadlock, elapsed: elapsed)
        }
    }

    /// The stream's end: how the process ended, and the run's outcome, at the time it was seen
    /// (the schedule's clock under control, else the wall's `elapsed` since the hello).
    private mutating func finish(_ end: ProcessEnd, _ outcome: Outcome, elapsed: Duration) {
        let reached = control == nil ? wallTime(elapsed) : translator.now
        translator.finish(end, outcome: outcome, at: reached, into: &pending)
        self.outcome = outcome
        process.streamEnded(outcome)
    }

    /// The wall clock's `elapsed` since Interleave opened the process, as a time of the stream (from the hello).
    private func wallTime(_ elapsed: Duration) -> VirtualTime {
        VirtualTime(clamping: max(0, (elapsed - helloOffset).nanoseconds))
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
