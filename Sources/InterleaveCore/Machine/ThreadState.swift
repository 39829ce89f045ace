/// One virtual thread: where it is in its program, its operand stack and what it is doing.
public struct ThreadState: Sendable, Hashable {
    public internal(set) var id: ThreadID
    public internal(set) var name: String
    public internal(set) var process: ProcessID
    public internal(set) var status: ThreadStatus
    public internal(set) var daemon: Bool
    public internal(set) var priority: Int32
    /// The function the thread was started with.
    public internal(set) var function: Int32

    /// Address of the next instruction in ``Program/code``.
    var pc: Int32
    /// The source line of the instruction it runs or last ran (0: none), which its events carry.
    var line: Int32 = 0
    /// Where the current frame's locals start on the stack.
    var base: Int32
    /// Locals of every frame, then operands.
    var stack: [Value]
    /// Callers' return addresses and bases.
    var frames: [Frame]
    /// The `try` blocks the thread is in, innermost last.
    var handlers: [Handler] = []
    var threadLocals: [Value]
    /// An exception to raise as soon as the thread runs again: what a wait it was woken from
    /// ended in (`future.result()` of a call that raised).
    var pendingRaise: Value?
    /// A `threading.Timer`'s Event, which `cancel()` sets (-1: not a timer).
    var timerFlag: ObjectIndex = -1

    /// While on a core inside `compute`: when the work ends. 0 otherwise.
    var computeEnd: VirtualTime = 0
    /// Off a core inside `compute`: the work left.
    var computeLeft: VirtualTime = 0
    /// When the current time slice ends.
    var sliceEnd: VirtualTime = 0
    /// Bumped at every wait, so a timer set for an earlier wait is recognised as stale.
    var waitToken: UInt32 = 0
    /// When the current wait times out (``noDeadline``: never).
    var deadline: VirtualTime = noDeadline
    /// Whether the current wait pushes a success flag when it ends.
    var waitPushesResult = false
    /// A value the current wait carries: the item a blocked `put` holds, a barrier arrival index.
    var waitValue: Value = 0
    /// A lock acquisition in progress (a blocked or woken acquire, a condition wait's re-acquire).
    var pendingAcquire: PendingAcquire?
    /// Threads waiting in `join` for this one.
    var joiners: [ThreadID] = []
    /// When a woken thread is awake in the OS again (one wake-up latency after it was woken, or
    /// at once if it had not fallen asleep yet), or 0: handed a core (and the GIL) by then, it
    /// runs then.
    var arrives: VirtualTime = 0
    /// When a thread that has just woken up began to wait again (a lock's woken waiter that
    /// found it taken, a woken thread that must wait for the GIL): woken (or handed the GIL)
    /// within ``MachineConfig/syscallCost`` of it, it has not fallen asleep yet and runs without
    /// a wake-up latency. 0 for a thread that blocked after running (it falls asleep at once);
    /// ``notWaiting`` for a thread that is runnable (ready or running) or new.
    var waitsSince: VirtualTime = notWaiting
    /// The thread waiting in `start` for this one to begin running, or -1.
    var starter: ThreadID = -1
    /// A pool worker's future: the one it took and runs, or -1.
    var working: Int32 = -1
    /// The list (on the heap) an `as_completed` wait takes its future out of, or `.none`.
    var waitingList: Value = .none

    /// Whether the thread has been started and has not finished.
    public var isAlive: Bool {
        switch status {
        case .created, .finished: return false
        default: return true
        }
    }
}

/// The deadline of a wait without a timeout.
let noDeadline = VirtualTime.max

/// ``ThreadState/waitsSince`` of a thread that is not waiting (or never has).
let notWaiting = VirtualTime.max

/// Where a thread stands.
public enum ThreadStatus: Sendable, Hashable {
    /// Created, not started.
    case created
    /// Runnable, waiting for a core.
    case ready
    case running(core: Int32)
    case blocked(WaitTarget)
    case finished
}

/// A caller's frame, saved across a call.
struct Frame: Sendable, Hashable {
    var returnPC: Int32
    var base: Int32
}

/// A `try` block in progress: where its handler is, and the stack and calls to unwind to.
struct Handler: Sendable, Hashable {
    var pc: Int32
    var stackDepth: Int32
    var frameDepth: Int32
}

/// A lock acquisition that could not complete at once.
struct PendingAcquire: Sendable, Hashable {
    var lock: ObjectIndex
    /// The recursion count to restore (a condition wait re-acquires an RLock at its old depth).
    var count: Int32
    /// The condition being waited on, or -1 for a plain acquire.
    var condition: ObjectIndex
    /// For a condition wait: whether it was notified (false after a timeout).
    var notified: Bool
    /// When a timed acquire gives up (``noDeadline``: never).
    var deadline: VirtualTime
}
