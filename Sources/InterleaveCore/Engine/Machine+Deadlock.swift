/// Deadlock detection: wait-for cycles through locks and joins, and the report of who waits for what.
extension Machine {
    /// The lock-or-join edge a thread blocked without a timeout stands on, or nil.
    func waitEdge(_ t: Int) -> WaitEdge? {
        guard case .blocked(let target) = threads[t].status, threads[t].deadline == noDeadline else { return nil }
        switch target {
        case .lock(let l): return WaitEdge(thread: ThreadID(t), target: target, holder: locks[Int(l)].owner)
        case .join(let h): return WaitEdge(thread: ThreadID(t), target: target, holder: h)
        default: return nil
        }
    }

    /// Called when `id` blocks with no timeout: reports a deadlock at once if its wait closes a
    /// cycle that nothing can break: through joins and RLocks only (any thread may release a
    /// Lock, so a cycle through one is reported when the program stalls instead).
    mutating func detectCycle(from id: ThreadID) {
        guard !deadlockReported else { return }
        var path: [WaitEdge] = []
        var current = Int(id)
        for _ in 0...threads.count {
            guard let edge = waitEdge(current), edge.holder >= 0 else { return }
            if case .lock(let l) = edge.target, locks[Int(l)].kind != .rlock { return }
            path.append(edge)
            if edge.holder == id {
                deadlockReported = true
                emit(.deadlock(deadlockReport(cycle: path)), by: Event.machine)
                return
            }
            current = Int(edge.holder)
        }
    }

    /// Any wait-for cycle among the blocked threads, starting from the lowest thread id in it.
    func findAnyCycle() -> [WaitEdge] {
        for start in threads.indices {
            var path: [WaitEdge] = []
            var seen: [Int: Int] = [:]
            var current = start
            while let edge = waitEdge(current), edge.holder >= 0 {
                if let at = seen[current] { return Array(path[at...]) }
                seen[current] = path.count
                path.append(edge)
                current = Int(edge.holder)
            }
        }
        return []
    }

    /// A report naming the cycle (if any) and every blocked thread with what it waits for.
    func deadlockReport(cycle: [WaitEdge]) -> DeadlockReport {
        var blocked: [WaitEdge] = []
        for t in threads.indices {
            guard case .blocked(let target) = threads[t].status else { continue }
            let holder: ThreadID
            switch target {
            case .lock(let l): holder = locks[Int(l)].owner
            case .join(let h): holder = h
            case .gil(let p): holder = processes[Int(p)].gil.holder
            default: holder = -1
            }
            blocked.append(WaitEdge(thread: ThreadID(t), target: target, holder: holder))
        }
        return DeadlockReport(cycle: cycle, blocked: blocked)
    }
}
