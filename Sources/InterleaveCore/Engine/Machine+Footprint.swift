/// What a thread's next visible step touches, so that a systematic search can tell steps whose
/// order cannot matter (independent steps) from steps whose order can.
extension Machine {
    /// The footprint of thread `id`'s next visible step: what the events it makes will touch
    /// (``Event/Kind/touches``, declared with each kind in the vocabulary).
    public func nextStep(of id: ThreadID) -> StepFootprint {
        let t = Int(id)
        guard t >= 0, t < threads.count else { return .global }
        let process = threads[t].process
        func object(_ kind: ObjectKind, _ index: Int32, write: Bool = true) -> StepFootprint {
            StepFootprint(.object(kind, index, write: write), process: process, program: program)
        }
        if let pending = threads[t].pendingAcquire { return object(.lock, pending.lock) }
        let pc = Int(threads[t].pc)
        guard pc >= 0, pc < program.code.count else { return .global }
        switch program.code[pc] {
        case .loadShared(let v): return object(.variable, v, write: false)
        case .loadCell, .storeCell:
            guard case .object(.variable, let v)? = threads[t].stack.last else { return .global }
            return object(.variable, v, write: program.code[pc] == .storeCell)
        case .storeShared(let v): return object(.variable, v)
        case .acquire(let l, _), .release(let l): return object(.lock, l)
        case .operate(let kind, let method, let index, _):
            return object(kind, index, write: !(kind.primitive?.reads(method) ?? false))
        case .poolSubmit(let p, _):
            // A submission that starts a worker makes a thread; one after shutdown is an error.
            let pool = pools[Int(p)]
            if pool.shutdown || (pool.idle.isEmpty && pool.workers.count < Int(pool.maxWorkers)) { return .global }
            return object(.pool, p)
        case .poolTake(let p), .poolShutdown(let p), .poolWorkers(let p): return object(.pool, p)
        case .poolDone, .poolFailed: return object(.future, threads[t].working)
        case .print: return StepFootprint(.output, process: process, program: program)
        case .sleep, .io, .expect: return .local
        default: return .global
        }
    }
}

/// What a step touches (``Touches``) where another thread's step might too, with the process a
/// shared variable belongs to (each process has its own). Steps of different threads are
/// independent when they touch different objects, or both only read, or one touches nothing.
public struct StepFootprint: Sendable, Hashable {
    public var touches: Touches
    public var process: ProcessID

    /// A footprint of `touches`; a condition's operations count as its lock's (they take it).
    public init(_ touches: Touches, process: ProcessID = 0, program: Program? = nil) {
        if case .object(.condition, let k, let write) = touches, let program, k >= 0, Int(k) < program.count(of: .condition),
           case .condition(let lock) = program.declared(.condition)[Int(k)].spec {
            self.touches = .object(.lock, lock, write: write)
        } else {
            self.touches = touches
        }
        self.process = process
    }

    public static let local = StepFootprint(.nothing)
    public static let global = StepFootprint(.everything)

    /// Whether the two steps give the same result in either order.
    public func isIndependent(of other: StepFootprint) -> Bool {
        switch (touches, other.touches) {
        case (.nothing, _), (_, .nothing): return true
        case (.everything, _), (_, .everything): return false
        case (.output, .output): return false
        case (.output, .object), (.object, .output): return true
        case let (.object(kind, index, write), .object(otherKind, otherIndex, otherWrite)):
            if kind != otherKind || index != otherIndex { return true }
            if kind == .variable && process != other.process { return true }
            return !write && !otherWrite
        }
    }
}
