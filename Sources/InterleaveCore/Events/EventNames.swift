/// Names for what events refer to: threads (learned from the stream) and the program's objects.
///
/// A consumer keeps one, feeds it every event with ``observe(_:)``, and uses it to describe events.
public struct EventNames: Sendable {
    public let program: Program
    public private(set) var threads: [String] = []
    public private(set) var threadProcess: [ProcessID] = []

    public init(program: Program) { self.program = program }

    /// Learns thread names from `threadCreated` events.
    public mutating func observe(_ event: Event) {
        if case .threadCreated(let child, let name, let process, _) = event.kind {
            while threads.count <= Int(child) {
                threads.append("T\(threads.count)")
                threadProcess.append(0)
            }
            threads[Int(child)] = name
            threadProcess[Int(child)] = process
        }
    }

    public func thread(_ id: ThreadID) -> String {
        if id == Event.machine { return "scheduler" }
        return Int(id) < threads.count && id >= 0 ? threads[Int(id)] : "T\(id)"
    }

    public func lock(_ index: ObjectIndex) -> String { name(program.locks.map(\.name), index, "lock") }
    public func event(_ index: ObjectIndex) -> String { name(program.events.map(\.name), index, "event") }
    public func condition(_ index: ObjectIndex) -> String { name(program.conditions.map(\.name), index, "condition") }
    public func semaphore(_ index: ObjectIndex) -> String { name(program.semaphores.map(\.name), index, "semaphore") }
    public func barrier(_ index: ObjectIndex) -> String { name(program.barriers.map(\.name), index, "barrier") }
    public func queue(_ index: ObjectIndex) -> String { name(program.queues.map(\.name), index, "queue") }
    public func shared(_ index: Int32) -> String { name(program.shared.map(\.name), index, "shared") }

    private func name(_ names: [String], _ index: Int32, _ kind: String) -> String {
        index >= 0 && Int(index) < names.count ? names[Int(index)] : "\(kind)#\(index)"
    }

    /// What a wait target is, in words: `lock 'fork1'`, `the GIL`, `join Thread-1 (worker)`.
    public func describe(_ target: WaitTarget) -> String {
        switch target {
        case .lock(let l): return "lock '\(lock(l))'"
        case .gil(let p): return p == 0 ? "the GIL" : "the GIL of process \(p)"
        case .join(let t): return "join \(thread(t))"
        case .start(let t): return "\(thread(t)) to start"
        case .event(let e): return "event '\(event(e))'"
        case .condition(let c): return "condition '\(condition(c))'"
        case .semaphore(let s): return "semaphore '\(semaphore(s))'"
        case .barrier(let b): return "barrier '\(barrier(b))'"
        case .queueGet(let q): return "an item in queue '\(queue(q))'"
        case .queuePut(let q): return "room in queue '\(queue(q))'"
        case .sleep: return "sleep"
        case .io: return "I/O"
        }
    }

    /// A user error in words, with what to do about it.
    public func describe(_ error: UserError) -> String {
        switch error {
        case .releaseUnlocked(let l): return "released lock '\(lock(l))', which is not locked"
        case .releaseNotOwner(let l, let owner):
            return "released RLock '\(lock(l))', which \(thread(owner)) owns (only the owner may release an RLock)"
        case .joinSelf: return "a thread cannot join itself"
        case .joinNotStarted(let t): return "joined \(thread(t)), which was never started"
        case .invalidThreadHandle(let value): return "\(value) is not a thread"
        case .startedTwice(let t): return "started \(thread(t)) twice (threads can only be started once)"
        case .semaphoreOverReleased(let s):
            return "released BoundedSemaphore '\(semaphore(s))' above its initial value"
        case .conditionNotOwner(let c): return "used condition '\(condition(c))' without holding its lock"
        case .divisionByZero: return "division by zero (the result is 0)"
        case .overflow: return "integer overflow (the result wrapped around)"
        case .negativeValue(let value): return "\(value) is negative here (read as 0)"
        case .recursionTooDeep(let depth):
            return "calls nested more than \(depth) deep (Python's RecursionError); the thread ends here"
        case .indexOutOfRange(let index, let count):
            return "list index \(index) is out of range (the list has \(count) element\(count == 1 ? "" : "s"); read as 0)"
        case .malformedProgram(let pc):
            return "the compiled program is malformed at instruction \(pc), which was skipped (a bug in Interleave: please report it)"
        }
    }

    /// A wait-for chain as one line: `T1 → lock 'a' → T2 → lock 'b' → T1`.
    public func describe(cycle: [WaitEdge]) -> String {
        guard let first = cycle.first else { return "" }
        var parts = [thread(first.thread)]
        for edge in cycle {
            parts.append(describe(edge.target))
            parts.append(thread(edge.holder))
        }
        return parts.joined(separator: " → ")
    }

    /// A lock-order cycle as one line: `'a' → 'b' (T1, #12) → 'a' (T2, #40)`.
    public func describe(lockOrder edges: [LockOrderEdge]) -> String {
        guard let first = edges.first else { return "" }
        return "'\(lock(first.held))'" + edges.map { " → '\(lock($0.taken))' (\(thread($0.thread)) at #\($0.step))" }.joined()
    }

    /// One event in words, without its time and actor.
    public func describe(_ kind: Event.Kind) -> String {
        switch kind {
        case .threadCreated(let child, let name, let process, let daemon):
            return "created \(daemon ? "daemon " : "")\(name)" + (process != 0 ? " in process \(process)" : "")
                + " [T\(child)]"
        case .threadStarted(let child): return "started \(thread(child))"
        case .threadFinished: return "finished"
        case .threadStopped: return "stopped (daemon thread at exit)"
        case .dispatched(let core): return "runs on core \(core)"
        case .preempted(let core, let reason):
            let why: String
            switch reason {
            case .quantum: why = "time slice over"
            case .priority: why = "a higher-priority thread is ready"
            case .choice: why = "the scheduler switched threads"
            }
            return "preempted on core \(core) (\(why))"
        case .blocked(let target, let holder):
            // A join or start names its thread already; "held by" is for what someone holds.
            let named: Bool
            switch target {
            case .join, .start: named = true
            default: named = false
            }
            return "waits for \(describe(target))" + (holder >= 0 && !named ? ", held by \(thread(holder))" : "")
        case .woken(let reason, let by):
            return "woken (\(reason))" + (by >= 0 ? " by \(thread(by))" : "")
        case .choice(let choice, let options, let chosen):
            let names = options.map { thread($0) }
            return "choice \(describe(choice)): [\(names.joined(separator: ", "))] → \(names[Int(chosen)])"
        case .lockAcquired(let l, let count):
            return "acquired '\(lock(l))'" + (count > 1 ? " (depth \(count))" : "")
        case .lockReleased(let l, let count):
            return "released '\(lock(l))'" + (count > 0 ? " (depth \(count) left)" : "")
        case .lockFailed(let l): return "gave up acquiring '\(lock(l))'"
        case .gilAcquired(let p): return "took \(describe(WaitTarget.gil(p)))"
        case .gilReleased(let p, let reason): return "released \(describe(WaitTarget.gil(p))) (\(reason))"
        case .gilDropRequested(let p, let holder): return "asks \(thread(holder)) to drop \(describe(WaitTarget.gil(p)))"
        case .joinDone(let t, let timedOut): return timedOut ? "join \(thread(t)) timed out" : "joined \(thread(t))"
        case .eventSet(let e, let woke): return "set event '\(event(e))' (woke \(woke))"
        case .eventCleared(let e): return "cleared event '\(event(e))'"
        case .eventWaitDone(let e, let result): return "event '\(event(e))' wait returned \(result ? "True" : "False")"
        case .conditionNotified(let c, let woke): return "notified condition '\(condition(c))' (woke \(woke))"
        case .conditionWaitDone(let c, let notified):
            return "condition '\(condition(c))' wait returned \(notified ? "True" : "False (timeout)")"
        case .semaphoreAcquired(let s, let value): return "acquired semaphore '\(semaphore(s))' (value \(value))"
        case .semaphoreReleased(let s, let value): return "released semaphore '\(semaphore(s))' (value \(value))"
        case .semaphoreFailed(let s): return "gave up acquiring semaphore '\(semaphore(s))'"
        case .barrierArrived(let b, let arrived):
            let parties = Int(b) < program.barriers.count ? program.barriers[Int(b)].parties : 0
            return "arrived at barrier '\(barrier(b))' (\(arrived)/\(parties))"
        case .barrierPassed(let b): return "barrier '\(barrier(b))' opens"
        case .barrierBroken(let b): return "barrier '\(barrier(b))' is broken"
        case .queuePut(let q, let value, let size): return "put \(value) in queue '\(queue(q))' (size \(size))"
        case .queueGot(let q, let value, let size): return "got \(value) from queue '\(queue(q))' (size \(size))"
        case .queueFailed(let q, let put): return "\(put ? "put into" : "get from") queue '\(queue(q))' gave up"
        case .sharedRead(let v, let value): return "read \(shared(v)) = \(value)"
        case .sharedWrite(let v, let old, let new): return "wrote \(shared(v)) = \(new) (was \(old))"
        case .printed(let text): return "print: \(text)"
        case .expectation(let index, let passed):
            let text = Int(index) < program.expectations.count ? program.expectations[Int(index)].text : "#\(index)"
            return "expect \(text): \(passed ? "passed" : "FAILED")"
        case .error(let error): return "error: \(describe(error))"
        case .race(let race):
            return "DATA RACE on \(shared(race.variable)): this \(race.write ? "write" : "read") (#\(race.step)) and "
                + "\(thread(race.other))'s \(race.otherWrite ? "write" : "read") (#\(race.otherStep)) are not ordered by any synchronization"
        case .lostUpdate(let lost):
            return "LOST UPDATE on \(shared(lost.variable)): this write (#\(lost.writeStep)) is based on the read at "
                + "#\(lost.readStep) and overwrote \(thread(lost.overwritten))'s write (#\(lost.overwrittenStep))"
        case .lockOrderCycle(let edges):
            return "POTENTIAL DEADLOCK: locks taken in a cycle: \(describe(lockOrder: edges))"
        case .deadlock(let report):
            if report.cycle.isEmpty {
                return "DEADLOCK: every thread is blocked: "
                    + report.blocked.map { "\(thread($0.thread)) waits for \(describe($0.target))" }.joined(separator: "; ")
            }
            return "DEADLOCK: \(describe(cycle: report.cycle))"
        case .stepLimit(let limit): return "stopped after \(limit) steps (a livelock or an endless loop?)"
        case .finished(let outcome): return "run \(outcome)"
        }
    }

    public func describe(_ choice: ChoiceKind) -> String {
        switch choice {
        case .dispatch(let core): return "who runs on core \(core)"
        case .order: return "whose step goes first"
        case .preempt(let core): return "who keeps core \(core)"
        case .lock(let l): return "who is woken for '\(lock(l))'"
        case .gil(let p): return "who gets \(describe(WaitTarget.gil(p)))"
        case .semaphore(let s): return "who gets semaphore '\(semaphore(s))'"
        case .queueGet(let q): return "who gets from '\(queue(q))'"
        case .queuePut(let q): return "who puts into '\(queue(q))'"
        }
    }

    /// A log line: `   1.250ms  #42  Thread-1 (worker)  acquired 'lock'`.
    public func line(_ event: Event) -> String {
        let time = formatTime(event.time)
        let padded = String(repeating: " ", count: max(0, 10 - time.count)) + time
        return "\(padded)  #\(event.seq)  \(thread(event.thread)): \(describe(event.kind))"
    }
}
