/// The lock-order graph: an edge A → B each time a thread takes (or waits for) B while it holds A. A cycle means
/// two threads can take the same locks in opposite orders, a deadlock waiting for the right
/// timing, even in a run that did not deadlock (as Linux's lockdep and Go's lock-order checks report).
/// Who holds what comes from the world's fold.
struct LockOrderGraph: Sendable {
    /// Edges out of each lock, in the order they were first seen.
    private var edges: [[LockOrderEdge]] = []
    private var known: Set<UInt64> = []
    /// Cycles already reported, by their locks in ascending order.
    private var reported: Set<[ObjectIndex]> = []

    /// Reads `event` (by a thread holding `held`, in the order it took them; `holder` holds the lock
    /// it asks for, or -1) and appends a `lockOrderCycle` to `findings` when it closes a new cycle.
    mutating func observe(_ event: Event, held: [ObjectIndex], holder: ThreadID, into findings: inout [Event.Kind]) {
        let lock: ObjectIndex
        switch event.kind {
        case .lockAcquired(let l, _, let nonBlocking):
            // A try-lock never waits, so it orders no locks (as lockdep has it).
            guard !nonBlocking else { return }
            lock = l
        case .blocked(.lock(let l), _, _):
            // Asking for a lock orders it after the ones held, whether the thread gets it or waits.
            lock = l
        default:
            return
        }
        // An RLock taken again by its owner adds no order.
        guard lock >= 0, holder != event.thread, !held.isEmpty else { return }
        while edges.count <= Int(max(lock, held.max() ?? 0)) { edges.append([]) }
        for h in held where h != lock {
            let edge = LockOrderEdge(held: h, taken: lock, thread: event.thread, step: event.seq)
            guard known.insert(UInt64(UInt32(bitPattern: h)) << 32 | UInt64(UInt32(bitPattern: lock))).inserted
            else { continue }
            edges[Int(h)].append(edge)
            if let path = path(from: lock, to: h) {
                let cycle = [edge] + path
                if reported.insert(cycle.map(\.held).sorted()).inserted { findings.append(.lockOrderCycle(cycle)) }
            }
        }
    }

    /// A path of edges from lock `start` to lock `goal`, found depth first in edge order, or nil.
    private func path(from start: ObjectIndex, to goal: ObjectIndex) -> [LockOrderEdge]? {
        var visited = Set<ObjectIndex>([start])
        var stack: [(lock: ObjectIndex, next: Int)] = [(start, 0)]
        var route: [LockOrderEdge] = []
        while let top = stack.last {
            let out = edges[Int(top.lock)]
            guard top.next < out.count else {
                stack.removeLast()
                if !route.isEmpty { route.removeLast() }
                continue
            }
            stack[stack.count - 1].next += 1
            let edge = out[top.next]
            if edge.taken == goal { return route + [edge] }
            if visited.insert(edge.taken).inserted {
                route.append(edge)
                stack.append((edge.taken, 0))
            }
        }
        return nil
    }
}
