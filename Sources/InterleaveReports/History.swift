import InterleaveCore

/// An index over the whole run, for drawing any stretch of it at any zoom: every event's time,
/// actor and mark, each thread's activity and each lock's and GIL's holder as lists of changes.
///
/// Queries (``History+Columns``) use binary searches and walks of bounded length, so drawing a
/// window costs what is visible, however long the run has been. It keeps the latest `retained`
/// to `2 × retained` events (older ones are dropped in one go when it reaches twice that), so a
/// long run's memory stays bounded; the zoomed-out view of the whole run comes from ``Timeline``.
public struct History: Sendable {
    /// A lane's value from this event on, until its next change.
    public struct Change: Sendable, Hashable {
        public var seq: UInt64
        public var time: VirtualTime
        /// An activity's ``ThreadActivity/index`` (thread lanes), or the holder (GIL and lock lanes, -1 free).
        public var value: Int32
    }

    /// The sequence number of the oldest event kept.
    public private(set) var first: UInt64 = 0
    /// How many events a trim keeps.
    public let retained: Int
    /// Per event kept, from ``first`` on.
    public private(set) var times: [VirtualTime] = []
    public private(set) var actors: [ThreadID] = []
    public private(set) var marks: [EventMark] = []
    /// Per thread, its activity's changes.
    public private(set) var threads: [[Change]] = []
    /// Per lock, its holder's changes.
    public private(set) var locks: [[Change]]
    /// Per process, its GIL's holder's changes (as far as a GIL was taken).
    public private(set) var gils: [[Change]] = []
    /// Time covered so far.
    public private(set) var end: VirtualTime = 0

    /// The value a GIL's or lock's lane has while nobody holds it.
    public static let free: Int32 = -1

    public init(lockCount: Int, retained: Int = 2_000_000) {
        locks = Array(repeating: [], count: lockCount)
        self.retained = max(1, retained)
    }

    /// Events so far, the dropped ones included (the next sequence number).
    public var eventCount: Int { Int(first) + times.count }

    /// The time of the oldest event kept (before it, lanes show nothing).
    public var startTime: VirtualTime { times.first ?? 0 }

    /// The first event kept at or after `time` (the next sequence number if none).
    public func event(atOrAfter time: VirtualTime) -> UInt64 {
        first + UInt64(History.firstIndex(in: times, atOrAfter: time))
    }

    /// The time of event `seq`, if it is kept.
    public func time(of seq: UInt64) -> VirtualTime? {
        position(of: seq).map { times[$0] }
    }

    /// Where event `seq` is in the per-event arrays, if it is kept.
    public func position(of seq: UInt64) -> Int? {
        seq >= first && seq - first < UInt64(times.count) ? Int(seq - first) : nil
    }

    /// Indexes `event`, whose lane changes the world's fold says (``World/apply(_:)``).
    public mutating func consume(_ event: Event, change: World.Change) {
        times.append(event.time)
        actors.append(event.thread)
        marks.append(EventMark(event))
        end = max(end, event.time)
        if change.thread >= 0 {
            while threads.count <= Int(change.thread) { threads.append([]) }
            History.append(&threads[Int(change.thread)],
                           Change(seq: event.seq, time: event.time, value: Int32(change.activity.index)))
        }
        if change.lock >= 0 && change.lock < 1 << 24 {
            // Locks the program makes as it runs come after the declared ones.
            while locks.count <= Int(change.lock) { locks.append([]) }
            History.append(&locks[Int(change.lock)], Change(seq: event.seq, time: event.time, value: change.holder))
        }
        if change.gil >= 0 {
            while gils.count <= Int(change.gil) { gils.append([]) }
            History.append(&gils[Int(change.gil)], Change(seq: event.seq, time: event.time, value: change.holder))
        }
        if times.count >= 2 * retained { trim() }
    }

    /// Drops all but the latest `retained` events; each lane keeps the change in force at the
    /// new oldest event.
    private mutating func trim() {
        let drop = times.count - retained
        times.removeFirst(drop)
        actors.removeFirst(drop)
        marks.removeFirst(drop)
        first += UInt64(drop)
        func trimmed(_ lane: inout [Change]) {
            guard let inForce = History.lastIndex(in: lane[...], atOrBefore: first, bySeq: true), inForce > 0 else { return }
            lane.removeFirst(inForce)
        }
        for i in threads.indices { trimmed(&threads[i]) }
        for i in locks.indices { trimmed(&locks[i]) }
        for i in gils.indices { trimmed(&gils[i]) }
    }

    /// Extends the run to `time` (a clock that moved without events).
    public mutating func advance(to time: VirtualTime) {
        end = max(end, time)
    }

    private static func append(_ lane: inout [Change], _ change: Change) {
        if lane.last?.value == change.value { return }
        lane.append(change)
    }
}
