import InterleaveCore

/// A live run: drives a ``Machine`` on its own task, sends its events to consumers over one
/// channel, and obeys controls arriving over another.
///
/// ```swift
/// let session = Session(machine: Machine(program: program, config: config))
/// async let final = session.run()
/// for await update in session.updates { ... }   // events, pauses, choices, the end
/// session.controls.trySend(.pause)
/// ```
public final class Session: Sendable {
    /// Engine → consumers: event batches and changes of the run's state.
    public let updates: Channel<SessionUpdate>
    /// Consumers → engine.
    public let controls: Channel<Control>
    private let initial: Machine
    private let batchSize: Int
    private let startPaused: Bool
    private let answers: [Int]
    private let keepsAfterEnd: Bool

    /// - Parameters:
    ///   - answers: the first manual choices, answered without asking (a replay's recorded choices);
    ///     the choices after them are asked as usual.
    ///   - batchSize: events per batch while running freely.
    ///   - capacity: batches the consumer may fall behind before the engine waits.
    ///   - keepsAfterEnd: after the run ends, wait for a `branch` (or `stop`) instead of finishing
    ///     `updates`: an interactive view can still go back and choose again.
    public init(machine: Machine, startPaused: Bool = false, answers: [Int] = [], keepsAfterEnd: Bool = false,
                batchSize: Int = 4096, capacity: Int = 8) {
        initial = machine
        self.keepsAfterEnd = keepsAfterEnd
        self.batchSize = max(1, batchSize)
        self.startPaused = startPaused
        self.answers = answers
        updates = Channel(capacity: capacity)
        controls = Channel(capacity: 1024)
    }

    /// What the engine is doing between two calls of the machine.
    private enum Mode: Equatable {
        case running
        case paused
        case stepping(Int)
        case toChoice
        case until(VirtualTime)
        case awaitingChoice
        /// The run ended; only a branch (or stop) moves it.
        case ended
    }

    /// Runs the machine until it finishes or a `stop` control arrives, then finishes `updates`.
    /// Returns the machine as it ended (a snapshot consumers may keep).
    @discardableResult
    public func run() async -> Machine {
        var machine = initial
        var mode: Mode = startPaused ? .paused : .running
        // What to do once a manual choice is answered: keep running, or show the choice's effect and pause.
        var afterChoice: Mode = .running
        // How many of `answers` have been given.
        var answered = 0
        // Copies of the machine and every manual answer, for branching.
        var index = SnapshotIndex(machine)
        // Set by a branch: how many events of the run stand, to tell the consumers.
        var branchedAt: Int?
        var buffer: [Event] = []
        buffer.reserveCapacity(batchSize + 64)
        defer { updates.finish() }

        // Applies a control; false means stop.
        func apply(_ control: Control) -> Bool {
            switch control {
            case .pause: if mode != .awaitingChoice && mode != .ended { mode = .paused }
            case .resume: if mode != .awaitingChoice && mode != .ended { mode = .running }
            case .step(let n): if mode != .awaitingChoice && mode != .ended { mode = .stepping(max(1, n)) }
            case .stepToChoice: if mode != .awaitingChoice && mode != .ended { mode = .toChoice }
            case .runUntil(let time): if mode != .awaitingChoice && mode != .ended { mode = .until(time) }
            case .choose(let option):
                if mode == .awaitingChoice, (try? machine.answer(option)) != nil {
                    index.answered(option)
                    mode = afterChoice
                }
            case .branch(let answer, let option):
                guard var (past, _) = index.machine(beforeAnswer: answer), (try? past.answer(option)) != nil else { break }
                index.truncate(toAnswers: answer)
                index.answered(option)
                branchedAt = Int(past.eventsDelivered)
                machine = past
                mode = .stepping(1)
                // From here on the answers are the user's, not a replay's.
                answered = answers.count
            case .stop: return false
            }
            return true
        }

        while true {
            while let control = controls.tryReceive() {
                if !apply(control) {
                    if let at = branchedAt { await updates.send(.branched(at: at)) }
                    return machine
                }
            }
            if let at = branchedAt {
                branchedAt = nil
                await updates.send(.branched(at: at))
            }
            var limit: RunLimit
            switch mode {
            case .paused, .awaitingChoice, .ended:
                guard let control = await controls.receive(), apply(control) else { return machine }
                continue
            case .running: limit = RunLimit(maxEvents: batchSize)
            case .stepping(let n): limit = RunLimit(maxEvents: n)
            case .toChoice: limit = RunLimit(maxEvents: batchSize, stopAfterChoice: true)
            case .until(let time): limit = RunLimit(maxEvents: batchSize, untilTime: time)
            }
            var status = machine.run(limit, into: &buffer)
            index.observe(machine)
            // Choices answered from the list: on at once, within the same batch, so batches stay
            // big (a recorded schedule has a choice every few events). Controls wait for the
            // batch, as they do while running.
            while case .awaitingChoice = status, answered < answers.count, buffer.count < batchSize,
                  (try? machine.answer(answers[answered])) != nil {
                index.answered(answers[answered])
                answered += 1
                // A step of n events counts the ones before the answer (fewer than n: the run
                // stopped at the choice before reaching them).
                if case .stepping(let n) = mode { limit = RunLimit(maxEvents: max(1, n - buffer.count)) }
                status = machine.run(limit, into: &buffer)
                index.observe(machine)
            }
            let sent = buffer.count
            if !buffer.isEmpty {
                let batch = buffer
                buffer.removeAll(keepingCapacity: true)
                await updates.send(.events(batch))
            }
            switch status {
            case .finished(let outcome):
                await updates.send(.finished(outcome))
                guard keepsAfterEnd else { return machine }
                mode = .ended
            case .awaitingChoice(let request):
                if answered < answers.count, (try? machine.answer(answers[answered])) != nil {
                    index.answered(answers[answered])
                    answered += 1
                    // A step of n events counts the ones before the answer.
                    if case .stepping(let n) = mode { mode = .stepping(max(1, n - sent)) }
                    continue
                }
                afterChoice = mode == .running ? .running : .stepping(1)
                mode = .awaitingChoice
                await updates.send(.awaitingChoice(request))
            case .choiceMade:
                if mode == .toChoice {
                    mode = .paused
                    await updates.send(.paused(at: machine.now))
                }
            case .reachedTime:
                // Nothing happens before the time asked for: the clock stands there.
                let reached: VirtualTime
                if case .until(let time) = mode { reached = max(machine.now, time) } else { reached = machine.now }
                mode = .paused
                await updates.send(.paused(at: reached))
            case .budgetExhausted:
                if case .stepping = mode {
                    mode = .paused
                    await updates.send(.paused(at: machine.now))
                }
            }
        }
    }
}

/// What a session tells its consumers.
public enum SessionUpdate: Sendable {
    /// The next events of the stream, in order.
    case events([Event])
    /// The engine stopped at a consumer's request (pause, a finished step, a reached time), with
    /// its clock at this time (for `runUntil`, the time asked for: nothing happened before it).
    case paused(at: VirtualTime)
    /// A manual choice point: answer with ``Control/choose(_:)``.
    case awaitingChoice(ChoiceRequest)
    case finished(Outcome)
    /// A branch replaced the run after its first `at` events: events sent before this one that
    /// came after them are void; the new ones follow.
    case branched(at: Int)
}

/// What consumers can ask of a session.
public enum Control: Sendable, Hashable {
    case pause
    case resume
    /// Run until at least this many more events were produced, then pause.
    case step(Int)
    /// Run until the next scheduling choice has been made, then pause.
    case stepToChoice
    /// Run until the virtual clock would pass this time, then pause (how a UI paces a run).
    case runUntil(VirtualTime)
    /// Answer the pending manual choice with the index of an option.
    case choose(Int)
    /// Go back to manual answer number `answer` (from 0) and give `option` there instead: the run
    /// after it is replaced (``SessionUpdate/branched(at:)``), and goes on one step.
    case branch(answer: Int, option: Int)
    case stop
}
