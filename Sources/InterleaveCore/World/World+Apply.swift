/// Folding an event into the world: every kind, on purpose.
extension World {
    /// Folds the next event; returns what it changed that lanes draw.
    @discardableResult
    public mutating func apply(_ event: Event) -> Change {
        eventCount += 1
        if event.time > time { time = event.time }
        let t = Int(event.thread)
        let actor = t >= 0 && t < threads.count
        if actor && event.line > 0 { threads[t].line = event.line }
        var change = Change.none
        switch event.kind {
        case .futureSubmitted, .futureStarted, .futureDone, .futureResult, .poolShutdown:
            if naming { names.observe(event) }
            applyFuture(event)
        case .objectMade(let spec, let index, _):
            // The names keep what each made object is (always: the wait-for graph asks whether a lock is an RLock).
            guard Int(index) == names.count(of: spec.kind) else { break }
            names.observe(event)
            switch spec {
            case .lock: locks.append(Lock())
            case .variable: for p in shared.indices { shared[p].append(.none) }
            default: objectStates[Int(spec.kind.rawValue)].append(spec.shows)
            }
        case .threadCreated(let child, let name, let process, let daemon):
            if naming { names.observe(event) }
            guard child >= 0 && child < 1 << 24 else { break }
            let made = Thread(name: name, process: process, daemon: daemon, since: event.time)
            if Int(child) == threads.count {
                threads.append(made)
            } else {
                while threads.count <= Int(child) {
                    threads.append(Thread(name: "T\(threads.count)", process: 0, daemon: false, since: event.time))
                }
                threads[Int(child)] = made
            }
            if process >= 0 && process < 1 << 16 {
                while shared.count <= Int(process) { shared.append(initialShared) }
            }
            change = Change(thread: child, previous: .notStarted, previousSince: event.time, activity: .notStarted)
        case .threadStarted(let child):
            change = move(child, to: .ready, at: event.time)
        case .threadFinished, .threadStopped:
            change = move(event.thread, to: .finished, at: event.time)
            if actor {
                threads[t].finishedAt = event.time
                if case .threadStopped = event.kind { threads[t].stopped = true }
            }
        case .dispatched, .resumed:
            change = move(event.thread, to: .running, at: event.time)
        case .preempted, .woken:
            change = move(event.thread, to: .ready, at: event.time)
        case .blocked(let target, _, let timeout):
            change = move(event.thread, to: .waiting(target.category), at: event.time)
            guard actor else { break }
            threads[t].wait = Wait(target: target, timeout: timeout, since: event.time)
            if case .lock(let l) = target, locks.indices.contains(Int(l)) {
                if !locks[Int(l)].waiters.contains(event.thread) { locks[Int(l)].waiters.append(event.thread) }
                if threads[t].acquiring?.lock != l { threads[t].acquiring = (l, event.time) }
            }
        case .lockAcquired(let l, let count, _):
            guard locks.indices.contains(Int(l)) else { break }
            if !locks[Int(l)].waiters.isEmpty { locks[Int(l)].waiters.removeAll { $0 == event.thread } }
            locks[Int(l)].count = count
            if actor && threads[t].acquiring?.lock == l { threads[t].acquiring = nil }
            // Any acquisition: the first, or taking an RLock back at its old depth after a condition wait.
            change = Change(lock: l, previousHolder: locks[Int(l)].holder, holderSince: locks[Int(l)].since, holder: event.thread)
            if locks[Int(l)].holder != event.thread {
                locks[Int(l)].holder = event.thread
                locks[Int(l)].since = event.time
                if actor { threads[t].held.append(l) }
            }
        case .lockReleased(let l, let count):
            guard locks.indices.contains(Int(l)) else { break }
            locks[Int(l)].count = count
            if count == 0 {
                let holder = Int(locks[Int(l)].holder)
                if holder >= 0 && holder < threads.count, let i = threads[holder].held.lastIndex(of: l) {
                    threads[holder].held.remove(at: i)
                }
                change = Change(lock: l, previousHolder: locks[Int(l)].holder, holderSince: locks[Int(l)].since, holder: -1)
                locks[Int(l)].holder = -1
                locks[Int(l)].since = event.time
            }
        case .lockFailed(let l):
            guard locks.indices.contains(Int(l)) else { break }
            if !locks[Int(l)].waiters.isEmpty { locks[Int(l)].waiters.removeAll { $0 == event.thread } }
            if actor && threads[t].acquiring?.lock == l { threads[t].acquiring = nil }
        case .gilAcquired(let p):
            if p >= 0 && p < 1 << 16 {
                while gilHolders.count <= Int(p) {
                    gilHolders.append(-1)
                    gilSince.append(event.time)
                }
                change = Change(gil: p, previousHolder: gilHolders[Int(p)], holderSince: gilSince[Int(p)], holder: event.thread)
                gilHolders[Int(p)] = event.thread
                gilSince[Int(p)] = event.time
            }
        case .gilReleased(let p, _):
            if gilHolders.indices.contains(Int(p)) {
                change = Change(gil: p, previousHolder: gilHolders[Int(p)], holderSince: gilSince[Int(p)], holder: -1)
                gilHolders[Int(p)] = -1
                gilSince[Int(p)] = event.time
            }
        case .sharedRead(let v, let value):
            // A list's contents change without a write (`items.append(x)`); a read shows them as they are.
            let p = actor ? Int(threads[t].process) : 0
            if case .shown = value, shared.indices.contains(p) && shared[p].indices.contains(Int(v)) { shared[p][Int(v)] = value }
        case .sharedWrite(let v, _, let new):
            let p = actor ? Int(threads[t].process) : 0
            if shared.indices.contains(p) && shared[p].indices.contains(Int(v)) {
                shared[p][Int(v)] = new
                if lastWrites.count <= Int(v) { lastWrites.append(contentsOf: repeatElement(nil, count: Int(v) + 1 - lastWrites.count)) }
                lastWrites[Int(v)] = event.seq
            }
        case .finished(let ending):
            outcome = ending
        // What changes nothing here: the summary and the detectors count these, the log shows them.
        case .choice, .gilDropRequested, .joinDone, .printed, .expectation, .error, .race, .lostUpdate,
             .lockOrderCycle, .deadlock, .stepLimit, .uncontrolled:
            break
        default:
            // An operation on a library object (an Event, Condition, Semaphore, Barrier, Queue): the
            // state it leaves its object in, as its kind declares (`shows:`). Its waits and wake-ups
            // are events of their own, above.
            assert(event.kind.isLibraryOperation, "World.apply does not fold \(event.kind)")
            if let state = event.kind.shows, case .object(let kind, let index, _) = event.kind.touches,
               objectStates[Int(kind.rawValue)].indices.contains(Int(index)) {
                objectStates[Int(kind.rawValue)][Int(index)] = state
            }
        }
        return change
    }

    /// Thread `id` begins `activity` at `time`; a wait ends when it does anything else.
    private mutating func move(_ id: ThreadID, to activity: ThreadActivity, at time: VirtualTime) -> Change {
        guard id >= 0 && Int(id) < threads.count else { return .none }
        return threads.withUnsafeMutableBufferPointer { threads in
            let t = Int(id)
            let change = Change(thread: id, previous: threads[t].activity, previousSince: threads[t].since, activity: activity)
            threads[t].activity = activity
            threads[t].since = time
            if case .waiting = activity {} else if threads[t].wait != nil { threads[t].wait = nil }
            return change
        }
    }
}
