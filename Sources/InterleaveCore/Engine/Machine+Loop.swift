/// The discrete-event loop: one action at a time, always the earliest one.
extension Machine {
    /// The virtual time of the next action.
    var nextActionTime: VirtualTime {
        if forcedCore >= 0 { return max(cores[forcedCore].nextTime, now) }
        if !handoffs.isEmpty || (!ready.isEmpty && idleCore() != nil) { return now }
        var next = VirtualTime.max
        for core in cores where core.thread >= 0 { next = min(next, max(core.nextTime, now)) }
        if let timer = timers.min { next = min(next, max(timer.time, now)) }
        return next
    }

    /// Performs one action: a hand-off, a dispatch, a timer, or a core's next step.
    /// Returns false when a manual choice is needed first (nothing has changed then).
    mutating func advance() -> Bool {
        if let handoff = handoffs.first { return perform(handoff) }
        if !ready.isEmpty, let core = idleCore() { return dispatch(onto: core) }
        if forcedCore >= 0 { return stepCore(forcedCore, ordered: true) }
        var best = -1
        var bestTime = VirtualTime.max
        for c in cores.indices where cores[c].thread >= 0 && cores[c].nextTime < bestTime {
            best = c
            bestTime = cores[c].nextTime
        }
        if let timer = timers.min, timer.time <= bestTime {
            fire(timers.removeMin())
            return true
        }
        if best < 0 {
            stall()
            return true
        }
        return stepCore(best, ordered: false)
    }

    /// Runs core `c`'s next step. `ordered` means an `order` choice already picked this core.
    mutating func stepCore(_ c: Int, ordered: Bool) -> Bool {
        let id = cores[c].thread
        let t = Int(id)
        if cores[c].nextTime > now { now = cores[c].nextTime }
        if threads[t].starter >= 0 {
            // The new thread's first step: it tells the thread waiting in start() that it runs.
            let starter = threads[t].starter
            threads[t].starter = -1
            wake(starter, reason: .started, by: id)
            return true
        }
        if !ordered {
            if cores[c].preemptRequested {
                preempt(core: c, reason: .priority)
                return true
            }
            if threads[t].computeEnd != 0 {
                if threads[t].computeEnd > now {
                    // Computation is full of check points: this is one, and counts as a step, so
                    // the step bound also ends threads handing the GIL back and forth forever.
                    if steps >= config.maxSteps {
                        hitStepLimit()
                        return true
                    }
                    steps &+= 1
                    if mustDropGIL(t) {
                        dropGIL(thread: t, core: c)
                        return true
                    }
                    if now >= threads[t].sliceEnd && sliceExpired(core: c) { return true }
                    cores[c].nextTime = min(threads[t].computeEnd, threads[t].sliceEnd)
                    return true
                }
                threads[t].computeEnd = 0
                threads[t].pc += 1
            }
            if now >= threads[t].sliceEnd && sliceExpired(core: c) { return true }
        }
        let acquiring = threads[t].pendingAcquire != nil
        if acquiring || program.code[Int(threads[t].pc)].isVisible {
            if !ordered, let options = orderOptions(for: c) {
                guard let index = choose(.order, options.threads) else { return false }
                forcedCore = options.cores[index]
                return true
            }
            if config.policy.preemptAtVisibleSteps && !ready.isEmpty {
                var options = [id]
                options.append(contentsOf: ready)
                guard let index = choose(.preempt(core: Int32(c)), options) else { return false }
                forcedCore = -1
                if index != 0 {
                    switchTo(options[index], core: c)
                    return true
                }
            }
            forcedCore = -1
            visibleSteps &+= 1
            chooser.visibleStep(visibleSteps, thread: id)
            if acquiring {
                retryAcquire(t, core: c)
                return true
            }
        }
        forcedCore = -1
        execute(t, core: c)
        runAhead(t, core: c)
        return true
    }

    /// Other cores whose next visible step is concurrent with core `c`'s: an `order` choice, or
    /// nil when `c` simply goes first.
    func orderOptions(for c: Int) -> (threads: [ThreadID], cores: [Int])? {
        guard cores.count > 1 else { return nil }
        var horizon = timers.min?.time ?? VirtualTime.max
        switch config.policy.ordering {
        case .byTime: horizon = min(horizon, now)
        case .window: horizon = min(horizon, now &+ config.concurrencyWindow)
        case .unbounded: break
        }
        var found: [(time: VirtualTime, core: Int)] = []
        for j in cores.indices where j != c && cores[j].thread >= 0 && !cores[j].preemptRequested {
            let u = Int(cores[j].thread)
            guard cores[j].nextTime <= horizon, threads[u].computeEnd == 0, cores[j].nextTime < threads[u].sliceEnd,
                  threads[u].pendingAcquire != nil || program.code[Int(threads[u].pc)].isVisible
            else { continue }
            found.append((cores[j].nextTime, j))
        }
        if found.isEmpty { return nil }
        found.sort { $0.time != $1.time ? $0.time < $1.time : $0.core < $1.core }
        var coreList = [c]
        coreList.append(contentsOf: found.map(\.core))
        return (coreList.map { cores[$0].thread }, coreList)
    }

    /// A timer went off.
    mutating func fire(_ timer: Timer) {
        switch timer.kind {
        case .wake(let id, let token):
            guard threads[Int(id)].waitToken == token, case .blocked(let target) = threads[Int(id)].status else { return }
            if timer.time > now { now = timer.time }
            timeOut(id, target: target)
        case .gilInterval(let process, let token):
            let gil = processes[Int(process)].gil
            guard gil.timerArmed, gil.timerToken == token else { return }
            if timer.time > now { now = timer.time }
            gilIntervalElapsed(process: Int(process), token: token)
        case .lockRetry(let id, let token):
            guard threads[Int(id)].waitToken == token, case .blocked(.lock(let l)) = threads[Int(id)].status else { return }
            if timer.time > now { now = timer.time }
            lockWaiterAwake(id, lock: Int(l))
        }
    }

    /// Performs the hand-off at the head of the queue.
    mutating func perform(_ handoff: Handoff) -> Bool {
        switch handoff {
        case .lock(let lock): return handOffLock(Int(lock))
        case .gil(let process): return handOffGIL(process: Int(process))
        case .library(let kind, let index, let which):
            guard let primitive = kind.primitive else {
                handoffs.removeFirst()
                return true
            }
            return primitive.handOff(Int(index), which, in: &self)
        }
    }

    /// Nothing can run and no timer is pending while threads are unfinished: a deadlock (which
    /// threads wait for what is the detectors' to say, from the stream).
    mutating func stall() {
        finish(.deadlock)
    }

    /// The step bound stopped the run.
    mutating func hitStepLimit() {
        emit(.stepLimit(config.maxSteps), by: Event.machine)
        finish(.stepLimit)
    }
}
