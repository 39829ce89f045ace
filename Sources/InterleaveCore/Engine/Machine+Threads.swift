/// Thread lifecycle, cores, blocking and waking.
extension Machine {
    /// Adds a created (not started) thread and returns its id.
    mutating func makeThread(function: Int32, process: ProcessID, name: String, daemon: Bool,
                             priority: Int32, arguments: [Value]) -> ThreadID {
        let id = ThreadID(threads.count)
        let decl = program.functions[Int(function)]
        var stack = arguments
        stack.reserveCapacity(Int(decl.localCount) + 16)
        while stack.count < Int(decl.localCount) { stack.append(0) }
        threads.append(ThreadState(
            id: id, name: name, process: process, status: .created, daemon: daemon, priority: priority,
            function: function, pc: decl.entry, line: line(at: decl.entry), base: 0, stack: stack, frames: [],
            // A Python thread-local attribute not set yet reads None; a scenario's starts at 0.
            threadLocals: Array(repeating: program.raisesExceptions ? .none : 0, count: program.threadLocals.count)))
        chooser.threadCreated(id, policy: config.policy)
        return id
    }

    /// Starts a created thread: it becomes runnable (or waits for its process's GIL).
    mutating func startThread(_ id: ThreadID, by actor: ThreadID) {
        emit(.threadStarted(child: id), by: actor)
        if !threads[Int(id)].daemon { liveNonDaemon += 1 }
        becomeRunnable(id)
    }

    /// A thread that may run again: under a GIL it first needs its process's GIL.
    mutating func becomeRunnable(_ id: ThreadID) {
        if config.policy.gil == .none {
            enqueueReady(id)
        } else {
            requestGIL(id)
        }
    }

    /// Puts a thread in the ready queue; under `priority` it may preempt a running thread at once.
    mutating func enqueueReady(_ id: ThreadID) {
        threads[Int(id)].status = .ready
        threads[Int(id)].waitsSince = notWaiting        // runnable: in the OS's run queue, not asleep
        ready.append(id)
        guard config.policy.priorityPreemption, idleCore() == nil else { return }
        let priority = threads[Int(id)].priority
        var victim = -1
        var lowest = priority
        for c in cores.indices where cores[c].thread >= 0 && !cores[c].preemptRequested {
            let running = threads[Int(cores[c].thread)].priority
            if running < lowest {
                lowest = running
                victim = c
            }
        }
        if victim >= 0 {
            cores[victim].preemptRequested = true
            interrupt(core: victim)
        }
    }

    /// The first idle core, if any.
    func idleCore() -> Int? {
        cores.firstIndex { $0.thread < 0 }
    }

    /// Makes a computing thread's core act now (a drop request or preemption needs its attention).
    mutating func interrupt(core c: Int) {
        let t = Int(cores[c].thread)
        if t >= 0, threads[t].computeEnd != 0, cores[c].nextTime > now {
            cores[c].nextTime = now
        }
    }

    /// Puts a ready thread on an idle core: a choice point when several are ready.
    mutating func dispatch(onto core: Int) -> Bool {
        var index = 0
        if ready.count > 1 {
            guard let chosen = choose(.dispatch(core: Int32(core)), Array(ready)) else { return false }
            index = chosen
        }
        let id = ready.remove(at: index)
        place(id, on: core)
        return true
    }

    /// Runs `id` on `core` from now on: after the context-switch cost, a new thread's creation,
    /// or (under a GIL) a woken thread's wake-up (``ThreadState/arrives``).
    mutating func place(_ id: ThreadID, on core: Int) {
        let t = Int(id)
        let arrives = threads[t].arrives
        threads[t].arrives = 0
        var start: VirtualTime
        if arrives != 0 && now <= arrives {
            start = arrives     // it was handed its core (and the GIL) before it was awake
        } else {
            start = wakeUpTime(of: t)
            if threads[t].starter >= 0 { start &+= config.threadStartCost }  // a new OS thread comes alive
        }
        threads[t].status = .running(core: Int32(core))
        threads[t].sliceEnd = start &+ config.quantum
        cores[core].thread = id
        cores[core].preemptRequested = false
        cores[core].nextTime = start
        if threads[t].computeLeft > 0 {
            threads[t].computeEnd = start &+ threads[t].computeLeft
            threads[t].computeLeft = 0
            cores[core].nextTime = mustDropGIL(t) ? start : min(threads[t].computeEnd, threads[t].sliceEnd)
        }
        emit(.dispatched(core: Int32(core)), by: id)
    }

    /// Takes the running thread off `core`, saving any compute left.
    mutating func vacate(core c: Int) {
        let t = Int(cores[c].thread)
        if threads[t].computeEnd != 0 {
            threads[t].computeLeft = threads[t].computeEnd > now ? threads[t].computeEnd - now : 0
            threads[t].computeEnd = 0
            if threads[t].computeLeft == 0 { threads[t].pc += 1 }
        }
        cores[c].thread = -1
        cores[c].preemptRequested = false
    }

    /// Preempts the thread on `core`; it goes to the back of the ready queue.
    mutating func preempt(core c: Int, reason: PreemptReason) {
        let id = cores[c].thread
        // Where it stops (it may have run ahead of its last step without a line of its own).
        threads[Int(id)].line = line(at: threads[Int(id)].pc)
        vacate(core: c)
        emit(.preempted(core: Int32(c), reason: reason), by: id)
        threads[Int(id)].status = .ready
        ready.append(id)
    }

    /// Handles the end of a time slice: preempts if another thread waits for a core.
    mutating func sliceExpired(core c: Int) -> Bool {
        let t = Int(cores[c].thread)
        if ready.isEmpty {
            threads[t].sliceEnd = nextSliceEnd(of: t, core: c)
            return false
        }
        preempt(core: c, reason: .quantum)
        return true
    }

    /// Replaces the thread on `core` by the ready thread `id` (a `preempt` choice went to it).
    mutating func switchTo(_ id: ThreadID, core c: Int) {
        if let index = ready.firstIndex(of: id) { ready.remove(at: index) }
        preempt(core: c, reason: .choice)
        place(id, on: c)
    }

    /// Blocks the thread on `core` until `target` wakes it or `deadline` passes (``noDeadline``: never).
    /// `core` is nil for a thread that waits again without having run (a woken lock waiter that lost the lock).
    mutating func block(_ t: Int, core c: Int?, on target: WaitTarget, holder: ThreadID, deadline: VirtualTime) {
        let id = ThreadID(t)
        // It falls asleep at once; a woken thread that waits again before it has woken up (a
        // condition's waiter whose lock is still held) is asleep once it has woken and waits.
        threads[t].waitsSince = modelsSleep && threads[t].arrives > now ? threads[t].arrives : 0
        if config.policy.gil != .none && processes[Int(threads[t].process)].gil.holder == id {
            releaseGIL(by: id, reason: .blocking)
        }
        if let c { vacate(core: c) }
        threads[t].status = .blocked(target)
        threads[t].waitToken &+= 1
        threads[t].deadline = deadline
        if deadline != noDeadline {
            addTimer(at: deadline, .wake(id, token: threads[t].waitToken))
        }
        emit(.blocked(target, holder: holder, timeout: deadline == noDeadline ? 0 : deadline - now), by: id)
    }

    /// Ends a thread's wait and makes it runnable.
    mutating func wake(_ id: ThreadID, reason: WakeReason, by actor: ThreadID) {
        endWait(id, reason: reason, by: actor)
        becomeRunnable(id)
    }

    /// Ends a thread's wait (its timer, if any, becomes stale) without making it runnable yet.
    /// Under a GIL the thread is awake one wake-up latency from now (at once if it had not fallen
    /// asleep), and the thread that wakes it, if it is running, pays for the wake-up; unless it
    /// is awake already (`awake`: a lock's waiter that a release woke earlier, and which has just
    /// found the lock free).
    mutating func endWait(_ id: ThreadID, reason: WakeReason, by actor: ThreadID, awake: Bool = false) {
        let t = Int(id)
        threads[t].waitToken &+= 1
        threads[t].deadline = noDeadline
        // Otherwise (no GIL, or a recording made before the model knew what waking a sleeping
        // thread costs) the thread runs a context switch after it gets a core.
        if modelsSleep {
            if !awake && actor != id { chargeWaking(t, by: actor) }
            threads[t].arrives = awake ? now &+ config.syscallCost : wakeUpTime(of: t)
        }
        emit(.woken(reason, by: actor), by: id)
    }

    /// Whether wake-ups are modelled as this machine's (under a GIL, with their costs set): a
    /// woken thread is awake only after the wake-up latency, and waking it costs its waker.
    var modelsSleep: Bool {
        config.policy.gil != .none && (config.wakeUpLatency > 0 || config.wakeUpCost > 0 || config.syscallCost > 0)
    }

    /// Whether thread `t` must be woken up in the OS to run: it is not in a wait it began a
    /// system call's time ago or less (``MachineConfig/syscallCost``).
    func isAsleep(_ t: Int) -> Bool {
        let since = threads[t].waitsSince
        return since != notWaiting && now > since &+ config.syscallCost
    }

    /// When thread `t`, woken (or put on a core) now, runs: after a context switch and its
    /// jitter, and under a GIL the wake-up latency if it is asleep, or only its system call's
    /// return if it waits but has not fallen asleep yet.
    mutating func wakeUpTime(of t: Int) -> VirtualTime {
        var latency = config.contextSwitchCost &+ jitter(config.dispatchJitter)
        if modelsSleep && threads[t].waitsSince != notWaiting {
            latency = isAsleep(t) ? latency &+ config.wakeUpLatency : config.syscallCost
        }
        return now &+ latency
    }

    /// Charges `waker` for waking thread `t`: an interrupt to an idle CPU if `t` is asleep
    /// (``MachineConfig/wakeUpCost``), else a system call that finds it still awake.
    mutating func chargeWaking(_ t: Int, by waker: ThreadID) {
        charge(isAsleep(t) ? config.wakeUpCost : config.syscallCost, to: waker)
    }

    /// Charges `caller`, if it is a thread running on a core, for a system call that wakes no
    /// one (``MachineConfig/syscallCost``).
    mutating func chargeSyscall(by caller: ThreadID) {
        charge(config.syscallCost, to: caller)
    }

    /// Makes the current step of thread `t`, if it is running on a core, last `cost` longer.
    private mutating func charge(_ cost: VirtualTime, to t: ThreadID) {
        guard cost > 0, config.policy.gil != .none, t >= 0, Int(t) < threads.count,
              case .running(let c) = threads[Int(t)].status, threads[Int(t)].computeEnd == 0 else { return }
        cores[Int(c)].nextTime = max(cores[Int(c)].nextTime, now) &+ cost
    }

    /// The end of a renewed time slice of thread `t` on core `c`, nothing else being ready.
    ///
    /// Slices end every quantum. A thread that computes can't make another thread ready, so
    /// until the earliest moment something else can happen (a timer, another core's step, the
    /// computation's end) no slice end changes anything: the slice runs to the first of its
    /// boundaries at or after that moment, in one step rather than one step a quantum.
    func nextSliceEnd(of t: Int, core c: Int) -> VirtualTime {
        let quantum = config.quantum
        guard threads[t].computeEnd > now else { return now &+ quantum }
        var horizon = threads[t].computeEnd
        if let timer = timers.min { horizon = min(horizon, timer.time) }
        for j in cores.indices where j != c && cores[j].thread >= 0 {
            // Another computing thread acts next when its computation ends; its slice ends change nothing either.
            let other = Int(cores[j].thread)
            horizon = min(horizon, threads[other].computeEnd > now ? threads[other].computeEnd : cores[j].nextTime)
        }
        guard horizon > now else { return now &+ quantum }
        // The horizon is at most the computation's end, within the clock's limit: this can't overflow.
        return now + ((horizon - now - 1) / quantum + 1) * quantum
    }

    /// The deadline of a wait in `mode` with `timeout` nanoseconds, from now; a timeout past the
    /// clock's limit waits as long as it takes.
    func deadline(_ mode: WaitMode, _ timeout: Int64) -> VirtualTime {
        mode == .blocking ? noDeadline : later(VirtualTime(max(0, timeout))) ?? noDeadline
    }

    /// The latest instant the virtual clock reaches: 2^62 ns, about 146 years. Times stay far
    /// enough from the 64-bit limit that sums and differences of two of them never overflow.
    public static let clockLimit: VirtualTime = 1 << 62

    /// `now + duration`, or nil when that passes ``clockLimit``.
    func later(_ duration: VirtualTime) -> VirtualTime? {
        now <= Machine.clockLimit && duration <= Machine.clockLimit - now ? now + duration : nil
    }

    /// A sleep, I/O or computation of `duration` would take the clock past its limit: the thread
    /// ends with an error, as Python's `OverflowError` would end it.
    mutating func pastClockLimit(_ t: Int, core c: Int, duration: Int64) {
        emit(.error(.pastClockLimit(duration: VirtualTime(duration))), by: ThreadID(t))
        finishThread(t, core: c)
    }

    /// Pushes the success flag of a wait that asked for one.
    mutating func pushResult(_ t: Int, _ success: Bool) {
        if threads[t].waitPushesResult { threads[t].stack.append(.bool(success)) }
    }

    /// Whether a wait in `mode` with `timeout` gives up at once rather than block.
    func givesUpAtOnce(_ mode: WaitMode, _ timeout: Int64) -> Bool {
        mode == .nonBlocking || (mode == .timeout && timeout <= 0)
    }

    /// The thread's first function returned: it finishes, wakes its joiners, and the program may end.
    mutating func finishThread(_ t: Int, core c: Int) {
        let id = ThreadID(t)
        if config.policy.gil != .none && processes[Int(threads[t].process)].gil.holder == id {
            releaseGIL(by: id, reason: .finished)
        }
        vacate(core: c)
        threads[t].status = .finished
        emit(.threadFinished, by: id)
        let joiners = threads[t].joiners
        threads[t].joiners = []
        for joiner in joiners {
            endWait(joiner, reason: .joined, by: id)
            emit(.joinDone(id, timedOut: false), by: joiner)
            becomeRunnable(joiner)
        }
        if !threads[t].daemon {
            liveNonDaemon -= 1
            if liveNonDaemon == 0 { finish(.completed) }
        }
    }

    /// Ends the run: on completion, daemon threads still alive are stopped.
    mutating func finish(_ outcome: Outcome) {
        if outcome == .completed {
            for t in threads.indices where threads[t].isAlive {
                if case .running(let core) = threads[t].status { vacate(core: Int(core)) }
                threads[t].status = .finished
                emit(.threadStopped, by: ThreadID(t))
            }
        }
        // A line left unfinished is printed at exit, as Python flushes it.
        for p in processes.indices where !processes[p].pendingOutput.isEmpty {
            emit(.printed(processes[p].pendingOutput), by: processes[p].pendingWriter)
            processes[p].pendingOutput = ""
        }
        emit(.finished(outcome), by: Event.machine)
        self.outcome = outcome
    }

    /// Schedules a timer, which goes off up to the timer slack late.
    mutating func addTimer(at time: VirtualTime, _ kind: Timer.Kind, slack: Bool = true) {
        timerOrder &+= 1
        let (late, overflow) = time.addingReportingOverflow(slack ? jitter(config.timerSlack) : 0)
        timers.insert(Timer(time: overflow || time == noDeadline ? noDeadline : min(late, Machine.clockLimit), order: timerOrder, kind: kind))
    }

    /// A seeded random delay in `0..<limit` (0 when `limit` is 0).
    mutating func jitter(_ limit: VirtualTime) -> VirtualTime {
        limit == 0 ? 0 : noise.next() % limit
    }

    /// The source line of the instruction at `pc` (0 for none).
    @inline(__always)
    func line(at pc: Int32) -> Int32 {
        pc >= 0 && Int(pc) < program.lines.count ? program.lines[Int(pc)] : 0
    }

    /// Appends an event stamped with the next sequence number, the current time and the actor's line.
    @inline(__always)
    mutating func emit(_ kind: Event.Kind, by thread: ThreadID) {
        let line = thread >= 0 && Int(thread) < threads.count ? threads[Int(thread)].line : 0
        outbox.append(Event(seq: nextSeq, time: now, thread: thread, line: line, kind: kind))
        nextSeq &+= 1
    }
}
