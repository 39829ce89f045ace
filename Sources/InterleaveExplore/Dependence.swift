import InterleaveCore

/// How one event of a run bears on the order of steps: what it reads or writes that another
/// thread's step might too, and the orders no schedule can reverse (a thread's start before its
/// first step, its end before a join of it returns).
///
/// Read from the stream alone: the object an event touches is declared with its kind in the
/// vocabulary (``Event/Kind/touches``); this adds the thread edges, the GIL as an object, and time.
/// Anything that observes time (a sleep, a timeout, a wait that can time out) depends on every
/// step of every other thread, since moving any step can move the clock it reads.
struct Dependence: Sendable {
    /// What an event accesses.
    enum Access: Sendable, Hashable {
        /// Nothing another thread's step can observe (scheduling, a check, a thread's own work).
        case none
        /// One object, by ``Dependence/key(_:_:process:)``.
        case object(UInt64, write: Bool)
        /// A lock's release: ordered before the lock's next acquisition, but no race with it
        /// (an acquisition of a held lock cannot come before the release it waits for: the
        /// orders that matter are those of the acquisitions).
        case release(UInt64)
        /// A waiter tried and must wait (a held lock, an empty queue, ...): not a step (it changes
        /// nothing another thread reads), but what it tried races with what made it wait, so the
        /// order that lets it go first is tried too.
        case attempt(UInt64)
        /// A lock's try without waiting (`blocking=False`), taken or not: it depends on the last
        /// release as well as on the acquisitions.
        case tryLock(UInt64)
        /// Every object: the step depends on every other thread's steps.
        case all

        /// Whether the two accesses give different results in the two orders.
        func conflicts(with other: Access) -> Bool {
            switch (self, other) {
            case (.none, _), (_, .none): return false
            case (.all, _), (_, .all): return true
            case let (.object(a, write: w), .object(b, write: v)): return a == b && (w || v)
            case (.release, .release): return false
            default: return key == other.key
            }
        }

        /// The object, for every access but ``none`` and ``all``.
        var key: UInt64? {
            switch self {
            case .none, .all: return nil
            case .object(let key, _), .release(let key), .attempt(let key), .tryLock(let key): return key
            }
        }
    }

    /// How an event orders threads beyond what it accesses.
    enum Edge: Sendable, Hashable {
        case none
        /// The actor started `child`: everything `child` does comes after the start.
        case spawn(ThreadID)
        /// The actor ended: a join of it returns after this.
        case end
        /// The actor's join of `thread` returned because `thread` ended.
        case join(ThreadID)
        /// Thread `waker` ended the actor's wait (a barrier's last party, a notify, a release
        /// handing over): what the waker did before comes before what the actor does next.
        case wokenBy(ThreadID)
    }

    let program: Program
    /// Each thread's process (a shared variable is one per process).
    private var processOf: [ProcessID] = [0]

    init(program: Program) { self.program = program }

    /// What `event` accesses and which thread edge it makes. Call it for every event in order.
    mutating func classify(_ event: Event) -> (Access, Edge) {
        let kind = event.kind
        switch kind {
        case .threadCreated(let child, _, let process, _):
            let c = Int(child)
            if c >= 0 {
                while processOf.count <= c { processOf.append(0) }
                processOf[c] = process
            }
            return (.none, .none)
        case .threadStarted(let child):
            return (.none, .spawn(child))
        case .threadFinished, .threadStopped:
            return (.none, .end)
        case .joinDone(let thread, let timedOut):
            return timedOut ? (.all, .none) : (.none, .join(thread))
        case .blocked(let target, _, let timeout):
            if timeout > 0 { return (.all, .none) }
            // A waiter only tried: what it waits for (an acquisition, an item, a set Event) is
            // the step, and comes as an event of its own. A condition's waiter has joined the
            // condition's waiters, which a notify reads: a write.
            switch target {
            case .sleep, .io, .futures: return (.all, .none)
            case .join, .start, .gil: return (.none, .none)
            case .lock(let lock): return (.attempt(key(.lock, lock, for: event.thread)), .none)
            case .semaphore(let semaphore): return (.attempt(key(.semaphore, semaphore, for: event.thread)), .none)
            case .queueGet(let queue), .queuePut(let queue), .queueJoin(let queue):
                return (.attempt(key(.queue, queue, for: event.thread)), .none)
            case .barrier(let barrier): return (.attempt(key(.barrier, barrier, for: event.thread)), .none)
            case .flag(let flag): return (.attempt(key(.flag, flag, for: event.thread)), .none)
            case .future(let future): return (.attempt(key(.future, future, for: event.thread)), .none)
            case .work(let pool): return (.attempt(key(.pool, pool, for: event.thread)), .none)
            case .condition(let condition): return (.object(key(.condition, condition, for: event.thread), write: true), .none)
            }
        case .lockAcquired(let lock, _, true), .lockFailed(let lock):
            // A try (`blocking=False`): whether it succeeds hangs on the last release too.
            return (.tryLock(key(.lock, lock, for: event.thread)), .none)
        case .woken(let reason, let by):
            return (reason == .timeout || reason == .elapsed ? .all : .none, by >= 0 ? .wokenBy(by) : .none)
        case .lockReleased(let lock, _):
            return (.release(key(.lock, lock, for: event.thread)), .none)
        case .gilAcquired(let process), .gilReleased(let process, _), .gilDropRequested(let process, _):
            return (.object(Dependence.gil | UInt64(UInt32(bitPattern: process)), write: true), .none)
        default:
            break
        }
        switch kind.touches {
        case .nothing: return (.none, .none)
        case .everything: return (.all, .none)
        case .output: return (.object(Dependence.output, write: true), .none)
        case .object(let objectKind, let index, let write):
            return (.object(key(objectKind, index, for: event.thread), write: write), .none)
        }
    }

    /// The key of object `index` of `kind` as thread `thread` sees it: a condition's operations
    /// are its lock's (they take it); a variable is one per process.
    private func key(_ kind: ObjectKind, _ index: Int32, for thread: ThreadID) -> UInt64 {
        let t = Int(thread)
        let process = t >= 0 && t < processOf.count ? processOf[t] : 0
        guard case .object(let objectKind, let index, _) = StepFootprint(.object(kind, index, write: true), process: process,
                                                                        program: program).touches
        else { return Dependence.key(kind, index, process: 0) }
        return Dependence.key(objectKind, index, process: objectKind == .variable ? process : 0)
    }

    /// An object's key: its kind, its index, and (for a variable) its process.
    static func key(_ kind: ObjectKind, _ index: Int32, process: ProcessID) -> UInt64 {
        UInt64(kind.rawValue) << 56 | UInt64(UInt16(truncatingIfNeeded: process)) << 32 | UInt64(UInt32(bitPattern: index))
    }

    /// The keys of the GIL (with its process in the low bits) and of printed output.
    static let gil: UInt64 = 0xFE << 56, output: UInt64 = 0xFD << 56
}
