/// The wait-for graph: who waits for whom, through locks and joins, and the deadlocks it shows.
extension World {
    /// The edge thread `t` stands on in the wait-for graph: blocked with no timeout on a lock, a
    /// join or a future being run, and who holds it (nil otherwise, or when nobody does).
    public func waitEdge(_ t: ThreadID) -> WaitEdge? {
        guard let wait = thread(t)?.wait, wait.timeout == 0 else { return nil }
        switch wait.target {
        case .lock, .join, .future:
            let holder = holder(of: wait.target)
            return holder >= 0 ? WaitEdge(thread: t, target: wait.target, holder: holder) : nil
        default:
            return nil
        }
    }

    /// The wait-for cycle through thread `t`, following edges from it; with `ownedOnly`, only
    /// through joins and RLocks (which only their owner can release: nothing can break such a
    /// cycle, while any thread may release a Lock). Nil when there is none.
    public func cycle(through t: ThreadID, ownedOnly: Bool) -> [WaitEdge]? {
        var path: [WaitEdge] = []
        var current = t
        for _ in 0...threads.count {
            guard let edge = waitEdge(current) else { return nil }
            if ownedOnly, case .lock(let l) = edge.target, l >= 0 && Int(l) < locks.count, !names.isReentrant(l) {
                return nil
            }
            path.append(edge)
            if edge.holder == t { return path }
            current = edge.holder
        }
        return nil
    }

    /// Any wait-for cycle among the blocked threads, starting from the lowest thread in it (empty if none).
    public func anyCycle() -> [WaitEdge] {
        for start in threads.indices {
            var path: [WaitEdge] = []
            var seen: [ThreadID: Int] = [:]
            var current = ThreadID(start)
            while let edge = waitEdge(current) {
                if let at = seen[current] { return Array(path[at...]) }
                seen[current] = path.count
                path.append(edge)
                current = edge.holder
            }
        }
        return []
    }

    /// A deadlock's report: `cycle`, and every blocked thread with what it waits for and who holds that now.
    public func deadlockReport(cycle: [WaitEdge]) -> DeadlockReport {
        var blocked: [WaitEdge] = []
        for (t, thread) in threads.enumerated() {
            guard let wait = thread.wait else { continue }
            blocked.append(WaitEdge(thread: ThreadID(t), target: wait.target, holder: holder(of: wait.target)))
        }
        return DeadlockReport(cycle: cycle, blocked: blocked)
    }
}
