/// What a run amounted to, folded from its event stream: the figures the headless run and the UI show.
///
/// Feed it every event in order with ``consume(_:)``; it never looks at the machine.
public struct Summary: Sendable {
    /// Time a thread spent in each state.
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

    public private(set) var names: EventNames
    public private(set) var duration: VirtualTime = 0
    public private(set) var eventCount: UInt64 = 0
    public private(set) var choiceCount = 0
    public private(set) var threads: [ThreadFigures] = []
    public private(set) var locks: [LockFigures]
    /// Shared variables per process, final (or current) values.
    public private(set) var shared: [[Int64]]
    public private(set) var expectations: [ExpectationFigures]
    public private(set) var errors: [ErrorRecord] = []
    public private(set) var deadlock: DeadlockReport?
    /// Data races, each pair of threads on a variable once, in the order found.
    public private(set) var races: [Finding<RaceReport>] = []
    /// Lost updates by variable, in the order of each variable's first.
    public private(set) var lostUpdates: [LostUpdates] = []
    /// Lock-order cycles (potential deadlocks), in the order found.
    public private(set) var lockOrderCycles: [Finding<[LockOrderEdge]>] = []
    public private(set) var outcome: Outcome?
    public private(set) var output: [String] = []

    private var activity: [Activity] = []
    private var since: [VirtualTime] = []
    /// A thread's pending lock wait: which lock and since when.
    private var lockWait: [(lock: ObjectIndex, since: VirtualTime)?] = []

    /// What a thread is doing, as the summary tracks it.
    public enum Activity: Sendable, Hashable {
        case created, ready, running, waiting(WaitCategory), finished
    }

    /// What thread `t` is doing at the end of the events consumed so far.
    public func activity(of t: Int) -> Activity? {
        activity.indices.contains(t) ? activity[t] : nil
    }

    public init(program: Program) {
        names = EventNames(program: program)
        locks = program.locks.map { LockFigures(name: $0.name) }
        shared = [program.shared.map(\.initial)]
        expectations = program.expectations.map { ExpectationFigures(text: $0.text) }
    }

    /// Whether every expectation held, no error happened, and the run completed.
    public var succeeded: Bool {
        outcome == .completed && errors.isEmpty && expectations.allSatisfy { $0.failed == 0 }
    }

    /// Final value of a shared variable in process 0, by name.
    public func value(of name: String, process: ProcessID = 0) -> Int64? {
        guard let index = names.program.shared.firstIndex(where: { $0.name == name }),
              Int(process) < shared.count else { return nil }
        return shared[Int(process)][index]
    }

    public mutating func consume(_ events: some Sequence<Event>) {
        for event in events { consume(event) }
    }

    public mutating func consume(_ event: Event) {
        eventCount += 1
        duration = event.time
        names.observe(event)
        let t = Int(event.thread)
        switch event.kind {
        case .threadCreated(let child, let name, let process, let daemon):
            while threads.count <= Int(child) {
                threads.append(ThreadFigures(name: "", process: 0, daemon: false))
                activity.append(.created)
                since.append(event.time)
                lockWait.append(nil)
            }
            threads[Int(child)] = ThreadFigures(name: name, process: process, daemon: daemon)
            while shared.count <= Int(process) { shared.append(names.program.shared.map(\.initial)) }
        case .threadStarted(let child): move(Int(child), to: .ready, at: event.time)
        case .dispatched: move(t, to: .running, at: event.time)
        case .preempted, .woken: move(t, to: .ready, at: event.time)
        case .blocked(let target, _, _):
            move(t, to: .waiting(target.category), at: event.time)
            if case .lock(let l) = target, lockWait[t] == nil { lockWait[t] = (l, event.time) }
        case .threadFinished, .threadStopped:
            move(t, to: .finished, at: event.time)
            threads[t].finishedAt = event.time
            if case .threadStopped = event.kind { threads[t].stopped = true }
        case .lockAcquired(let l, let count, _):
            if count == 1 { locks[Int(l)].acquisitions += 1 }
            if let wait = lockWait[t], wait.lock == l {
                let waited = event.time - wait.since
                locks[Int(l)].contended += 1
                locks[Int(l)].totalWait += waited
                locks[Int(l)].longestWait = max(locks[Int(l)].longestWait, waited)
                lockWait[t] = nil
            }
        case .lockFailed(let l):
            if let wait = lockWait[t], wait.lock == l {
                let waited = event.time - wait.since
                locks[Int(l)].contended += 1
                locks[Int(l)].totalWait += waited
                locks[Int(l)].longestWait = max(locks[Int(l)].longestWait, waited)
                lockWait[t] = nil
            }
        case .sharedWrite(let variable, _, let new):
            let process = Int(names.threadProcess[t])
            shared[process][Int(variable)] = new
        case .expectation(let index, let passed):
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
            let process = t >= 0 && t < names.threadProcess.count ? names.threadProcess[t] : 0
            if let i = lostUpdates.firstIndex(where: { $0.process == process && $0.variable == report.variable }) {
                lostUpdates[i].count += 1
            } else {
                lostUpdates.append(LostUpdates(process: process, variable: report.variable, count: 1,
                                               first: Finding(time: event.time, thread: event.thread, report: report)))
            }
        case .lockOrderCycle(let edges):
            lockOrderCycles.append(Finding(time: event.time, thread: event.thread, report: edges))
        case .finished(let outcome):
            self.outcome = outcome
            for i in threads.indices { move(i, to: activity[i], at: event.time) }
            // Waits still going at the end (a deadlock) count too: the lock was contended all that time.
            for i in lockWait.indices {
                guard let wait = lockWait[i] else { continue }
                let waited = event.time - wait.since
                locks[Int(wait.lock)].contended += 1
                locks[Int(wait.lock)].totalWait += waited
                locks[Int(wait.lock)].longestWait = max(locks[Int(wait.lock)].longestWait, waited)
                lockWait[i] = nil
            }
        case .choice: choiceCount += 1
        case .printed(let text): output.append(text)
        default: break
        }
    }

    /// The figures as they stand at `time` in a run still going: each thread's current state
    /// charged up to then, and the duration brought to it. (A run that ended is returned as it is.)
    public func asOf(_ time: VirtualTime) -> Summary {
        guard outcome == nil, time >= duration else { return self }
        var summary = self
        for i in threads.indices { summary.move(i, to: activity[i], at: max(time, since[i])) }
        summary.duration = time
        return summary
    }

    /// Charges the time since the thread's last change to its old activity and switches it to `new`.
    private mutating func move(_ t: Int, to new: Activity, at time: VirtualTime) {
        guard t >= 0 && t < threads.count else { return }
        let elapsed = time - since[t]
        switch activity[t] {
        case .running: threads[t].running += elapsed
        case .ready: threads[t].ready += elapsed
        case .waiting(let category): threads[t].waiting[category, default: 0] += elapsed
        case .created, .finished: break
        }
        activity[t] = new
        since[t] = time
    }
}
