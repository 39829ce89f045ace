import DequeModule
import HeapModule

/// The simulated machine: a program's threads on virtual cores in virtual time.
///
/// `Machine` is a value: copying it takes a snapshot, and running the copy later continues
/// exactly where the original was. It never reads the wall clock or an unseeded random source,
/// and never depends on hash order, so the same program, configuration and manual answers always
/// produce the same events.
///
/// ```swift
/// var machine = Machine(program: program, config: MachineConfig(policy: .gil, seed: 7))
/// var events: [Event] = []
/// while case .budgetExhausted = machine.run(RunLimit(maxEvents: 4096), into: &events) {
///     consume(events); events.removeAll(keepingCapacity: true)
/// }
/// ```
public struct Machine: Sendable {
    /// How deep calls may nest before the thread fails, as CPython's default recursion limit.
    public static let maxCallDepth = 1000

    public let program: Program
    public let config: MachineConfig

    /// The virtual time of the latest event.
    public internal(set) var now: VirtualTime = 0
    public internal(set) var threads: [ThreadState] = []
    /// Instructions executed so far.
    public internal(set) var steps: UInt64 = 0
    /// How the run ended, once it has.
    public internal(set) var outcome: Outcome?
    /// The choice point a manual run is stopped at, waiting for ``answer(_:)``.
    public internal(set) var pendingChoice: ChoiceRequest?

    var processes: [ProcessState] = []
    var locks: [LockState]
    /// The states of the library's objects (Event, Condition, Semaphore, Barrier, Queue), each
    /// run by its ``Primitive``.
    var library = LibraryStates()
    var pools: [PoolState]
    /// The names of the objects made as the program ran (after the declared ones), by kind
    /// (``ObjectKind/rawValue``).
    var madeNames: [[String]] = Array(repeating: [], count: ObjectKind.allCases.count)
    /// How many objects and instances were given each name so far (for `lock#2`, `Account-3`);
    /// looked up by name only, never walked.
    var nameUses: [String: Int] = [:]
    /// How many threads were made without a name (Python's `Thread-N` counter).
    var unnamedThreads = 0
    /// How many worker processes pools made (`ForkPoolWorker-N`).
    var processWorkers = 0
    /// How many exceptions were raised so far: code that pushes a result after an operation checks
    /// it did not raise (the exception has its handler's stack by then).
    var raiseCount: UInt64 = 0
    /// Every future made so far, by number.
    var futures: [FutureState] = []
    var cores: [CoreState]
    var ready: Deque<ThreadID> = []
    var timers: Heap<Timer> = []
    var handoffs: Deque<Handoff> = []
    var chooser: ChooserState
    /// The source of timing noise (timer slack, dispatch jitter), independent of the chooser.
    var noise: SplitMix64
    /// What the program's own `random` module draws from, independent of scheduling and noise.
    var programRandom: SplitMix64
    /// Threads that must finish before the program can end.
    var liveNonDaemon = 0
    var nextSeq: UInt64 = 0
    /// How many events the machine has produced (the next event's sequence number); events still
    /// in a run's buffer count too.
    public var eventCount: UInt64 { nextSeq }
    /// How many of them a run has handed out (a new machine holds its first events until its first run).
    public var eventsDelivered: UInt64 { nextSeq - UInt64(outbox.count) }
    var timerOrder: UInt64 = 0
    /// Visible steps executed so far (PCT counts these).
    var visibleSteps: UInt64 = 0
    /// How many visible steps (shared accesses, synchronization, output) ran so far: where PCT's
    /// change points can fall.
    public var visibleStepCount: UInt64 { visibleSteps }
    /// A core whose visible step was chosen to go next by an `order` choice.
    var forcedCore: Int = -1
    var choiceAnswer: Int?
    var madeChoice = false
    /// The `untilTime` of the current ``run(_:into:)``: nothing after it may happen.
    var stopAfter = VirtualTime.max
    /// Events emitted but not yet handed out by ``run(_:into:)``.
    var outbox: [Event] = []

    public init(program: Program, config: MachineConfig = MachineConfig()) {
        let config = config.normalized
        self.program = program
        self.config = config
        locks = program.locks.map { LockState(kind: $0.kind) }
        for declared in program.objects.joined() { library.add(declared.spec, config: config) }
        pools = program.pools.map { PoolState(maxWorkers: $0.maxWorkers == 0 ? Int32(clamping: config.cores) : $0.maxWorkers) }
        cores = Array(repeating: CoreState(), count: max(1, config.cores))
        chooser = ChooserState(policy: config.policy, seed: config.seed, pctSteps: config.pctSteps)
        noise = SplitMix64(seed: config.seed ^ 0x6A09_E667_F3BC_C908)
        programRandom = SplitMix64(seed: config.seed ^ 0xBB67_AE85_84CA_A73B)
        processes.append(ProcessState(program: program))
        let main = makeThread(function: program.main, process: 0, name: "MainThread", daemon: false,
                              priority: 0, arguments: [])
        emit(.threadCreated(child: main, name: "MainThread", process: 0, daemon: false), by: Event.machine)
        startThread(main, by: Event.machine)
    }

    /// Runs until `limit` is reached, a manual choice is needed, or the run ends, appending the
    /// events to `events`.
    public mutating func run(_ limit: RunLimit = RunLimit(), into events: inout [Event]) -> RunStatus {
        // The caller's buffer becomes the outbox, after any events still pending from before.
        swap(&outbox, &events)
        outbox.append(contentsOf: events)
        events.removeAll()
        defer { swap(&outbox, &events) }
        let target = outbox.count + max(1, limit.maxEvents)
        madeChoice = false
        stopAfter = limit.untilTime ?? .max
        while true {
            if let outcome { return .finished(outcome) }
            if outbox.count >= target { return .budgetExhausted }
            // Nothing left to happen at any time (`.max`): the next action ends the run, whatever the limit.
            if let until = limit.untilTime, case let next = nextActionTime, next > until && next != .max { return .reachedTime }
            if !advance() { return .awaitingChoice(pendingChoice!) }
            if madeChoice && limit.stopAfterChoice { return .choiceMade }
        }
    }

    /// Answers the pending manual choice with the index of one of its options, so the next
    /// ``run(_:into:)`` goes on.
    public mutating func answer(_ index: Int) throws(ChoiceError) {
        guard let request = pendingChoice else { throw .noPendingChoice }
        guard request.options.indices.contains(index) else {
            throw .outOfRange(index, count: request.options.count)
        }
        choiceAnswer = index
    }

    /// Answers the pending manual choice by naming the thread to pick.
    public mutating func answer(thread: ThreadID) throws(ChoiceError) {
        guard let request = pendingChoice else { throw .noPendingChoice }
        guard let index = request.options.firstIndex(of: thread) else { throw .notAnOption(thread) }
        try answer(index)
    }

    /// The value of shared variable `index` in process `process`.
    public func sharedValue(_ index: Int, process: ProcessID = 0) -> Value {
        processes[Int(process)].shared[index]
    }

}
