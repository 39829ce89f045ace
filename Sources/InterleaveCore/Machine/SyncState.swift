import DequeModule

/// A Lock, RLock or fair lock at run time.
struct LockState: Sendable, Hashable {
    var kind: LockDecl.Kind
    var owner: ThreadID = -1
    var count: Int32 = 0
    var waiters: [ThreadID] = []
    var lastReleaser: ThreadID = -1
    /// When it was last released (a hand-off started at another time, by a timeout, costs the
    /// last releaser nothing).
    var releasedAt: VirtualTime = 0
    /// The waiter a release woke (under a GIL), on its way or awake, or -1.
    var waking: ThreadID = -1
    /// Whether `waking` has not woken up yet (once it has and found the lock taken, it is on its
    /// way back to sleep, and a release before it is asleep lets it take the lock at once).
    var wakingOnItsWay = false
}

/// A `ThreadPoolExecutor` at run time: work waiting for a worker, its workers, and who waits for work.
struct PoolState: Sendable, Hashable {
    var maxWorkers: Int32
    var work: Deque<Int32> = []
    /// Its worker threads, in the order they were made.
    var workers: [ThreadID] = []
    /// Workers waiting for work, in the order they began to.
    var idle: [ThreadID] = []
    var shutdown = false
}

/// A `concurrent.futures.Future` at run time: the call it stands for, and what it gave.
struct FutureState: Sendable, Hashable {
    var pool: ObjectIndex
    /// The process that submitted it: its arguments are values there, and so is its value once done.
    var process: ProcessID = 0
    var function: Int32
    var arguments: [Value]
    var done = false
    var value: Value = .none
    /// Whether `value` is the exception its call raised (`result()` raises it).
    var failed = false
    /// Threads waiting for it (`result()`), and those waiting for it among others (`as_completed`).
    var waiters: [ThreadID] = []
    var anyWaiters: [ThreadID] = []
}

/// A process: its own copy of the shared variables, its own heap and its own GIL.
struct ProcessState: Sendable, Hashable {
    var shared: [Value]
    /// The objects its threads' values point at: the program's constants first, then what was made.
    var heap: [HeapObject]
    var gil = GILState()
    /// Printed text whose line has not ended yet (`print(x, end="")`), and who printed it last.
    var pendingOutput = ""
    var pendingWriter: ThreadID = 0

    /// A new process of `program`: the shared variables at their initial values, the constants on the heap.
    init(program: Program) {
        shared = program.shared.map(\.initial)
        heap = program.constants
    }
}

/// The GIL of one process, as CPython keeps it (Python/ceval_gil.c).
struct GILState: Sendable, Hashable {
    var holder: ThreadID = -1
    /// Threads waiting for it, in arrival order.
    var waiters: [ThreadID] = []
    var dropRequested = false
    /// Incremented at every acquisition (CPython's `switch_number`).
    var switchNumber: UInt64 = 0
    /// The thread that dropped it on request and may not take it back first (forced switching).
    var dropper: ThreadID = -1
    var lastReleaser: ThreadID = -1
    /// The waiters' interval timer: armed, its token, and the switch number when it was set.
    var timerArmed = false
    var timerToken: UInt32 = 0
    var switchNumberAtArm: UInt64 = 0
    /// The switch interval a program set with `sys.setswitchinterval` (0: the configuration's).
    var interval: VirtualTime = 0
}

/// A virtual core.
struct CoreState: Sendable, Hashable {
    /// The running thread, or -1 when idle.
    var thread: ThreadID = -1
    /// When the running thread's next step happens.
    var nextTime: VirtualTime = 0
    /// A higher-priority thread is waiting for this core.
    var preemptRequested = false
}

/// Something that happens at a virtual time unless it became stale.
struct Timer: Sendable, Hashable, Comparable {
    enum Kind: Sendable, Hashable {
        /// A sleep, I/O call or timed wait of a thread ends (if the thread's wait token still matches).
        case wake(ThreadID, token: UInt32)
        /// A GIL waiter's switch interval ends.
        case gilInterval(ProcessID, token: UInt32)
        /// A lock waiter woken by a release is awake and tries the lock (if its wait token still matches).
        case lockRetry(ThreadID, token: UInt32)
    }
    var time: VirtualTime
    var order: UInt64
    var kind: Kind

    static func < (a: Timer, b: Timer) -> Bool {
        a.time != b.time ? a.time < b.time : a.order < b.order
    }
}

/// A decision about waiters that the scheduler makes right after the operation that allows it.
enum Handoff: Sendable, Hashable {
    case lock(ObjectIndex)
    case gil(ProcessID)
    /// One a library object's ``Primitive`` asked for (``Machine/handOff(_:_:_:)``): which of its hand-offs.
    case library(ObjectKind, ObjectIndex, UInt8)
}
