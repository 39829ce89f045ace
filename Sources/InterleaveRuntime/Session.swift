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
    private let restart: (@Sendable () async -> Source?)?

    /// - Parameters:
    ///   - answers: the first choices' answers, given without asking (a replay's recorded choices);
    ///     the choices after them are asked as usual.
    ///   - batchSize: events per batch while running freely.
    ///   - capacity: batches the consumer may fall behind before the engine waits.
    ///   - keepsAfterEnd: after the run ends, wait for a `branch` (or `stop`) instead of finishing
    ///     `updates`: an interactive view can still go back and choose again.
    ///   - restart: for a source that is run again rather than copied (``SourceCapabilities/rerun``:
    ///     a real process), a new one from the start; a branch runs it with the answers before
    ///     the branch, then the new one.
    public init(_ source: Source, startPaused: Bool = false, answers: [Int] = [], keepsAfterEnd: Bool = false,
                batchSize: Int = 4096, capacity: Int = 8, restart: (@Sendable () async -> Source?)? = nil) {
        initial = source
        self.restart = restart
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
        // A branch of a source run again: done between two calls of the source (it takes a new run).
        let reruns = restart != nil && initial.capabilities.isSuperset(of: [.rerun, .choices])
        var rerunBranch: (answer: Int, option: Int)?
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
            case .branch(let answer, let option) where reruns:
                rerunBranch = (answer, option)
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
            if let (answer, option) = rerunBranch, let restart {
                rerunBranch = nil
                if let (again, at) = await Self.rerun(restart, answers: Array(driver.answers.prefix(answer)), option: option) {
                    driver = again
                    branchedAt = at
                    mode = .stepping(1)
                } else {
                    await updates.send(.branchRefused("the program did not run the same way again up to that choice "
                        + "(or could not be started): the run stands as it was"))
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
            let made = buffer.count
            if branches { index.observe(driver) }
            if !buffer.isEmpty {
                let batch = buffer
                buffer.removeAll(keepingCapacity: true)
                await updates.send(.events(batch))
            } else {
                // Nothing came (a real process between two reports): let the pool's other work
                // run, such as the task that learns the process has ended.
                await Task.yield()
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
                // A step of n events is done after n of them: a real process may hand out fewer a call.
                if case .stepping(let n) = mode {
                    if n > made {
                        mode = .stepping(n - made)
                    } else {
                        mode = .paused
                        await updates.send(.paused(at: driver.source.now))
                    }
                }
            }
        }
    }
}

extension Session {
    /// A new run of the source (``SourceCapabilities/rerun``) brought to the choice after
    /// `answers`, with `option` given there: the driver, and how many events came before that
    /// choice (the same as before, when the source runs the same way again). Nil if the new run
    /// never reaches that choice (it ended first: the source no longer runs as it did).
    static func rerun(_ restart: @Sendable () async -> Source?, answers: [Int], option: Int) async -> (Driver<Source>, Int)? {
        guard let fresh = await restart() else { return nil }
        var driver = Driver(fresh, answers: answers)
        var events: [Event] = []
        var made = 0
        while true {
            events.removeAll(keepingCapacity: true)
            let status = driver.run(RunLimit(maxEvents: 1 << 16), into: &events)
            made += events.count
            switch status {
            case .awaitingChoice where driver.given == answers.count:
                guard (try? driver.answer(option)) != nil else { return nil }
                return (driver, made)
            case .finished, .ended, .awaitingChoice:
                return nil
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
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
    /// A branch could not be made (a run again that parted from the first before the choice):
    /// nothing was replaced, for the reason given.
    case branchRefused(String)
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
    /// whose choices can be answered and whose copies are snapshots, or that can be run again.
    case branch(answer: Int, option: Int)
    case stop
}

