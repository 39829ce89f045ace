/// Thread.join, choosing a waiter, and the deadlines of waits (those on a library object go to its ``Primitive``).
extension Machine {
    // MARK: Join

    mutating func join(_ t: Int, core c: Int, handle: Value, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        guard case .thread(let other) = handle, other >= 0 && Int(other) < threads.count else {
            emit(.error(.invalidThreadHandle(handle.integer ?? -1)), by: id)
            return
        }
        let target = Int(other)
        if target == t {
            misuse(.joinSelf, "RuntimeError", "cannot join current thread", by: t)
        } else if threads[target].status == .created {
            misuse(.joinNotStarted(ThreadID(target)), "RuntimeError", "cannot join thread before it is started", by: t)
        } else if threads[target].status == .finished {
            emit(.joinDone(ThreadID(target), timedOut: false), by: id)
        } else if givesUpAtOnce(mode, timeout) {
            emit(.joinDone(ThreadID(target), timedOut: true), by: id)
        } else {
            threads[target].joiners.append(id)
            block(t, core: c, on: .join(ThreadID(target)), holder: ThreadID(target), deadline: deadline(mode, timeout))
        }
    }

    // MARK: Choosing a waiter and timeouts

    /// The index of the waiter that gets what was released: a choice point when several wait.
    mutating func pick(_ kind: ChoiceKind, from waiters: [ThreadID]) -> Int? {
        waiters.count > 1 ? choose(kind, waiters) : 0
    }

    /// Thread `id`'s wait on a library object reached its deadline without what it waited for:
    /// its wait ends, `failed` says so, and it goes on with `value` (if any) and a False result.
    mutating func gaveUp(_ id: ThreadID, _ failed: Event.Kind, pushing value: Value? = nil) {
        endWait(id, reason: .timeout, by: Event.machine)
        emit(failed, by: id)
        if let value { threads[Int(id)].stack.append(value) }
        pushResult(Int(id), false)
        becomeRunnable(id)
    }

    /// A blocked thread's deadline passed: its wait ends without what it waited for.
    mutating func timeOut(_ id: ThreadID, target: WaitTarget) {
        let t = Int(id)
        if let (kind, index) = target.object, let primitive = kind.primitive {
            return primitive.timeOut(Int(index), target, thread: id, in: &self)
        }
        switch target {
        case .sleep, .io:
            wake(id, reason: .elapsed, by: Event.machine)
            return
        case .gil, .start, .work, .futures:
            return
        case .future(let f):
            futures[Int(f)].waiters.removeAll { $0 == id }
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.futureResult(f, value: .none, timedOut: true), by: id)
            threads[t].stack.append(.none)
            pushResult(t, false)
        case .lock(let l):
            locks[Int(l)].waiters.removeAll { $0 == id }
            forgetWaking(id, lock: Int(l))
            threads[t].pendingAcquire = nil
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.lockFailed(l), by: id)
            pushResult(t, false)
        case .join(let target):
            threads[Int(target)].joiners.removeAll { $0 == id }
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.joinDone(target, timedOut: true), by: id)
        default:
            // A wait on a library object: its primitive's, above.
            assertionFailure("no deadline for a wait on \(target)")
            return
        }
        becomeRunnable(id)
    }
}
