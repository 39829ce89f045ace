/// The futures of `concurrent.futures` pools, as the stream tells of them.
extension World {
    /// One future: the pool it was submitted to, the worker running it, and what it returned once
    /// done. (The function it runs is in ``World/names``, which names the future by it.)
    public struct Future: Sendable, Hashable {
        public var pool: ObjectIndex
        /// The worker running it, or -1 while it waits in its pool's queue.
        public var worker: ThreadID = -1
        public var done = false
        public var value: EventValue = .none
    }

    /// Folds an event about a pool or a future.
    mutating func applyFuture(_ event: Event) {
        switch event.kind {
        case .futureSubmitted(let f, let pool, _):
            guard f >= 0 && f < 1 << 24 else { return }
            while futures.count <= Int(f) { futures.append(Future(pool: -1)) }
            futures[Int(f)] = Future(pool: pool)
        case .futureStarted(let f, _):
            if futures.indices.contains(Int(f)) { futures[Int(f)].worker = event.thread }
        case .futureDone(let f, let value):
            guard futures.indices.contains(Int(f)) else { return }
            futures[Int(f)].done = true
            futures[Int(f)].value = value
        default:
            return
        }
    }
}
