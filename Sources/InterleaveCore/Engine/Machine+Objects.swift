/// threading.Event, Semaphore, Barrier, queue.Queue and Thread.join.
extension Machine {
    // MARK: Event

    mutating func flagSet(_ t: Int, flag e: Int) {
        let id = ThreadID(t)
        threads[t].pc += 1
        flags[e].isSet = true
        let waiters = flags[e].waiters
        flags[e].waiters = []
        emit(.flagSet(ObjectIndex(e), woke: Int32(waiters.count)), by: id)
        for waiter in waiters {
            endWait(waiter, reason: .set, by: id)
            emit(.flagWaitDone(ObjectIndex(e), result: true), by: waiter)
            pushResult(Int(waiter), true)
            becomeRunnable(waiter)
        }
    }

    mutating func flagWait(_ t: Int, core c: Int, flag e: Int, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        if flags[e].isSet || givesUpAtOnce(mode, timeout) {
            emit(.flagWaitDone(ObjectIndex(e), result: flags[e].isSet), by: id)
            pushResult(t, flags[e].isSet)
            return
        }
        flags[e].waiters.append(id)
        block(t, core: c, on: .flag(ObjectIndex(e)), holder: -1, deadline: deadline(mode, timeout))
    }

    // MARK: Semaphore

    mutating func semaphoreAcquire(_ t: Int, core c: Int, semaphore s: Int, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        if semaphores[s].value > 0 {
            semaphores[s].value -= 1
            emit(.semaphoreAcquired(ObjectIndex(s), value: semaphores[s].value), by: id)
            pushResult(t, true)
        } else if givesUpAtOnce(mode, timeout) {
            emit(.semaphoreFailed(ObjectIndex(s)), by: id)
            pushResult(t, false)
        } else {
            semaphores[s].waiters.append(id)
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
        let (raised, overflow) = semaphores[s].value.addingReportingOverflow(n)
        if overflow {
            emit(.error(.semaphoreOverflow(ObjectIndex(s))), by: id)
            return
        }
        if semaphores[s].bounded && raised > semaphores[s].initial {
            misuse(.semaphoreOverReleased(ObjectIndex(s)), "ValueError", "Semaphore released too many times", by: t)
            return
        }
        semaphores[s].value = raised
        semaphores[s].lastReleaser = id
        emit(.semaphoreReleased(ObjectIndex(s), value: raised), by: id)
        if !semaphores[s].waiters.isEmpty { handoffs.append(.semaphore(ObjectIndex(s))) }
    }

    /// Gives one unit of a released semaphore to a chosen waiter; repeats while units and waiters remain.
    mutating func handOffSemaphore(_ s: Int) -> Bool {
        guard semaphores[s].value > 0, !semaphores[s].waiters.isEmpty else {
            handoffs.removeFirst()
            return true
        }
        guard let index = pick(.semaphore(ObjectIndex(s)), from: semaphores[s].waiters) else { return false }
        handoffs.removeFirst()
        let id = semaphores[s].waiters.remove(at: index)
        semaphores[s].value -= 1
        endWait(id, reason: .granted, by: semaphores[s].lastReleaser)
        emit(.semaphoreAcquired(ObjectIndex(s), value: semaphores[s].value), by: id)
        pushResult(Int(id), true)
        becomeRunnable(id)
        if semaphores[s].value > 0 && !semaphores[s].waiters.isEmpty { handoffs.prepend(.semaphore(ObjectIndex(s))) }
        return true
    }

    // MARK: Barrier

    mutating func barrierWait(_ t: Int, core c: Int, barrier b: Int, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        if barriers[b].broken {
            emit(.barrierBroken(ObjectIndex(b)), by: id)
            threads[t].stack.append(-1)
            return
        }
        let index = barriers[b].arrived
        barriers[b].arrived += 1
        emit(.barrierArrived(ObjectIndex(b), arrived: barriers[b].arrived), by: id)
        if barriers[b].arrived >= barriers[b].parties {
            emit(.barrierPassed(ObjectIndex(b)), by: id)
            let waiters = barriers[b].waiters
            barriers[b].waiters = []
            barriers[b].arrived = 0
            for waiter in waiters {
                endWait(waiter, reason: .barrier, by: id)
                threads[Int(waiter)].stack.append(threads[Int(waiter)].waitValue)
                becomeRunnable(waiter)
            }
            threads[t].stack.append(.int(Int64(index)))
            return
        }
        threads[t].waitValue = .int(Int64(index))
        barriers[b].waiters.append(id)
        if givesUpAtOnce(mode, timeout) {
            breakBarrier(b, by: id)
            return
        }
        block(t, core: c, on: .barrier(ObjectIndex(b)), holder: -1, deadline: deadline(mode, timeout))
    }

    /// A wait timed out (or gave up): the barrier breaks for every waiting thread, which gets -1.
    mutating func breakBarrier(_ b: Int, by breaker: ThreadID) {
        barriers[b].broken = true
        emit(.barrierBroken(ObjectIndex(b)), by: breaker)
        let waiters = barriers[b].waiters
        barriers[b].waiters = []
        barriers[b].arrived = 0
        for waiter in waiters {
            if case .blocked = threads[Int(waiter)].status {
                endWait(waiter, reason: waiter == breaker ? .timeout : .barrier, by: breaker)
                threads[Int(waiter)].stack.append(-1)
                becomeRunnable(waiter)
            } else {
                threads[Int(waiter)].stack.append(-1)
            }
        }
    }

    // MARK: Queue

    mutating func queuePut(_ t: Int, core c: Int, queue q: Int, value: Value, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        if queues[q].hasRoom {
            enqueue(value, queue: q, by: id)
            pushResult(t, true)
        } else if givesUpAtOnce(mode, timeout) {
            emit(.queueFailed(ObjectIndex(q), put: true), by: id)
            pushResult(t, false)
        } else {
            threads[t].waitValue = value
            queues[q].putters.append(id)
            block(t, core: c, on: .queuePut(ObjectIndex(q)), holder: -1, deadline: deadline(mode, timeout))
        }
    }

    mutating func queueGet(_ t: Int, core c: Int, queue q: Int, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        if !queues[q].items.isEmpty {
            threads[t].stack.append(dequeue(queue: q, by: id))
            pushResult(t, true)
        } else if givesUpAtOnce(mode, timeout) {
            emit(.queueFailed(ObjectIndex(q), put: false), by: id)
            threads[t].stack.append(.none)
            pushResult(t, false)
        } else {
            queues[q].getters.append(id)
            block(t, core: c, on: .queueGet(ObjectIndex(q)), holder: -1, deadline: deadline(mode, timeout))
        }
    }

    mutating func enqueue(_ value: Value, queue q: Int, by id: ThreadID) {
        queues[q].items.append(value)
        queues[q].origins.append(threads[Int(id)].process)
        queues[q].unfinished &+= 1
        queues[q].lastActor = id
        emit(.queuePut(ObjectIndex(q), value: shown(value, in: Int(threads[Int(id)].process)), size: Int32(queues[q].items.count)), by: id)
        if !queues[q].getters.isEmpty { handoffs.append(.queueGet(ObjectIndex(q))) }
    }

    /// `queue.task_done()` by thread `t`: when no item is left unfinished, the threads in
    /// `join()` go on. Nil after raising Python's ValueError for one call too many.
    mutating func queueTaskDone(_ t: Int, queue q: Int) {
        let id = ThreadID(t)
        guard queues[q].unfinished > 0 else { return raise("ValueError", "task_done() called too many times", in: t) }
        queues[q].unfinished -= 1
        emit(.queueTaskDone(ObjectIndex(q), unfinished: queues[q].unfinished), by: id)
        threads[t].stack.append(.none)
        threads[t].pc += 1
        guard queues[q].unfinished == 0 else { return }
        let joiners = queues[q].joiners
        queues[q].joiners = []
        for joiner in joiners {
            endWait(joiner, reason: .joined, by: id)
            emit(.queueJoined(ObjectIndex(q)), by: joiner)
            becomeRunnable(joiner)
        }
    }

    /// `queue.join()` by thread `t`: waits until every item put in the queue was marked done.
    mutating func queueJoin(_ t: Int, core c: Int, queue q: Int) {
        threads[t].stack.append(.none)
        threads[t].pc += 1
        if queues[q].unfinished == 0 { return emit(.queueJoined(ObjectIndex(q)), by: ThreadID(t)) }
        queues[q].joiners.append(ThreadID(t))
        block(t, core: c, on: .queueJoin(ObjectIndex(q)), holder: -1, deadline: noDeadline)
    }

    mutating func dequeue(queue q: Int, by id: ThreadID) -> Value {
        var value: Value
        let origin: ProcessID
        switch queues[q].order {
        case .fifo:
            value = queues[q].items.removeFirst()
            origin = queues[q].origins.removeFirst()
        case .lifo:
            value = queues[q].items.removeLast()
            origin = queues[q].origins.removeLast()
        case .priority:
            // The smallest item, the first put among equals (items that can't be compared count as equal).
            let p = Int(threads[Int(id)].process)
            var best = queues[q].items.startIndex
            for i in queues[q].items.indices.dropFirst() where (compare(queues[q].items[i], queues[q].items[best], in: p) ?? 0) < 0 {
                best = i
            }
            value = queues[q].items.remove(at: best)
            origin = queues[q].origins.remove(at: best)
        }
        // Between processes an item is pickled: the getter has a copy of its own.
        let process = threads[Int(id)].process
        if origin != process { value = copy(value, from: Int(origin), to: Int(process), madeBy: Int(id)) }
        queues[q].lastActor = id
        emit(.queueGot(ObjectIndex(q), value: shown(value, in: Int(threads[Int(id)].process)), size: Int32(queues[q].items.count)), by: id)
        if !queues[q].putters.isEmpty { handoffs.append(.queuePut(ObjectIndex(q))) }
        return value
    }

    /// An item arrived: a chosen waiting getter takes it.
    mutating func handOffToGetter(_ q: Int) -> Bool {
        guard !queues[q].items.isEmpty, !queues[q].getters.isEmpty else {
            handoffs.removeFirst()
            return true
        }
        guard let index = pick(.queueGet(ObjectIndex(q)), from: queues[q].getters) else { return false }
        handoffs.removeFirst()
        let id = queues[q].getters.remove(at: index)
        endWait(id, reason: .granted, by: queues[q].lastActor)
        let value = dequeue(queue: q, by: id)
        threads[Int(id)].stack.append(value)
        pushResult(Int(id), true)
        becomeRunnable(id)
        return true
    }

    /// Room was made: a chosen waiting putter puts its item.
    mutating func handOffFromPutter(_ q: Int) -> Bool {
        guard queues[q].hasRoom, !queues[q].putters.isEmpty else {
            handoffs.removeFirst()
            return true
        }
        guard let index = pick(.queuePut(ObjectIndex(q)), from: queues[q].putters) else { return false }
        handoffs.removeFirst()
        let id = queues[q].putters.remove(at: index)
        endWait(id, reason: .granted, by: queues[q].lastActor)
        enqueue(threads[Int(id)].waitValue, queue: q, by: id)
        pushResult(Int(id), true)
        becomeRunnable(id)
        return true
    }

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

    /// A blocked thread's deadline passed: its wait ends without what it waited for.
    mutating func timeOut(_ id: ThreadID, target: WaitTarget) {
        let t = Int(id)
        switch target {
        case .sleep, .io:
            wake(id, reason: .elapsed, by: Event.machine)
            return
        case .gil, .start, .work, .futures, .queueJoin:
            return
        case .future(let f):
            futures[Int(f)].waiters.removeAll { $0 == id }
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.futureResult(f, value: .none, timedOut: true), by: id)
            threads[t].stack.append(.none)
            pushResult(t, false)
        case .barrier(let b):
            breakBarrier(Int(b), by: id)
            return
        case .lock(let l):
            locks[Int(l)].waiters.removeAll { $0 == id }
            threads[t].pendingAcquire = nil
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.lockFailed(l), by: id)
            pushResult(t, false)
        case .condition(let k):
            conditions[Int(k)].waiters.removeAll { $0 == id }
            threads[t].pendingAcquire?.notified = false
            wakeAcquirer(id, reason: .timeout, by: Event.machine)
            return
        case .join(let target):
            threads[Int(target)].joiners.removeAll { $0 == id }
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.joinDone(target, timedOut: true), by: id)
        case .flag(let e):
            flags[Int(e)].waiters.removeAll { $0 == id }
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.flagWaitDone(e, result: false), by: id)
            pushResult(t, false)
        case .semaphore(let s):
            semaphores[Int(s)].waiters.removeAll { $0 == id }
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.semaphoreFailed(s), by: id)
            pushResult(t, false)
        case .queueGet(let q):
            queues[Int(q)].getters.removeAll { $0 == id }
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.queueFailed(q, put: false), by: id)
            threads[t].stack.append(.none)
            pushResult(t, false)
        case .queuePut(let q):
            queues[Int(q)].putters.removeAll { $0 == id }
            endWait(id, reason: .timeout, by: Event.machine)
            emit(.queueFailed(q, put: true), by: id)
            pushResult(t, false)
        }
        becomeRunnable(id)
    }
}
