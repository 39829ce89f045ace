import InterleaveCore

/// What stops a playing run in the view: findings (`--break-on`), source lines a thread reaches
/// (`--break-at`), a selected thread blocking or a selected lock contended (`x`).
public struct Watchpoints: Sendable, Hashable {
    /// A kind of moment to stop at, as `--break-on` names it.
    public enum Moment: String, Sendable, Hashable, CaseIterable {
        case race
        case lostUpdate = "lost-update"
        case deadlock
        /// A failed expectation.
        case expectation
        case error
        /// A thread blocks on a lock another holds.
        case contended
    }

    public var moments: Set<Moment> = []
    /// Source lines: a thread's arrival at one stops the run.
    public var lines: Set<Int32> = []
    /// Threads whose blocking (on anything but the GIL) stops the run.
    public var threads: Set<ThreadID> = []
    /// Locks whose contention stops the run.
    public var locks: Set<ObjectIndex> = []

    public init(moments: Set<Moment> = [], lines: Set<Int32> = []) {
        self.moments = moments
        self.lines = lines
    }

    public var isEmpty: Bool { moments.isEmpty && lines.isEmpty && threads.isEmpty && locks.isEmpty }

    /// Watches the selected thread (it blocks) or lock (it is contended), or stops watching it;
    /// returns whether it is watched now.
    mutating func toggle(_ selection: App.Selection) -> Bool {
        func flip<T: Hashable>(_ set: inout Set<T>, _ item: T) -> Bool {
            set.remove(item) == nil && set.insert(item).inserted
        }
        switch selection {
        case .thread(let t): return flip(&threads, ThreadID(t))
        case .lock(let l): return flip(&locks, ObjectIndex(l))
        }
    }

    /// The first event of `batch` that stops the run, and why, given each thread's line before
    /// the batch (a thread already at a watched line has not arrived at it again).
    public func firstHit(in batch: [Event], lines before: [Int32], names: EventNames) -> (index: Int, reason: String)? {
        var current = before
        for index in batch.indices {
            let event = batch[index]
            let t = Int(event.thread)
            var arrived = false
            if t >= 0 && event.line > 0 {
                while current.count <= t { current.append(0) }
                arrived = current[t] != event.line
                current[t] = event.line
            }
            if arrived && lines.contains(event.line) {
                return (index, "\(names.thread(event.thread)) reached line \(event.line)")
            }
            if let reason = reason(event, names: names) { return (index, reason) }
        }
        return nil
    }

    /// Why `event` stops the run, if it does (lines aside).
    private func reason(_ event: Event, names: EventNames) -> String? {
        switch event.kind {
        case .race where moments.contains(.race), .lostUpdate where moments.contains(.lostUpdate),
             .deadlock where moments.contains(.deadlock), .error where moments.contains(.error),
             .expectation(_, passed: false) where moments.contains(.expectation):
            return names.describe(event.kind)
        case .blocked(let target, let holder, _):
            if case .lock(let l) = target, holder >= 0, holder != event.thread,
               moments.contains(.contended) || locks.contains(l) {
                return "\(names.thread(event.thread)) waits for lock '\(names.lock(l))', held by \(names.thread(holder))"
            }
            // Waiting for the GIL is a thread's everyday lot, not a block worth stopping at.
            if case .gil = target { return nil }
            if threads.contains(event.thread) { return "\(names.thread(event.thread)) \(names.describe(event.kind))" }
            return nil
        default:
            return nil
        }
    }
}
