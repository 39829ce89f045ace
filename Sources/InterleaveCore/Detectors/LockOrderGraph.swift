/// The lock-order graph: an edge A → B each time a thread takes (or waits for) B while it holds A. A cycle means
/// two threads can take the same locks in opposite orders, a deadlock waiting for the right
/// timing, even in a run that did not deadlock (as Linux's lockdep and Go's lock-order checks report).
struct LockOrderGraph: Sendable {
    /// Who holds each lock, or -1.
    private var owner: [ThreadID] = []
    /// The locks each thread holds, in the order it took them.
    private var held: [[ObjectIndex]] = []
    /// Edges out of each lock, in the order they were first seen.
    private var edges: [[LockOrderEdge]] = []
    private var known: Set<UInt64> = []
    /// Cycles already reported, by their locks in ascending order.
    private var reported: Set<[ObjectIndex]> = []

    /// Reads event number `seq` (of `kind`, by `thread`) and appends a `lockOrderCycle` to
    /// `findings` when it closes a new cycle.
    mutating func observe(_ kind: Event.Kind, thread: ThreadID, seq: UInt64, into findings: inout [Event.Kind]) {
        switch kind {
        case .lockAcquired(let lock, _, _), .blocked(.lock(let lock), _, _):
            // Asking for a lock orders it after the ones held, whether the thread gets it or waits.
            let t = Int(thread)
            let l = Int(lock)
            while owner.count <= l { owner.append(-1); edges.append([]) }
            while held.count <= t { held.append([]) }
            // An RLock taken again by its owner adds no order.
            guard owner[l] != thread else { return }
            var acquired = false
            // A try-lock never waits, so it orders no locks (as lockdep has it).
            var trying = false
            if case .lockAcquired(_, _, let nonBlocking) = kind {
                acquired = true
                trying = nonBlocking
            }
            if acquired { owner[l] = thread }
            for h in held[t] where h != lock && !trying {
                let edge = LockOrderEdge(held: h, taken: lock, thread: thread, step: seq)
                guard known.insert(UInt64(UInt32(bitPattern: h)) << 32 | UInt64(UInt32(bitPattern: lock))).inserted
                else { continue }
                edges[Int(h)].append(edge)
                if let path = path(from: lock, to: h) {
                    let cycle = [edge] + path
                    if reported.insert(cycle.map(\.held).sorted()).inserted { findings.append(.lockOrderCycle(cycle)) }
                }
            }
            if acquired { held[t].append(lock) }
        case .lockReleased(let lock, let count):
            let l = Int(lock)
            guard count == 0, l < owner.count, owner[l] >= 0 else { return }
            let o = Int(owner[l])
            if let i = held[o].lastIndex(of: lock) { held[o].remove(at: i) }
            owner[l] = -1
        default:
            return
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
