/// concurrent.futures: ThreadPoolExecutor's work and workers, and the futures they complete, as
/// CPython's `concurrent/futures/thread.py` has them.
extension Machine {
    /// `pool.submit(function, *arguments)`: queues the call, makes a worker thread when no worker is
    /// idle and the pool has fewer than its maximum (CPython's `_adjust_thread_count`: a new
    /// thread's `start()` waits until it runs), and pushes the future.
    mutating func poolSubmit(_ t: Int, core c: Int, pool p: Int, function: Int32) {
        let id = ThreadID(t)
        threads[t].pc += 1
        guard function >= 0 && Int(function) < program.functions.count else { return malformed(t, threads[t].pc - 1) }
        let argc = min(Int(program.functions[Int(function)].arity), threads[t].stack.count - Int(threads[t].base))
        let arguments = Array(threads[t].stack.suffix(max(0, argc)))
        threads[t].stack.removeLast(max(0, argc))
        guard !pools[p].shutdown else {
            if program.raisesExceptions { return raise("RuntimeError", "cannot schedule new futures after shutdown", in: t) }
            emit(.error(.poolShutDown(ObjectIndex(p))), by: id)
            threads[t].stack.append(.none)
            return
        }
        let future = Int32(futures.count)
        futures.append(FutureState(pool: ObjectIndex(p), process: threads[t].process, function: function, arguments: arguments))
        threads[t].stack.append(.future(future))
        emit(.futureSubmitted(future, pool: ObjectIndex(p), function: function), by: id)
        pools[p].work.append(future)
        if !pools[p].idle.isEmpty {
            let worker = pools[p].idle.removeFirst()
            wake(worker, reason: .granted, by: id)
        } else if pools[p].workers.count < Int(pools[p].maxWorkers) {
            let decl = program.pools[p]
            if decl.processes {
                // A worker process, forked as multiprocessing forks one: its starter goes on.
                let process = fork(Int(threads[t].process))
                processWorkers += 1
                let worker = makeThread(function: decl.worker, process: process, name: "ForkPoolWorker-\(processWorkers)",
                                        daemon: true, priority: 0, arguments: [])
                pools[p].workers.append(worker)
                emit(.threadCreated(child: worker, name: threads[Int(worker)].name, process: process, daemon: true), by: id)
                startThread(worker, by: id)
                cores[c].nextTime = now &+ config.processStartCost     // the parent pays for the fork
                return
            }
            // A new worker, started as `threading.Thread.start()` starts one.
            let worker = makeThread(function: decl.worker, process: threads[t].process,
                                    name: "ThreadPoolExecutor-\(p)_\(pools[p].workers.count)", daemon: false, priority: 0,
                                    arguments: [])
            pools[p].workers.append(worker)
            emit(.threadCreated(child: worker, name: threads[Int(worker)].name, process: threads[t].process, daemon: false),
                 by: id)
            startThread(worker, by: id)
            threads[Int(worker)].starter = id
            block(t, core: c, on: .start(worker), holder: worker, deadline: noDeadline)
        }
    }

    /// A worker waits for work; it takes the oldest (pushing 1) or, once the pool shut down with
    /// none left, ends its loop (pushing 0).
    mutating func poolTake(_ t: Int, core c: Int, pool p: Int) {
        if let future = pools[p].work.first {
            pools[p].work.removeFirst()
            threads[t].pc += 1
            threads[t].working = future
            emit(.futureStarted(future, pool: ObjectIndex(p)), by: ThreadID(t))
            threads[t].stack.append(1)
            return
        }
        if pools[p].shutdown {
            threads[t].pc += 1
            threads[t].stack.append(0)
            return
        }
        // It takes the work when woken: the instruction runs again.
        pools[p].idle.append(ThreadID(t))
        block(t, core: c, on: .work(ObjectIndex(p)), holder: -1, deadline: noDeadline)
    }

    /// Calls the function of the work taken, with its arguments (copies of them, in a worker process).
    mutating func poolRun(_ t: Int, core c: Int, pc: Int32) {
        let future = Int(threads[t].working)
        guard future >= 0 && future < futures.count else { return malformed(t, pc) }
        let p = Int(threads[t].process), from = Int(futures[future].process)
        var arguments = futures[future].arguments.map { p == from ? $0 : copy($0, from: from, to: p) }
        let arity = Int(program.functions[Int(futures[future].function)].arity)
        while arguments.count < arity { arguments.append(.none) }
        threads[t].stack.append(contentsOf: arguments.prefix(arity))
        enter(futures[future].function, thread: t, core: c, pc: pc)
    }

    /// The work's call returned (its value on the stack): the future is done, its waiters go on.
    mutating func poolDone(_ t: Int, failed: Bool = false) {
        let id = ThreadID(t)
        threads[t].pc += 1
        let f = Int(threads[t].working)
        threads[t].working = -1
        guard f >= 0 && f < futures.count else { return }
        // A worker process gives back a copy (multiprocessing pickles the result).
        let p = Int(threads[t].process), to = Int(futures[f].process)
        let value = p == to ? pop(t) : copy(pop(t), from: p, to: to)
        futures[f].done = true
        futures[f].value = value
        futures[f].failed = failed
        emit(.futureDone(Int32(f), value: shown(value, in: Int(threads[t].process))), by: id)
        // Those in `result()` get its value; those in `as_completed` get the future.
        let waiters = (result: futures[f].waiters, any: futures[f].anyWaiters)
        futures[f].waiters = []
        futures[f].anyWaiters = []
        for (waiter, wantsValue) in waiters.result.map({ ($0, true) }) + waiters.any.map({ ($0, false) }) {
            endWait(waiter, reason: .done, by: id)
            if wantsValue { completeResult(Int(waiter), future: f) } else { takeCompleted(Int(waiter), future: f) }
            becomeRunnable(waiter)
        }
    }

    /// `pool.shutdown()`: no more work; idle workers find none and end.
    mutating func poolShutdown(_ t: Int, pool p: Int) {
        let id = ThreadID(t)
        threads[t].pc += 1
        guard !pools[p].shutdown else { return }
        pools[p].shutdown = true
        emit(.poolShutdown(ObjectIndex(p)), by: id)
        let idle = pools[p].idle
        pools[p].idle = []
        for worker in idle { wake(worker, reason: .set, by: id) }
    }

    /// Pushes a new list of the pool's workers.
    mutating func poolWorkers(_ t: Int, pool p: Int) {
        threads[t].pc += 1
        let workers = allocate(.list(pools[p].workers.map { .thread($0) }), in: Int(threads[t].process))
        threads[t].stack.append(workers)
    }

    /// `future.result()`: the value at once if the future is done, else a wait for it.
    mutating func futureResult(_ t: Int, core c: Int, handle: Value, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        guard case .future(let number) = handle, number >= 0 && Int(number) < futures.count else {
            emit(.error(.invalidFuture(handle.integer ?? -1)), by: id)
            threads[t].stack.append(.none)
            pushResult(t, false)
            return
        }
        let f = Int(number)
        if futures[f].done {
            completeResult(t, future: f)
        } else if givesUpAtOnce(mode, timeout) {
            emit(.futureResult(Int32(f), value: .none, timedOut: true), by: id)
            threads[t].stack.append(.none)
            pushResult(t, false)
        } else {
            futures[f].waiters.append(id)
            block(t, core: c, on: .future(Int32(f)), holder: threads.indices.firstIndex { threads[$0].working == Int32(f) }
                .map { ThreadID($0) } ?? -1, deadline: deadline(mode, timeout))
        }
    }

    /// A `result()` of done future `f` returns its value.
    private mutating func completeResult(_ t: Int, future f: Int) {
        emit(.futureResult(Int32(f), value: shown(futures[f].value, in: Int(threads[t].process)), timedOut: false), by: ThreadID(t))
        // The call raised: so does `result()`, with the same exception (once the thread runs, if it waited).
        if futures[f].failed {
            if case .running = threads[t].status { return raise(futures[f].value, in: t) }
            threads[t].pendingRaise = futures[f].value
            return
        }
        threads[t].stack.append(futures[f].value)
        pushResult(t, true)
    }

    /// `future.done()`.
    mutating func futureDone(_ t: Int, handle: Value) {
        threads[t].pc += 1
        var done = false
        if case .future(let f) = handle, f >= 0 && Int(f) < futures.count { done = futures[Int(f)].done }
        threads[t].stack.append(.bool(done))
    }

    /// `as_completed`: takes a done future out of the list and pushes it, or waits for one.
    mutating func futureWaitAny(_ t: Int, core c: Int, list: Value) {
        let id = ThreadID(t)
        let p = Int(threads[t].process)
        guard case .ref(let handle) = list, case .list(let pending)? = object(list, in: p) else {
            return malformed(t, threads[t].pc)
        }
        threads[t].pc += 1
        for value in pending {
            guard case .future(let future) = value, future >= 0 && Int(future) < futures.count else {
                emit(.error(.invalidFuture(value.integer ?? -1)), by: id)
                processes[p].heap[Int(handle)] = .list(pending.filter { $0 != value })
                threads[t].stack.append(value)
                return
            }
        }
        threads[t].waitingList = list
        let numbers = pending.compactMap { value -> Int? in
            if case .future(let f) = value { return Int(f) }
            return nil
        }
        if let done = numbers.first(where: { futures[$0].done }) {
            takeCompleted(t, future: done)
            return
        }
        for future in numbers { futures[future].anyWaiters.append(id) }
        block(t, core: c, on: .futures(count: Int32(pending.count)), holder: -1, deadline: noDeadline)
    }

    /// An `as_completed` wait gets done future `f`: out of its list, onto its stack.
    private mutating func takeCompleted(_ t: Int, future f: Int) {
        let list = threads[t].waitingList
        let p = Int(threads[t].process)
        threads[t].waitingList = .none
        if case .ref(let handle) = list, case .list(var pending)? = object(list, in: p) {
            for case .future(let other) in pending where other >= 0 && Int(other) < futures.count {
                futures[Int(other)].anyWaiters.removeAll { $0 == ThreadID(t) }
            }
            if let index = pending.firstIndex(of: .future(Int32(f))) { pending.remove(at: index) }
            processes[p].heap[Int(handle)] = .list(pending)
        }
        threads[t].stack.append(.future(Int32(f)))
    }
}
