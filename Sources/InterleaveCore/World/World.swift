/// The world as the event stream says it is after its latest event: what each thread does and
/// what it waits for, who holds each lock and who waits for it, the other objects' states, the
/// GIL's holders, the shared values and the names.
///
/// It is the one fold of these facts: the summary, the view, the exporters and the detectors read
/// it instead of each keeping its own. Fed any producer's events in order with ``apply(_:)``, it
/// never looks at the producer. It trusts nothing: a number out of range changes nothing.
public struct World: Sendable {
    /// One thread as the stream has told of it.
    public struct Thread: Sendable, Hashable {
        public var name: String
        public var process: ProcessID
        public var daemon: Bool
        public var activity: ThreadActivity = .notStarted
        /// When the current activity began.
        public var since: VirtualTime
        /// What it waits for, while it is blocked.
        public var wait: Wait?
        /// A lock it asked for and has not had yet, and since when (across the times it was woken
        /// and had to wait again); cleared when it gets the lock or gives up.
        public var acquiring: (lock: ObjectIndex, since: VirtualTime)? {
            get { acquiringLock >= 0 ? (acquiringLock, acquiringSince) : nil }
            set {
                acquiringLock = newValue?.lock ?? -1
                acquiringSince = newValue?.since ?? 0
            }
        }
        private var acquiringLock: ObjectIndex = -1
        private var acquiringSince: VirtualTime = 0
        /// The locks it holds, in the order it took them.
        public var held: [ObjectIndex] = []
        /// The source line of its latest event that has one (0: none yet): where it is in the code.
        public var line: Int32 = 0
        public var finishedAt: VirtualTime?
        /// Stopped at exit as a daemon, rather than finished.
        public var stopped = false

        init(name: String, process: ProcessID, daemon: Bool, since: VirtualTime) {
            self.name = name
            self.process = process
            self.daemon = daemon
            self.since = since
        }
    }

    /// A blocked thread's wait.
    public struct Wait: Sendable, Hashable {
        public var target: WaitTarget
        /// The most it waits (0: as long as it takes).
        public var timeout: VirtualTime
        public var since: VirtualTime
    }

    /// One lock.
    public struct Lock: Sendable, Hashable {
        /// Who holds it, or -1.
        public var holder: ThreadID = -1
        /// How deep its holder holds it (an RLock's recursion).
        public var count: Int32 = 0
        /// When its holder took it (or when it was freed).
        public var since: VirtualTime = 0
        /// Threads blocked on it, in the order they began to wait.
        public var waiters: [ThreadID] = []
    }

    /// What an event changed that lanes draw: a thread's activity, a lock's or a GIL's holder.
    public struct Change: Sendable, Hashable {
        /// The thread whose activity changed, or -1.
        public var thread: ThreadID = -1
        /// Its activity before, since when, and now.
        public var previous: ThreadActivity = .notStarted
        public var previousSince: VirtualTime = 0
        public var activity: ThreadActivity = .notStarted
        /// The lock whose holder changed, or -1, its holder before and since when, and now (-1: free).
        public var lock: ObjectIndex = -1
        /// The process whose GIL changed holder, or -1 (the holder fields then say the GIL's).
        public var gil: ProcessID = -1
        public var previousHolder: ThreadID = -1
        public var holderSince: VirtualTime = 0
        public var holder: ThreadID = -1

        public static let none = Change()
    }

    public internal(set) var names: EventNames
    /// The program whose declarations the events name.
    public var program: Program { names.program }
    public internal(set) var threads: [Thread] = []
    public internal(set) var locks: [Lock]
    /// Each library object's state, a number (an Event's flag, 0 or 1; a semaphore's value; how
    /// many wait at a barrier; a queue's size), by kind (``ObjectKind/rawValue``) and index, as
    /// the events that touch them leave it (``Event/Kind/shows``). See ``state(of:_:)``.
    var objectStates: [[Int64]]
    /// Who holds each process's GIL, or -1 (as far as a GIL was ever taken), and since when.
    public internal(set) var gilHolders: [ThreadID] = []
    public internal(set) var gilSince: [VirtualTime] = []
    /// The futures made so far, by number.
    public internal(set) var futures: [Future] = []
    /// Shared variables per process: each one's value as last written (or, for a list or other
    /// object whose contents change in place, as last read).
    public internal(set) var shared: [[EventValue]]
    /// The event number of each shared variable's last write (any process), as far as one was written.
    var lastWrites: [UInt64?] = []
    /// Whether the names of threads are kept (a consumer that never names anything can do without).
    let naming: Bool
    /// The time of the latest event.
    public internal(set) var time: VirtualTime = 0
    public internal(set) var eventCount: UInt64 = 0
    public internal(set) var outcome: Outcome?

    /// The world of a run of `program`; without `naming`, thread names are not kept in ``names``
    /// (for a consumer that names nothing, such as the detectors).
    public init(program: Program, naming: Bool = true) {
        self.naming = naming
        threads.reserveCapacity(4)
        locks = Array(repeating: Lock(), count: program.locks.count)
        objectStates = program.objects.map { $0.map(\.spec.shows) }
        shared = [program.shared.map { EventValue($0.initial) }]
        // The program's last use: it moves into the names rather than being copied.
        names = EventNames(program: program, reserving: naming ? 4 : 0)
    }

    /// The state of library object `index` of `kind` as a number (see ``objectStates``), or nil
    /// when there is no such object.
    public func state(of kind: ObjectKind, _ index: ObjectIndex) -> Int64? {
        let states = objectStates[Int(kind.rawValue)]
        return index >= 0 && Int(index) < states.count ? states[Int(index)] : nil
    }

    /// A new process's shared variables: the program's at their initial values, and those made
    /// so far (instances' attributes) as None.
    var initialShared: [EventValue] {
        names.program.shared.map { EventValue($0.initial) }
            + repeatElement(EventValue.none, count: max(0, names.count(of: .variable) - names.program.shared.count))
    }

    /// The event number of shared variable `v`'s last write (in any process), if it was written.
    public func lastWrite(of v: Int) -> UInt64? { v >= 0 && v < lastWrites.count ? lastWrites[v] : nil }

    /// Thread `t`, if the stream has made it.
    public func thread(_ t: ThreadID) -> Thread? {
        t >= 0 && Int(t) < threads.count ? threads[Int(t)] : nil
    }

    /// What thread `t` does now (not started, for a thread the stream has not made).
    public func activity(of t: ThreadID) -> ThreadActivity { thread(t)?.activity ?? .notStarted }

    /// Who holds what `target` names now: a lock's holder, the thread joined or started, the GIL's
    /// holder; -1 for nobody.
    public func holder(of target: WaitTarget) -> ThreadID {
        switch target {
        case .lock(let l): return l >= 0 && Int(l) < locks.count ? locks[Int(l)].holder : -1
        case .join(let t), .start(let t): return t
        case .gil(let p): return p >= 0 && Int(p) < gilHolders.count ? gilHolders[Int(p)] : -1
        case .future(let f): return f >= 0 && Int(f) < futures.count ? futures[Int(f)].worker : -1
        case .futures, .work, .sleep, .io: return -1
        default:
            // A wait on a library object (an Event, a Barrier, a Queue): nobody holds it.
            assert(target.object?.kind.primitive != nil, "World.holder(of:) does not know \(target)")
            return -1
        }
    }

    /// The process thread `t` belongs to (0 for a thread the stream has not made).
    public func process(of t: ThreadID) -> ProcessID { thread(t)?.process ?? 0 }
}
