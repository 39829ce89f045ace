/// The CPython GIL (shared/CPYTHON_MODEL.md): requests, the switch interval, drop requests and
/// forced switching.
extension Machine {
    /// A thread wants to run Python code: it takes its process's GIL if free, else waits for it.
    mutating func requestGIL(_ id: ThreadID) {
        let p = Int(threads[Int(id)].process)
        if processes[p].gil.holder < 0 && processes[p].gil.waiters.isEmpty {
            takeGIL(id, process: p)
            enqueueReady(id)
            return
        }
        processes[p].gil.waiters.append(id)
        // A woken thread waits once it is awake, and is awake for a moment yet.
        let arrives = threads[Int(id)].arrives
        threads[Int(id)].waitsSince = arrives != 0 ? max(now, arrives) : 0
        threads[Int(id)].status = .blocked(.gil(ProcessID(p)))
        emit(.blocked(.gil(ProcessID(p)), holder: processes[p].gil.holder, timeout: 0), by: id)
        if !processes[p].gil.timerArmed { armGILTimer(process: p) }
    }

    mutating func takeGIL(_ id: ThreadID, process p: Int) {
        processes[p].gil.holder = id
        processes[p].gil.switchNumber &+= 1
        processes[p].gil.dropRequested = false
        emit(.gilAcquired(ProcessID(p)), by: id)
    }

    /// Releases the GIL held by `id`; if threads wait for it, the hand-off is decided next.
    mutating func releaseGIL(by id: ThreadID, reason: GILReleaseReason) {
        let p = Int(threads[Int(id)].process)
        processes[p].gil.holder = -1
        processes[p].gil.lastReleaser = id
        processes[p].gil.dropper = reason == .dropRequest ? id : -1
        if reason != .dropRequest { processes[p].gil.dropRequested = false }
        emit(.gilReleased(ProcessID(p), reason), by: id)
        if !processes[p].gil.waiters.isEmpty { handoffs.append(.gil(ProcessID(p))) }
    }

    /// Whether thread `t`, at a check point, must give up the GIL because a waiter asked.
    @inline(__always)
    func mustDropGIL(_ t: Int) -> Bool {
        let p = Int(threads[t].process)
        return processes[p].gil.dropRequested && processes[p].gil.holder == ThreadID(t)
    }

    /// The holder saw a drop request at a check point: it releases the GIL, leaves its core and
    /// queues for the GIL again (forced switching keeps it from taking the GIL straight back).
    mutating func dropGIL(thread t: Int, core c: Int) {
        let id = ThreadID(t)
        let p = Int(threads[t].process)
        processes[p].gil.dropRequested = false
        releaseGIL(by: id, reason: .dropRequest)
        vacate(core: c)
        processes[p].gil.waiters.append(id)
        threads[t].waitsSince = 0       // it falls asleep at once
        threads[t].status = .blocked(.gil(ProcessID(p)))
        emit(.blocked(.gil(ProcessID(p)), holder: -1, timeout: 0), by: id)
        if !processes[p].gil.timerArmed { armGILTimer(process: p) }
    }

    /// Hands a released GIL to one of its waiters (a choice point), never back to the thread that
    /// just dropped it on request while someone else waits.
    mutating func handOffGIL(process p: Int) -> Bool {
        let gil = processes[p].gil
        guard gil.holder < 0, !gil.waiters.isEmpty else {
            handoffs.removeFirst()
            return true
        }
        var options = gil.waiters
        if options.count > 1, let dropper = options.firstIndex(of: gil.dropper) { options.remove(at: dropper) }
        var index = 0
        if options.count > 1 {
            guard let chosen = choose(.gil(ProcessID(p)), options) else { return false }
            index = chosen
        }
        handoffs.removeFirst()
        let id = options[index]
        processes[p].gil.waiters.removeAll { $0 == id }
        processes[p].gil.dropper = -1
        // The waiter runs once awake (it may not have fallen asleep yet; a new thread's start
        // is its creation's cost instead). The releaser, which has left its core, pays nothing
        // that anyone would notice.
        if modelsSleep && threads[Int(id)].starter < 0 {
            threads[Int(id)].arrives = max(threads[Int(id)].arrives, wakeUpTime(of: Int(id)))
        }
        emit(.woken(.granted, by: gil.lastReleaser), by: id)
        takeGIL(id, process: p)
        enqueueReady(id)
        // The threads still waiting start a new interval: a switch happened.
        if processes[p].gil.waiters.isEmpty {
            disarmGILTimer(process: p)
        } else {
            armGILTimer(process: p)
        }
        return true
    }

    /// Starts the waiters' switch-interval timer, remembering the switch number.
    mutating func armGILTimer(process p: Int) {
        processes[p].gil.timerArmed = true
        processes[p].gil.timerToken &+= 1
        processes[p].gil.switchNumberAtArm = processes[p].gil.switchNumber
        addTimer(at: later(switchInterval(process: p)) ?? Machine.clockLimit, .gilInterval(ProcessID(p), token: processes[p].gil.timerToken))
    }

    /// Process `p`'s switch interval: the one its program set, or the configuration's.
    func switchInterval(process p: Int) -> VirtualTime {
        processes[p].gil.interval > 0 ? processes[p].gil.interval : config.switchInterval
    }

    mutating func disarmGILTimer(process p: Int) {
        processes[p].gil.timerArmed = false
        processes[p].gil.timerToken &+= 1
    }

    /// A waiter's interval passed: with no switch meanwhile it sets the drop request; it keeps waiting.
    mutating func gilIntervalElapsed(process p: Int, token: UInt32) {
        guard processes[p].gil.timerArmed, processes[p].gil.timerToken == token else { return }
        let gil = processes[p].gil
        guard let waiter = gil.waiters.first else {
            disarmGILTimer(process: p)
            return
        }
        if gil.switchNumber == gil.switchNumberAtArm && gil.holder >= 0 && !gil.dropRequested {
            processes[p].gil.dropRequested = true
            emit(.gilDropRequested(ProcessID(p), holder: gil.holder), by: waiter)
            if case .running(let core) = threads[Int(gil.holder)].status { interrupt(core: Int(core)) }
        }
        armGILTimer(process: p)
    }
}
