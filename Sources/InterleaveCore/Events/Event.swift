/// One thing the scheduler did, stamped with its sequence number and virtual time.
///
/// Events are the only output of the engine. The UI, the summary, recordings, detectors and
/// exporters all read the same stream, so a consumer never needs the machine to understand one.
public struct Event: Sendable, Hashable {
    /// The version of this vocabulary; recordings store it, and it changes whenever a kind changes meaning.
    public static let vocabularyVersion: UInt16 = 2

    /// Position in the stream, from 0, without gaps.
    public var seq: UInt64
    /// Virtual nanoseconds since the run began; never decreases along the stream.
    public var time: VirtualTime
    /// The thread that acted, or ``Event/machine`` for the scheduler itself.
    public var thread: ThreadID
    public var kind: Kind

    /// The actor of events the scheduler causes on nobody's behalf.
    public static let machine: ThreadID = -1

    public init(seq: UInt64, time: VirtualTime, thread: ThreadID, kind: Kind) {
        self.seq = seq
        self.time = time
        self.thread = thread
        self.kind = kind
    }
}

extension Event {
    /// What happened. Object numbers index the program's declarations of that kind.
    public enum Kind: Sendable, Hashable {
        // Threads.
        /// The actor created `child` (not yet started). A new process when `process` differs from the actor's.
        case threadCreated(child: ThreadID, name: String, process: ProcessID, daemon: Bool)
        /// The actor started `child`; it is now runnable.
        case threadStarted(child: ThreadID)
        /// The actor's function returned.
        case threadFinished
        /// The actor, a daemon, was stopped because only daemons were left.
        case threadStopped

        // Scheduling.
        /// The actor was put on core `core`.
        case dispatched(core: Int32)
        /// The actor was taken off core `core` while it could still run.
        case preempted(core: Int32, reason: PreemptReason)
        /// The actor waits for `target`; `holder` is who holds it (or -1). A contended lock
        /// request is `blocked(.lock)`, a GIL request that must wait is `blocked(.gil)`;
        /// uncontended ones go straight to `lockAcquired` / `gilAcquired`.
        case blocked(WaitTarget, holder: ThreadID)
        /// The actor's wait ended; `by` is the thread that ended it (or -1 for a timer).
        case woken(WakeReason, by: ThreadID)
        /// A scheduling decision: which of `options` goes, and the index of the one chosen.
        case choice(ChoiceKind, options: [ThreadID], chosen: Int32)

        // Locks and the GIL.
        /// The actor holds the lock; `count` is the RLock recursion depth (1 for a Lock).
        case lockAcquired(ObjectIndex, count: Int32)
        /// The actor released the lock; `count` is what is left held (0: free).
        case lockReleased(ObjectIndex, count: Int32)
        /// A non-blocking or timed acquire gave up.
        case lockFailed(ObjectIndex)
        case gilAcquired(ProcessID)
        case gilReleased(ProcessID, GILReleaseReason)
        /// The actor, waiting for the GIL a whole switch interval with no switch, asked the holder to drop it.
        case gilDropRequested(ProcessID, holder: ThreadID)

        // Joins and the other synchronization objects.
        case joinDone(ThreadID, timedOut: Bool)
        case eventSet(ObjectIndex, woke: Int32)
        case eventCleared(ObjectIndex)
        case eventWaitDone(ObjectIndex, result: Bool)
        case conditionNotified(ObjectIndex, woke: Int32)
        /// A condition wait returned (after re-acquiring the lock); `notified` is false on timeout.
        case conditionWaitDone(ObjectIndex, notified: Bool)
        case semaphoreAcquired(ObjectIndex, value: Int64)
        case semaphoreReleased(ObjectIndex, value: Int64)
        case semaphoreFailed(ObjectIndex)
        /// The actor arrived at the barrier; `arrived` of the parties are now waiting.
        case barrierArrived(ObjectIndex, arrived: Int32)
        /// The last party arrived: everyone waiting goes on.
        case barrierPassed(ObjectIndex)
        case barrierBroken(ObjectIndex)
        case queuePut(ObjectIndex, value: Int64, size: Int32)
        case queueGot(ObjectIndex, value: Int64, size: Int32)
        case queueFailed(ObjectIndex, put: Bool)

        // Shared state and output.
        case sharedRead(Int32, value: Int64)
        case sharedWrite(Int32, old: Int64, new: Int64)
        case printed(String)
        case expectation(Int32, passed: Bool)
        /// A mistake in the program (releasing an unlocked lock, joining oneself, ...). The run goes on.
        case error(UserError)

        // What the detectors found (version 2 of the vocabulary).
        /// The actor's access to a shared variable races with another thread's earlier one
        /// (reported once per variable and pair of threads).
        case race(RaceReport)
        /// The actor's write (the event before this one) overwrote another thread's update it never read.
        case lostUpdate(LostUpdateReport)
        /// The actor took a lock while holding another, closing a cycle in the lock-order graph: a
        /// potential deadlock, whether or not this run deadlocks (reported once per cycle).
        case lockOrderCycle([LockOrderEdge])

        // The end.
        case deadlock(DeadlockReport)
        case stepLimit(UInt64)
        case finished(Outcome)
    }
}

/// What a blocked thread waits for.
public enum WaitTarget: Sendable, Hashable {
    case lock(ObjectIndex)
    case gil(ProcessID)
    case join(ThreadID)
    /// `Thread.start()` waits until the new thread has begun to run.
    case start(ThreadID)
    case event(ObjectIndex)
    case condition(ObjectIndex)
    case semaphore(ObjectIndex)
    case barrier(ObjectIndex)
    case queueGet(ObjectIndex)
    case queuePut(ObjectIndex)
    case sleep
    case io
}

/// Why a running thread left its core.
public enum PreemptReason: UInt8, Sendable, Hashable {
    /// Its time slice ran out and another thread was waiting for a core.
    case quantum
    /// A thread of higher priority became ready.
    case priority
    /// The policy switched threads at a visible step (random, pct, manual).
    case choice
}

/// Why a wait ended.
public enum WakeReason: UInt8, Sendable, Hashable {
    /// The lock, semaphore, queue slot or GIL became available to this thread.
    case granted
    case notified
    case set
    case joined
    case barrier
    /// The thread being started began to run.
    case started
    /// A sleep or I/O call completed.
    case elapsed
    case timeout
}

/// Why the GIL was released.
public enum GILReleaseReason: UInt8, Sendable, Hashable {
    /// A drop request was seen at a check point.
    case dropRequest
    /// The thread blocked (sleep, I/O, a contended acquire, a wait).
    case blocking
    case finished
}

/// Which decision a choice point makes.
public enum ChoiceKind: Sendable, Hashable {
    /// Which ready thread gets a free core.
    case dispatch(core: Int32)
    /// Which of several threads on different cores performs its next visible step first.
    case order
    /// Whether the running thread keeps its core at a visible step, or which ready thread takes it.
    case preempt(core: Int32)
    /// Which waiter is woken when a lock is released.
    case lock(ObjectIndex)
    /// Which waiter gets a released GIL.
    case gil(ProcessID)
    case semaphore(ObjectIndex)
    case queueGet(ObjectIndex)
    case queuePut(ObjectIndex)
}

/// A mistake a program can make; it becomes an error event and a summary line, never a crash.
public enum UserError: Sendable, Hashable {
    case releaseUnlocked(lock: ObjectIndex)
    case releaseNotOwner(lock: ObjectIndex, owner: ThreadID)
    case joinSelf
    case joinNotStarted(ThreadID)
    case invalidThreadHandle(Int64)
    case startedTwice(ThreadID)
    case semaphoreOverReleased(ObjectIndex)
    case conditionNotOwner(ObjectIndex)
    case divisionByZero
    case overflow
    case negativeValue(Int64)
    /// Calls nested deeper than ``Machine/maxCallDepth`` (Python's RecursionError): the thread ends.
    case recursionTooDeep(Int32)
    /// A list was indexed outside `-count ..< count`.
    case indexOutOfRange(index: Int64, count: Int64)
    /// The IR itself is inconsistent (a compiler bug): the instruction at `pc` was skipped.
    case malformedProgram(pc: Int32)
}

/// How a run ended.
public enum Outcome: UInt8, Sendable, Hashable {
    /// Every non-daemon thread finished.
    case completed
    /// Threads were left waiting with nothing that could ever wake them.
    case deadlock
    /// The step bound stopped a run that did not end.
    case stepLimit
}

/// One blocked thread in a deadlock report, what it waits for and who holds that.
public struct WaitEdge: Sendable, Hashable {
    public var thread: ThreadID
    public var target: WaitTarget
    /// The thread holding `target` (a lock's owner, a joined thread), or -1.
    public var holder: ThreadID
    public init(thread: ThreadID, target: WaitTarget, holder: ThreadID) {
        self.thread = thread
        self.target = target
        self.holder = holder
    }
}

/// A deadlock: the wait-for cycle if there is one, and every blocked thread.
public struct DeadlockReport: Sendable, Hashable {
    /// The cycle, each edge's holder being the next edge's thread; empty when no cycle exists.
    public var cycle: [WaitEdge]
    /// Every thread left blocked, in thread order.
    public var blocked: [WaitEdge]
    public init(cycle: [WaitEdge], blocked: [WaitEdge]) {
        self.cycle = cycle
        self.blocked = blocked
    }
}
