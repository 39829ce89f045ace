/// `threading.Condition` at run time: threads that hold its lock wait (letting the lock go) until
/// another notifies them, then take the lock back. Its lock lives in the machine's lock table.
struct ConditionState: Primitive {
    var lock: ObjectIndex
    var waiters: [ThreadID] = []

    init(spec: ObjectSpec, config: MachineConfig) {
        guard case .condition(let lock) = spec else { preconditionFailure("a condition made from \(spec)") }
        self.lock = lock
    }

    static let python = [
        PythonClass("Condition", in: ["threading", "multiprocessing"], parameter: PythonParameter("lock", .lock),
                    methods: [
                        PythonMethod("acquire", code: .lock(.acquire)),
                        PythonMethod("release", code: .lock(.release)),
                        PythonMethod("wait", code: .operate(.wait, .blocking, then: .returnsTrue)),
                        PythonMethod("notify", code: .operate(.notify, .blocking, count: "n", then: .returnsNone)),
                        PythonMethod("notify_all", "notifyAll", code: .operate(.notifyAll, .blocking, then: .returnsNone)),
                    ], with: .lock, declared: { lock in
                        // Given a lock always: a Condition made without one makes its RLock first.
                        precondition(lock != nil, "a Condition is declared with its lock")
                        return .condition(lock: ObjectIndex(lock!))
                    }),
    ]

    /// Takes the Lock or RLock it is made with; with None, makes an RLock of its own as Python does.
    static func spec(for library: PythonClass, argument: Value, named name: String, thread t: Int,
                     in m: inout Machine) -> ObjectSpec? {
        switch argument {
        case .object(.lock, let lock): return .condition(lock: lock)
        case .none:
            guard case .object(_, let lock) = m.makeObject(.lock(reentrant: true), named: name + ".lock", by: t) else { return nil }
            m.locks.append(LockState(kind: .rlock))
            return .condition(lock: lock)
        default:
            m.raise("TypeError", "Condition() takes a Lock or an RLock, not '\(m.typeName(argument, in: Int(m.threads[t].process)))'", in: t)
            return nil
        }
    }

    /// `wait`, `notify` (pops how many) and `notifyAll`.
    static func operate(_ method: Method, _ index: Int, mode: WaitMode, timeout: Int64, thread t: Int, core c: Int,
                        pc: Int32, in m: inout Machine) {
        switch method {
        case .wait: m.conditionWait(t, core: c, condition: index, mode: mode, timeout: timeout)
        case .notify: m.conditionNotify(t, condition: index, count: Int(clamping: m.popInt(t)))
        case .notifyAll: m.conditionNotify(t, condition: index, count: Int.max)
        default: m.malformed(t, pc)
        }
    }

    /// `wait`, `notify` and `notify_all`; `acquire`, `release` and `with` are its lock's.
    static func call(_ method: Method, _ index: Int, _ call: ObjectCall, in m: inout Machine) -> Bool {
        let lock = m.library.conditions[index].lock
        switch method {
        case .acquire, .enter:
            call.acquire(method, in: &m) { mode, m in call.perform(.acquire(lock, mode), in: &m) }
        case .release, .exit:
            call.perform(.release(lock), in: &m)
            call.returns(.none, in: &m)
        case .wait:
            guard let mode = call.mode(blocking: nil, timeout: call.argument(0), in: &m) else { return true }
            call.operate(.wait, mode, in: &m)
            if mode == .blocking { call.returns(.bool(true), in: &m) }
        case .notify:
            call.push(call.count, in: &m)
            call.operate(.notify, in: &m)
            call.returns(.none, in: &m)
        case .notifyAll:
            call.operate(.notifyAll, in: &m)
            call.returns(.none, in: &m)
        default:
            return false
        }
        return true
    }

    /// The waiter was not notified in time: it takes the lock back and its wait gives False.
    static func timeOut(_ index: Int, _ target: WaitTarget, thread id: ThreadID, in m: inout Machine) {
        m.library.conditions[index].waiters.removeAll { $0 == id }
        m.threads[Int(id)].pendingAcquire?.notified = false
        m.wakeAcquirer(id, reason: .timeout, by: Event.machine)
    }
}

extension Machine {
    /// `cond.wait()`: releases the condition's lock completely, waits for a notify, then re-acquires it.
    mutating func conditionWait(_ t: Int, core c: Int, condition k: Int, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        let l = Int(library.conditions[k].lock)
        guard locks[l].owner == id else {
            if program.raisesExceptions { return raise("RuntimeError", "cannot wait on un-acquired lock", in: t) }
            emit(.error(.conditionNotOwner(ObjectIndex(k))), by: id)
            pushResult(t, false)
            return
        }
        if givesUpAtOnce(mode, timeout) {
            emit(.conditionWaitDone(ObjectIndex(k), notified: false), by: id)
            pushResult(t, false)
            return
        }
        threads[t].pendingAcquire = PendingAcquire(lock: ObjectIndex(l), count: locks[l].count,
                                                   condition: ObjectIndex(k), notified: false, deadline: noDeadline)
        library.conditions[k].waiters.append(id)
        freeLock(l, by: id)
        block(t, core: c, on: .condition(ObjectIndex(k)), holder: -1, deadline: deadline(mode, timeout))
    }

    /// `cond.notify(n)` / `notify_all()`: wakes the first `n` waiters in FIFO order, keeping the lock.
    mutating func conditionNotify(_ t: Int, condition k: Int, count n: Int) {
        let id = ThreadID(t)
        threads[t].pc += 1
        guard locks[Int(library.conditions[k].lock)].owner == id else {
            misuse(.conditionNotOwner(ObjectIndex(k)), "RuntimeError", "cannot notify on un-acquired lock", by: t)
            return
        }
        let woken = Array(library.conditions[k].waiters.prefix(max(0, n)))
        library.conditions[k].waiters.removeFirst(woken.count)
        emit(.conditionNotified(ObjectIndex(k), woke: Int32(woken.count)), by: id)
        for waiter in woken {
            threads[Int(waiter)].pendingAcquire?.notified = true
            wakeAcquirer(waiter, reason: .notified, by: id)
        }
    }
}
