/// Lock, RLock and fair locks (a Condition, in Primitives/ConditionState.swift, waits on them).
extension Machine {
    /// `lock.acquire()`: takes the lock if it can; otherwise gives up or blocks.
    mutating func acquire(_ t: Int, core c: Int, lock l: Int, mode: WaitMode, timeout: Int64) {
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        // A try-lock never waits, so it orders no locks (as lockdep has it): the event says so.
        if take(t, lock: l, count: 1, nonBlocking: givesUpAtOnce(mode, timeout)) {
            pushResult(t, true)
            return
        }
        if givesUpAtOnce(mode, timeout) {
            emit(.lockFailed(ObjectIndex(l)), by: ThreadID(t))
            pushResult(t, false)
            return
        }
        let deadline = deadline(mode, timeout)
        threads[t].pendingAcquire = PendingAcquire(lock: ObjectIndex(l), count: 1, condition: -1, notified: false,
                                                   deadline: deadline)
        waitForLock(t, core: c, lock: l, deadline: deadline)
    }

    /// Takes lock `l` for thread `t` if it is free (or an RLock `t` already owns).
    /// `nonBlocking`: the acquire would not have waited (it orders no locks).
    mutating func take(_ t: Int, lock l: Int, count: Int32, nonBlocking: Bool = false) -> Bool {
        let id = ThreadID(t)
        if locks[l].owner < 0 {
            locks[l].owner = id
            locks[l].count = count
        } else if locks[l].kind == .rlock && locks[l].owner == id {
            locks[l].count += count
        } else {
            return false
        }
        emit(.lockAcquired(ObjectIndex(l), count: locks[l].count, nonBlocking: nonBlocking), by: id)
        return true
    }

    mutating func waitForLock(_ t: Int, core c: Int?, lock l: Int, deadline: VirtualTime) {
        locks[l].waiters.append(ThreadID(t))
        block(t, core: c, on: .lock(ObjectIndex(l)), holder: locks[l].owner, deadline: deadline)
    }

    /// A woken waiter (or a condition waiter) tries its pending acquisition again on its core;
    /// it may lose to a barging thread.
    mutating func retryAcquire(_ t: Int, core c: Int) {
        steps &+= 1
        cores[c].nextTime = now &+ cost(at: max(0, threads[t].pc - 1))     // the acquire's (pc is past it)
        _ = attemptPendingAcquire(t, core: c)
    }

    /// Tries thread `t`'s pending acquisition: it takes the lock, gives up if its timeout has
    /// passed, or waits for the lock again (leaving `core`, if it is on one). Returns whether the
    /// thread may go on.
    mutating func attemptPendingAcquire(_ t: Int, core c: Int?) -> Bool {
        guard let pending = threads[t].pendingAcquire else { return true }
        let l = Int(pending.lock)
        if take(t, lock: l, count: pending.count) {
            threads[t].pendingAcquire = nil
            completeAcquire(t, pending)
            return true
        }
        if pending.deadline <= now {
            threads[t].pendingAcquire = nil
            emit(.lockFailed(pending.lock), by: ThreadID(t))
            pushResult(t, false)
            return true
        }
        waitForLock(t, core: c, lock: l, deadline: pending.deadline)
        return false
    }

    /// What follows a successful pending acquisition: a condition wait returns, an acquire reports success.
    mutating func completeAcquire(_ t: Int, _ pending: PendingAcquire) {
        if pending.condition >= 0 {
            emit(.conditionWaitDone(pending.condition, notified: pending.notified), by: ThreadID(t))
            pushResult(t, pending.notified)
        } else {
            pushResult(t, true)
        }
    }

    /// `lock.release()`.
    mutating func release(_ t: Int, lock l: Int) {
        let id = ThreadID(t)
        threads[t].pc += 1
        guard locks[l].owner >= 0 else {
            misuse(.releaseUnlocked(lock: ObjectIndex(l)), "RuntimeError", "release unlocked lock", by: t)
            return
        }
        if locks[l].kind == .rlock && locks[l].owner != id {
            misuse(.releaseNotOwner(lock: ObjectIndex(l), owner: locks[l].owner), "RuntimeError", "cannot release un-acquired lock", by: t)
            return
        }
        locks[l].count -= 1
        if locks[l].count > 0 {
            emit(.lockReleased(ObjectIndex(l), count: locks[l].count), by: id)
            return
        }
        freeLock(l, by: id)
    }

    /// Frees lock `l` completely; a waiter is chosen next.
    mutating func freeLock(_ l: Int, by id: ThreadID) {
        locks[l].owner = -1
        locks[l].count = 0
        locks[l].lastReleaser = id
        locks[l].releasedAt = now
        emit(.lockReleased(ObjectIndex(l), count: 0), by: id)
        if !locks[l].waiters.isEmpty { handoffs.append(.lock(ObjectIndex(l))) }
    }

    /// After a release: a fair lock goes straight to its longest waiter; an unfair one wakes a
    /// chosen waiter, which then competes for it (the releaser may take it back first).
    ///
    /// Under a GIL an unfair lock is CPython's: a semaphore (`Python/thread_pthread.h`) that a
    /// release posts and a woken waiter must take itself, once the OS has woken it up (the
    /// wake-up latency) and only if it is still free then: the releasing thread, which keeps
    /// the GIL and tries the lock without waiting first (`acquire_timed` in
    /// `Modules/_threadmodule.c`), usually has taken it back by then. A waiter that finds it
    /// taken goes back to sleep (a system call's time, during which a release still lets it
    /// take the lock) and waits, silently, for the next release to wake it again. A release
    /// while the woken waiter is on its way is a system call that wakes no one.
    mutating func handOffLock(_ l: Int) -> Bool {
        guard locks[l].owner < 0, !locks[l].waiters.isEmpty else {
            handoffs.removeFirst()
            return true
        }
        let wakesUpFirst = config.policy.gil != .none && locks[l].kind != .fair
        if wakesUpFirst && locks[l].waking >= 0 {
            let id = locks[l].waking
            if locks[l].wakingOnItsWay || (modelsSleep && !isAsleep(Int(id))) {
                handoffs.removeFirst()
                if locks[l].releasedAt == now { chargeSyscall(by: locks[l].lastReleaser) }
                if !locks[l].wakingOnItsWay, let index = locks[l].waiters.firstIndex(of: id) {
                    // Awake, on its way back to sleep: it sees the lock free and takes it.
                    locks[l].waking = -1
                    locks[l].waiters.remove(at: index)
                    wakeAcquirer(id, reason: .granted, by: locks[l].lastReleaser, awake: true)
                }
                return true
            }
            locks[l].waking = -1       // back asleep: a waiter is woken again, below
        }
        var index = 0
        if locks[l].kind != .fair && locks[l].waiters.count > 1 {
            guard let chosen = choose(.lock(ObjectIndex(l)), locks[l].waiters) else { return false }
            index = chosen
        }
        handoffs.removeFirst()
        if wakesUpFirst {
            let id = locks[l].waiters[index]
            locks[l].waking = id
            locks[l].wakingOnItsWay = true
            // The releaser pays for the wake-up, unless a timeout (not a release) started this.
            if locks[l].releasedAt == now { chargeWaking(Int(id), by: locks[l].lastReleaser) }
            // Not before it is awake from an earlier wake-up (a condition's notify).
            let awake = min(max(threads[Int(id)].arrives, wakeUpTime(of: Int(id))), Machine.clockLimit)
            addTimer(at: awake, .lockRetry(id, token: threads[Int(id)].waitToken), slack: false)
            return true
        }
        let id = locks[l].waiters.remove(at: index)
        wakeAcquirer(id, reason: .granted, by: locks[l].lastReleaser, direct: locks[l].kind == .fair)
        return true
    }

    /// A waiter a release woke is awake (under a GIL): it takes the lock if it is still free,
    /// else it waits again, and falls asleep.
    mutating func lockWaiterAwake(_ id: ThreadID, lock l: Int) {
        guard locks[l].waking == id, let index = locks[l].waiters.firstIndex(of: id) else { return }
        locks[l].wakingOnItsWay = false
        guard locks[l].owner < 0 else {
            if modelsSleep {
                threads[Int(id)].waitsSince = now
            } else {
                locks[l].waking = -1        // (a recording made before waking took time)
            }
            return
        }
        locks[l].waking = -1
        locks[l].waiters.remove(at: index)
        wakeAcquirer(id, reason: .granted, by: locks[l].lastReleaser, awake: true)
    }

    /// A lock waiter that stops waiting (its timeout passed) no longer counts as the woken one: if
    /// it was, the next waiter is woken in its place.
    mutating func forgetWaking(_ id: ThreadID, lock l: Int) {
        guard locks[l].waking == id else { return }
        locks[l].waking = -1
        if locks[l].owner < 0 && !locks[l].waiters.isEmpty { handoffs.append(.lock(ObjectIndex(l))) }
    }

    /// Wakes a thread whose pending acquisition may now succeed. A fair lock (`direct`) and, under
    /// a GIL, any lock is taken at once: CPython's blocking acquire waits on the OS lock without
    /// the GIL and takes it before asking for the GIL back. Without a GIL the woken thread
    /// competes for the lock when it next runs, and a releaser may barge in first.
    mutating func wakeAcquirer(_ id: ThreadID, reason: WakeReason, by actor: ThreadID, direct: Bool = false, awake: Bool = false) {
        endWait(id, reason: reason, by: actor, awake: awake)
        if direct || config.policy.gil != .none {
            guard attemptPendingAcquire(Int(id), core: nil) else { return }
        }
        becomeRunnable(id)
    }
}
