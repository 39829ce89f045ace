/// What a thread's next visible step touches, so that a systematic search can tell steps whose
/// order cannot matter (independent steps) from steps whose order can.
extension Machine {
    /// The footprint of thread `id`'s next visible step.
    public func nextStep(of id: ThreadID) -> StepFootprint {
        let t = Int(id)
        guard t >= 0, t < threads.count else { return .global }
        let process = threads[t].process
        if let pending = threads[t].pendingAcquire { return StepFootprint(.lock, pending.lock, write: true) }
        let pc = Int(threads[t].pc)
        guard pc >= 0, pc < program.code.count else { return .global }
        switch program.code[pc] {
        case .loadShared(let v): return StepFootprint(.shared, v, write: false, process: process)
        case .storeShared(let v): return StepFootprint(.shared, v, write: true, process: process)
        case .acquire(let l, _), .release(let l): return StepFootprint(.lock, l, write: true)
        case .eventIsSet(let e): return StepFootprint(.event, e, write: false)
        case .eventSet(let e), .eventClear(let e), .eventWait(let e, _): return StepFootprint(.event, e, write: true)
        // A condition's operations use its lock too.
        case .conditionWait(let k, _), .conditionNotify(let k), .conditionNotifyAll(let k):
            return StepFootprint(.lock, conditions[Int(k)].lock, write: true)
        case .semaphoreAcquire(let s, _), .semaphoreRelease(let s): return StepFootprint(.semaphore, s, write: true)
        case .barrierWait(let b, _): return StepFootprint(.barrier, b, write: true)
        case .queuePut(let q, _), .queueGet(let q, _): return StepFootprint(.queue, q, write: true)
        case .print: return StepFootprint(.output, 0, write: true)
        case .sleep, .io, .expect: return .local
        default: return .global
        }
    }
}

/// The object a step reads or writes: steps of different threads are independent when they touch
/// different objects, or both only read, or one touches nothing shared.
public struct StepFootprint: Sendable, Hashable {
    public enum Object: UInt8, Sendable, Hashable {
        /// Nothing another thread can see (a sleep, an expectation's check).
        case local
        case shared, lock, event, semaphore, barrier, queue, output
        /// Threads themselves (create, start, join) or anything not classified: dependent on everything.
        case global
    }

    public var object: Object
    public var index: Int32
    public var write: Bool
    public var process: ProcessID

    public init(_ object: Object, _ index: Int32, write: Bool, process: ProcessID = 0) {
        self.object = object
        self.index = index
        self.write = write
        self.process = process
    }

    public static let local = StepFootprint(.local, 0, write: false)
    public static let global = StepFootprint(.global, 0, write: true)

    /// Whether the two steps give the same result in either order.
    public func isIndependent(of other: StepFootprint) -> Bool {
        if object == .local || other.object == .local { return true }
        if object == .global || other.object == .global { return false }
        return object != other.object || index != other.index || process != other.process || (!write && !other.write)
    }
}
