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
        /// A lock's waiter tried to take it and must wait: not a step (it changes nothing another
        /// thread reads), but the acquisition it tried races with the holder's, so the order that
        /// lets it go first is tried too.
        case attempt(UInt64)
        /// Every object: the step depends on every other thread's steps.
        case all

        /// Whether the two accesses give different results in the two orders.
        func conflicts(with other: Access) -> Bool {
            switch (self, other) {
            case (.none, _), (_, .none): return false
            case (.all, _), (_, .all): return true
            case let (.object(a, write: w), .object(b, write: v)): return a == b && (w || v)
            case let (.release(a), .object(b, _)), let (.object(b, _), .release(a)),
                 let (.attempt(a), .object(b, _)), let (.object(b, _), .attempt(a)),
                 let (.attempt(a), .release(b)), let (.release(b), .attempt(a)), let (.attempt(a), .attempt(b)):
                return a == b
            case (.release, .release): return false
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
            switch target {
            case .sleep, .io: return (.all, .none)
            // A lock's waiter only tried: the acquisition it waits for is the step.
            case .lock(let lock): return (.attempt(Dependence.key(.lock, lock, process: 0)), .none)
            case .join, .start, .gil: return (.none, .none)
            default: break
            }
        case .woken(let reason, _):
            return (reason == .timeout || reason == .elapsed ? .all : .none, .none)
        case .lockReleased(let lock, _):
            return (.release(Dependence.key(.lock, lock, process: 0)), .none)
        case .gilAcquired(let process), .gilReleased(let process, _), .gilDropRequested(let process, _):
            return (.object(Dependence.gil | UInt64(UInt32(bitPattern: process)), write: true), .none)
        default:
            break
        }
        switch kind.touches {
        case .nothing: return (.none, .none)
        case .everything: return (.all, .none)
        case .output: return (.object(Dependence.output, write: true), .none)
        case .object:
            let t = Int(event.thread)
            let process = t >= 0 && t < processOf.count ? processOf[t] : 0
            // A condition's operations are its lock's; a variable is one per process.
            guard case .object(let objectKind, let index, let write) = StepFootprint(kind.touches, process: process, program: program).touches
            else { return (.all, .none) }
            return (.object(Dependence.key(objectKind, index, process: objectKind == .variable ? process : 0), write: write), .none)
        }
    }

    /// An object's key: its kind, its index, and (for a variable) its process.
    static func key(_ kind: ObjectKind, _ index: Int32, process: ProcessID) -> UInt64 {
        UInt64(kind.rawValue) << 56 | UInt64(UInt16(truncatingIfNeeded: process)) << 32 | UInt64(UInt32(bitPattern: index))
    }

    /// The keys of the GIL (with its process in the low bits) and of printed output.
    static let gil: UInt64 = 0xFE << 56, output: UInt64 = 0xFD << 56
}
