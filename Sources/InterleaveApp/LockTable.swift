import InterleaveCore

/// Every lock's holder and waiters now, folded from the event stream.
public struct LockTable: Sendable {
    /// One lock's state.
    public struct Entry: Sendable, Hashable {
        /// The thread holding it, or nil when free.
        public var holder: ThreadID?
        /// Threads blocked on it, in the order they began to wait.
        public var waiters: [ThreadID] = []
    }

    public private(set) var entries: [Entry]

    public init(program: Program) {
        entries = Array(repeating: Entry(), count: program.locks.count)
    }

    public mutating func consume(_ event: Event) {
        switch event.kind {
        case .lockAcquired(let lock, _, _):
            guard entries.indices.contains(Int(lock)) else { return }
            entries[Int(lock)].holder = event.thread
            entries[Int(lock)].waiters.removeAll { $0 == event.thread }
        case .lockReleased(let lock, let count):
            guard entries.indices.contains(Int(lock)), count == 0 else { return }
            entries[Int(lock)].holder = nil
        case .lockFailed(let lock):
            guard entries.indices.contains(Int(lock)) else { return }
            entries[Int(lock)].waiters.removeAll { $0 == event.thread }
        case .blocked(.lock(let lock), _, _):
            guard entries.indices.contains(Int(lock)), !entries[Int(lock)].waiters.contains(event.thread) else { return }
            entries[Int(lock)].waiters.append(event.thread)
        default:
            break
        }
    }
}
