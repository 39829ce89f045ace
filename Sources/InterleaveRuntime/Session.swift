import InterleaveCore

/// A live run: drives a source (the simulator, a recording, ...) on its own task, sends its events
/// to consumers over one channel, and obeys controls arriving over another.
///
/// ```swift
/// let session = Session(Simulation(program: program, config: config))
/// async let final = session.run()
/// for await update in session.updates { ... }   // events, pauses, choices, the end
/// session.controls.trySend(.pause)
/// ```
public final class Session<Source: EventSource>: Sendable {
    /// Engine → consumers: event batches and changes of the run's state.
    public let updates: Channel<SessionUpdate>
    /// Consumers → engine.
    public let controls: Channel<Control>
    private let initial: Source
    private let batchSize: Int
    private let startPaused: Bool
    private let answers: [Int]
    private let keepsAfterEnd: Bool

    /// - Parameters:
    ///   - answers: the first choices' answers, given without asking (a replay's recorded choices);
    ///     the choices after them are asked as usual.
    ///   - batchSize: events per batch while running freely.
    ///   - capacity: batches the consumer may fall behind before the engine waits.
    ///   - keepsAfterEnd: after the run ends, wait for a `branch` (or `stop`) instead of finishing
    ///     `updates`: an interactive view can still go back and choose again.
    public init(_ source: Source, startPaused: Bool = false, answers: [Int] = [], keepsAfterEnd: Bool = false,
                batchSize: Int = 4096, capacity: Int = 8) {
        initial = source
        self.keepsAfterEnd = keepsAfterEnd
        self.batchSize = max(1, batchSize)
        self.startPaused = startPaused
        self.answers = answers
        updates = Channel(capacity: capacity)
        controls = Channel(capacity: 1024)
    }

    /// What the session can do with its source: answer choices, and go back to one and choose again.
    public var capabilities: SourceCapabilities { initial.capabilities }

    /// What the engine is doing between two calls of the source.
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

    /// Runs the source until it finishes or a `stop` control arrives, then finishes `updates`.
    /// Returns the source as it ended (a snapshot consumers may keep).
    @discardableResult
    public func run() async -> Source {
        var driver = Driver(initial, answers: answers)
        var mode: Mode = startPaused ? .paused : .running
        // What to do once a choice is answered: keep running, or show the choice's effect and pause.
        var afterChoice: Mode = .running
        // Copies of the source, for branching (when a copy is a snapshot and choices can be answered).
        let branches = initial.capabilities.isSuperset(of: [.snapshots, .choices])
        var index = SnapshotIndex(initial)
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
                if mode == .awaitingChoice, (try? driver.answer(option)) != nil { mode = afterChoice }
            case .branch(let answer, let option):
                guard branches, var (past, _) = index.driver(beforeAnswer: answer, answers: driver.answers),
                      (try? past.answer(option)) != nil else { break }
                index.truncate(toAnswers: answer)
                branchedAt = Int(past.eventCount)
                driver = past
                mode = .stepping(1)
            case .stop: return false
            }
            return true
        }

        while true {
            while let control = controls.tryReceive() {
                if !apply(control) {
                    if let at = branchedAt { await updates.send(.branched(at: at)) }
                    return driver.source
                }
            }
            if let at = branchedAt {
                branchedAt = nil
                await updates.send(.branched(at: at))
            }
            let limit: RunLimit
            switch mode {
            case .paused, .awaitingChoice, .ended:
                guard let control = await controls.receive(), apply(control) else { return driver.source }
                continue
            case .running: limit = RunLimit(maxEvents: batchSize)
            case .stepping(let n): limit = RunLimit(maxEvents: n)
            case .toChoice: limit = RunLimit(maxEvents: batchSize, stopAfterChoice: true)
            case .until(let time): limit = RunLimit(maxEvents: batchSize, untilTime: time)
            }
            // Choices answered from the list are given within the call, so batches stay big (a
            // recorded schedule has a choice every few events); controls wait for the batch.
            let status = driver.run(limit, into: &buffer)
            if branches { index.observe(driver) }
            if !buffer.isEmpty {
                let batch = buffer
                buffer.removeAll(keepingCapacity: true)
                await updates.send(.events(batch))
            }
            switch status {
            case .finished(let outcome):
                await updates.send(.finished(outcome))
                guard keepsAfterEnd else { return driver.source }
                mode = .ended
            case .ended:
                await updates.send(.ended)
                guard keepsAfterEnd else { return driver.source }
                mode = .ended
            case .awaitingChoice(let request):
                afterChoice = mode == .running ? .running : .stepping(1)
                mode = .awaitingChoice
                await updates.send(.awaitingChoice(request))
            case .choiceMade:
                if mode == .toChoice {
                    mode = .paused
                    await updates.send(.paused(at: driver.source.now))
                }
            case .reachedTime:
                // Nothing happens before the time asked for: the clock stands there.
                let reached: VirtualTime
                if case .until(let time) = mode { reached = max(driver.source.now, time) } else { reached = driver.source.now }
                mode = .paused
                await updates.send(.paused(at: reached))
            case .budgetExhausted:
                if case .stepping = mode {
                    mode = .paused
                    await updates.send(.paused(at: driver.source.now))
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
    /// The stream stopped without an end (a recording cut short or saved before the run ended).
    case ended
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
    /// Answer the pending choice with the index of an option.
    case choose(Int)
    /// Go back to answer number `answer` (from 0) and give `option` there instead: the run after
    /// it is replaced (``SessionUpdate/branched(at:)``), and goes on one step. Only for a source
    /// whose copies are snapshots and whose choices can be answered.
    case branch(answer: Int, option: Int)
    case stop
}
