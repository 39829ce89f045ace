/// What a run amounted to, folded from its event stream: the figures the headless run and the UI show.
///
/// It keeps the world's fold (``World``: names, who does what, who holds what) and adds the
/// figures over time: each thread's time in each state, each lock's contention, expectations,
/// errors and what the detectors found. Feed it every event in order with ``consume(_:)``; it
/// never looks at the producer.
public struct Summary: Sendable {
    /// A thread's row: its names from the world, and its time in each state.
    public struct ThreadFigures: Sendable, Hashable {
        public var name: String
        public var process: ProcessID
        public var daemon: Bool
        public var running: VirtualTime = 0
        public var ready: VirtualTime = 0
        /// Time blocked, by what the thread waited for (the GIL, sleep and I/O included).
        public var waiting: [WaitCategory: VirtualTime] = [:]
        public var finishedAt: VirtualTime?
        public var stopped = false

        public func waited(_ category: WaitCategory) -> VirtualTime { waiting[category] ?? 0 }
    }

    /// A thread's time in each state so far (before its current one, which ``World`` says).
    struct ThreadTimes: Sendable {
        var running: VirtualTime = 0
        var ready: VirtualTime = 0
        var waiting: [VirtualTime] = Array(repeating: 0, count: WaitCategory.allCases.count)
    }

    /// Contention on one lock.
    public struct LockFigures: Sendable, Hashable {
        public var name: String
        public var acquisitions = 0
        /// Requests that had to wait: those that then got the lock, timed out, or were still waiting at the end.
        public var contended = 0
        public var totalWait: VirtualTime = 0
        public var longestWait: VirtualTime = 0
    }

    /// One expectation's results over the run.
    public struct ExpectationFigures: Sendable, Hashable {
        public var text: String
        public var passed = 0
        public var failed = 0
        /// When and where it first failed.
        public var firstFailure: Moment?

        /// Where an expectation failed.
        public struct Moment: Sendable, Hashable {
            public var time: VirtualTime
            public var thread: ThreadID
        }
    }

    /// A user error and where it happened.
    public struct ErrorRecord: Sendable, Hashable {
        public var time: VirtualTime
        public var thread: ThreadID
        public var error: UserError
    }

    /// A detector's finding (a race, a lost update, a lock-order cycle) and where it happened.
    public struct Finding<Report: Sendable & Hashable>: Sendable, Hashable {
        public var time: VirtualTime
        public var thread: ThreadID
        public var report: Report
    }

    /// The lost updates on one shared variable: how many, and the first.
    public struct LostUpdates: Sendable, Hashable {
        public var process: ProcessID
        public var variable: Int32
        public var count: Int
        public var first: Finding<LostUpdateReport>
    }

    /// The world as the events so far say it is.
    public private(set) var world: World
    public var names: EventNames { world.names }
    public private(set) var duration: VirtualTime = 0
    public var eventCount: UInt64 { world.eventCount }
    public private(set) var choiceCount = 0
    /// What a real process under Interleave's schedule did without the schedule's decision (a
    /// thread back from I/O while another ran, the watchdog), in order: such a run may not replay.
    public private(set) var uncontrolled: [String] = []
    private var times: [ThreadTimes] = []
    public private(set) var locks: [LockFigures]
    /// Shared variables per process, final (or current) values.
    public var shared: [[EventValue]] { world.shared }
    public private(set) var expectations: [ExpectationFigures]
    public private(set) var errors: [ErrorRecord] = []
    public private(set) var deadlock: DeadlockReport?
    /// Data races, each pair of threads on a variable once, in the order found.
    public private(set) var races: [Finding<RaceReport>] = []
    /// Lost updates by variable, in the order of each variable's first.
    public private(set) var lostUpdates: [LostUpdates] = []
    /// Lock-order cycles (potential deadlocks), in the order found.
    public private(set) var lockOrderCycles: [Finding<[LockOrderEdge]>] = []
    public var outcome: Outcome? { world.outcome }
    /// How many things went wrong so far: races, lost updates, lock-order cycles, errors, failed
    /// checks and a deadlock (a count that grows by one at each new finding).
    public var troubleCount: Int {
        races.count + lostUpdates.reduce(0) { $0 + $1.count } + lockOrderCycles.count + errors.count
            + expectations.reduce(0) { $0 + $1.failed } + (deadlock == nil ? 0 : 1)
    }
    public private(set) var output: [String] = []

    public init(program: Program) {
        world = World(program: program)
        locks = program.locks.map { LockFigures(name: $0.name) }
        expectations = program.expectations.map { ExpectationFigures(text: $0.text) }
    }

    /// Each thread's row: its names and its time in each state (its current state charged up to
    /// the last event).
    public var threads: [ThreadFigures] {
        world.threads.indices.map { figures(of: $0, at: duration) }
    }

    /// Thread `t`'s row, its current state charged up to `time`.
    private func figures(of t: Int, at time: VirtualTime) -> ThreadFigures {
        let thread = world.threads[t]
        var figures = ThreadFigures(name: thread.name, process: thread.process, daemon: thread.daemon,
                                    finishedAt: thread.finishedAt, stopped: thread.stopped)
        var spent = t < times.count ? times[t] : ThreadTimes()
        // A run that ended charged everyone's last state at its end.
        if outcome == nil && time > thread.since {
            Summary.charge(&spent, thread.activity, time - thread.since)
        }
        figures.running = spent.running
        figures.ready = spent.ready
        for category in WaitCategory.allCases where spent.waiting[category.rawValue] > 0 {
            figures.waiting[category] = spent.waiting[category.rawValue]
        }
        return figures
    }

    /// Whether every expectation held, no error happened, and the run completed.
    public var succeeded: Bool {
        outcome == .completed && errors.isEmpty && expectations.allSatisfy { $0.failed == 0 }
    }

    /// Final value of a shared variable in process 0, by name.
    public func value(of name: String, process: ProcessID = 0) -> EventValue? {
        guard let index = (0..<names.count(of: .variable)).first(where: { names.variable(Int32($0)) == name }),
              Int(process) < shared.count, index < shared[Int(process)].count else { return nil }
        return shared[Int(process)][index]
    }

    public mutating func consume(_ events: some Sequence<Event>) {
        for event in events { consume(event) }
    }

    /// Folds the next event; returns what it changed that lanes draw (see ``World/apply(_:)``).
    @discardableResult
    public mutating func consume(_ event: Event) -> World.Change {
        duration = event.time
        // What the event ends, as the world had it before.
        switch event.kind {
        case .lockAcquired(let l, let count, _):
            if count == 1, locks.indices.contains(Int(l)) { locks[Int(l)].acquisitions += 1 }
            endLockRequest(of: event.thread, lock: l, at: event.time)
        case .lockFailed(let l):
            endLockRequest(of: event.thread, lock: l, at: event.time)
        case .finished:
            // Waits still going at the end (a deadlock) count too: the lock was contended all that time.
            for thread in world.threads.indices {
                if let request = world.threads[thread].acquiring { chargeLockWait(request.lock, since: request.since, at: event.time) }
            }
        case .expectation(let index, let passed) where expectations.indices.contains(Int(index)):
            if passed {
                expectations[Int(index)].passed += 1
            } else {
                if expectations[Int(index)].failed == 0 {
                    expectations[Int(index)].firstFailure = ExpectationFigures.Moment(time: event.time, thread: event.thread)
                }
                expectations[Int(index)].failed += 1
            }
        case .error(let error): errors.append(ErrorRecord(time: event.time, thread: event.thread, error: error))
        case .deadlock(let report): deadlock = report
        case .race(let report): races.append(Finding(time: event.time, thread: event.thread, report: report))
        case .lostUpdate(let report):
            let process = world.process(of: event.thread)
            if let i = lostUpdates.firstIndex(where: { $0.process == process && $0.variable == report.variable }) {
                lostUpdates[i].count += 1
            } else {
                lostUpdates.append(LostUpdates(process: process, variable: report.variable, count: 1,
                                               first: Finding(time: event.time, thread: event.thread, report: report)))
            }
        case .lockOrderCycle(let edges):
            lockOrderCycles.append(Finding(time: event.time, thread: event.thread, report: edges))
        case .objectMade(.lock, let index, let name) where Int(index) == locks.count:
            locks.append(LockFigures(name: name))
        case .choice: choiceCount += 1
        case .printed(let text): output.append(text)
        case .uncontrolled(let what): uncontrolled.append(what)
        // The world's fold has the rest.
        case .threadCreated, .threadStarted, .threadFinished, .threadStopped, .dispatched, .resumed, .preempted, .blocked, .woken,
             .lockReleased, .gilAcquired, .gilReleased, .gilDropRequested, .joinDone, .sharedRead, .sharedWrite,
             .expectation, .stepLimit, .futureSubmitted, .futureStarted, .futureDone, .futureResult, .poolShutdown,
             .objectMade:
            break
        default:
            // An operation on a library object (an Event, Condition, Semaphore, Barrier, Queue): the
            // world's fold has its state, and the waits around it are events of their own.
            assert(event.kind.isLibraryOperation, "the summary does not fold \(event.kind)")
        }
        let change = world.apply(event)
        if change.thread >= 0 {
            let c = Int(change.thread)
            while times.count <= c { times.append(ThreadTimes()) }
            Summary.charge(&times[c], change.previous, event.time - change.previousSince)
        }
        if case .finished = event.kind {
            for i in world.threads.indices {
                while times.count <= i { times.append(ThreadTimes()) }
                Summary.charge(&times[i], world.threads[i].activity, event.time - world.threads[i].since)
            }
        }
        return change
    }

    /// Thread `t`'s lock request ended (it got the lock, or gave up): charged if it had to wait.
    private mutating func endLockRequest(of t: ThreadID, lock l: ObjectIndex, at time: VirtualTime) {
        guard t >= 0 && Int(t) < world.threads.count, let request = world.threads[Int(t)].acquiring, request.lock == l else { return }
        chargeLockWait(l, since: request.since, at: time)
    }

    private mutating func chargeLockWait(_ l: ObjectIndex, since: VirtualTime, at time: VirtualTime) {
        guard locks.indices.contains(Int(l)) else { return }
        let waited = time - min(time, since)
        locks[Int(l)].contended += 1
        locks[Int(l)].totalWait += waited
        locks[Int(l)].longestWait = max(locks[Int(l)].longestWait, waited)
    }

    /// Adds `elapsed` spent in `activity` to `times`.
    private static func charge(_ times: inout ThreadTimes, _ activity: ThreadActivity, _ elapsed: VirtualTime) {
        switch activity {
        case .running: times.running += elapsed
        case .ready: times.ready += elapsed
        case .waiting(let category): times.waiting[category.rawValue] += elapsed
        case .notStarted, .finished: break
        }
    }

    /// The figures as they stand at `time` in a run still going: each thread's current state
    /// charged up to then, and the duration brought to it. (A run that ended is returned as it is.)
    public func asOf(_ time: VirtualTime) -> Summary {
        guard outcome == nil, time >= duration else { return self }
        var summary = self
        summary.duration = time
        return summary
    }
}
