/// `threading.Semaphore` and `BoundedSemaphore` at run time: a count that `acquire` takes one
/// from (waiting while it is 0) and `release` adds to; a bounded one may not go past its start.
struct SemaphoreState: Primitive {
    var value: Int64
    var initial: Int64
    var bounded: Bool
    var waiters: [ThreadID] = []
    var lastReleaser: ThreadID = -1

    init(spec: ObjectSpec, config: MachineConfig) {
        guard case .semaphore(let initial, let bounded) = spec else { preconditionFailure("a semaphore made from \(spec)") }
        (value, self.initial, self.bounded) = (initial, initial, bounded)
    }

    /// Its class's name: the second of ``python`` for a bounded one.
    var typeName: String { Self.python[bounded ? 1 : 0].name }

    static let python = [false, true].map { bounded in
        PythonClass(bounded ? "BoundedSemaphore" : "Semaphore", in: ["threading", "multiprocessing"],
                    parameter: PythonParameter("value", .number(fallback: 1, range: 0...1_000_000_000)), methods: [
                        PythonMethod("acquire", code: .operate(.acquire, .blocking, then: .returnsTrue)),
                        PythonMethod("release", code: .operate(.release, .blocking, count: "n", then: .returnsNone)),
                    ], with: .operate(enter: .acquire, exit: .release),
                    declared: { .semaphore(initial: $0 ?? 1, bounded: bounded) })
    }


    /// `acquire` and `release` (pops how many).
    static func operate(_ method: Method, _ index: Int, mode: WaitMode, timeout: Int64, thread t: Int, core c: Int,
                        pc: Int32, in m: inout Machine) {
        switch method {
        case .acquire: m.semaphoreAcquire(t, core: c, semaphore: index, mode: mode, timeout: timeout)
        case .release: m.semaphoreRelease(t, semaphore: index, count: m.popInt(t))
        default: m.malformed(t, pc)
        }
    }

    static func call(_ method: Method, _ index: Int, _ call: ObjectCall, in m: inout Machine) -> Bool {
        switch method {
        case .acquire, .enter:
            call.acquire(method, in: &m) { mode, m in call.operate(.acquire, mode, in: &m) }
        case .release, .exit:
            call.push(method == .exit ? .int(1) : call.count, in: &m)
            call.operate(.release, in: &m)
            call.returns(.none, in: &m)
        default:
            return false
        }
        return true
    }

    static func timeOut(_ index: Int, _ target: WaitTarget, thread id: ThreadID, in m: inout Machine) {
        m.library.semaphores[index].waiters.removeAll { $0 == id }
        m.gaveUp(id, .semaphoreFailed(ObjectIndex(index)))
    }

    /// Gives one unit of a released semaphore to a chosen waiter; repeats while units and waiters remain.
    static func handOff(_ index: Int, _ which: UInt8, in m: inout Machine) -> Bool {
        m.handOffSemaphore(index)
    }
}

extension Machine {
    mutating func semaphoreAcquire(_ t: Int, core c: Int, semaphore s: Int, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        if library.semaphores[s].value > 0 {
            library.semaphores[s].value -= 1
            emit(.semaphoreAcquired(ObjectIndex(s), value: library.semaphores[s].value), by: id)
            pushResult(t, true)
        } else if givesUpAtOnce(mode, timeout) {
            emit(.semaphoreFailed(ObjectIndex(s)), by: id)
            pushResult(t, false)
        } else {
            library.semaphores[s].waiters.append(id)
            block(t, core: c, on: .semaphore(ObjectIndex(s)), holder: -1, deadline: deadline(mode, timeout))
        }
    }

    mutating func semaphoreRelease(_ t: Int, semaphore s: Int, count n: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        guard n >= 1 else {
            emit(.error(.negativeValue(n)), by: id)
            return
        }
        let (raised, overflow) = library.semaphores[s].value.addingReportingOverflow(n)
        if overflow {
            emit(.error(.semaphoreOverflow(ObjectIndex(s))), by: id)
            return
        }
        if library.semaphores[s].bounded && raised > library.semaphores[s].initial {
            misuse(.semaphoreOverReleased(ObjectIndex(s)), "ValueError", "Semaphore released too many times", by: t)
            return
        }
        library.semaphores[s].value = raised
        library.semaphores[s].lastReleaser = id
        emit(.semaphoreReleased(ObjectIndex(s), value: raised), by: id)
        if !library.semaphores[s].waiters.isEmpty { handOff(.semaphore, s) }
    }

    mutating func handOffSemaphore(_ s: Int) -> Bool {
        guard library.semaphores[s].value > 0, !library.semaphores[s].waiters.isEmpty else {
            handoffs.removeFirst()
            return true
        }
        guard let index = pick(.semaphore(ObjectIndex(s)), from: library.semaphores[s].waiters) else { return false }
        handoffs.removeFirst()
        let id = library.semaphores[s].waiters.remove(at: index)
        library.semaphores[s].value -= 1
        endWait(id, reason: .granted, by: library.semaphores[s].lastReleaser)
        emit(.semaphoreAcquired(ObjectIndex(s), value: library.semaphores[s].value), by: id)
        pushResult(Int(id), true)
        becomeRunnable(id)
        if library.semaphores[s].value > 0 && !library.semaphores[s].waiters.isEmpty {
            handoffs.prepend(.library(.semaphore, ObjectIndex(s), 0))
        }
        return true
    }
}
