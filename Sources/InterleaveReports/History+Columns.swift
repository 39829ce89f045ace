import InterleaveCore

/// What lanes show over a window of columns, in virtual time or in steps.
extension History {
    /// One column of a lane.
    public struct Column: Sendable, Hashable {
        /// The value that filled most of the column (nil: after the run so far).
        public var value: Int32?
        /// Whether more than one value had time in the column (or it held too many changes to say).
        public var mixed: Bool
    }

    /// How many changes one column walks through before it settles for what it has seen.
    static let walkLimit = 24
    /// A column holding more events than this shows no marks (too many to tell apart).
    static let markLimit = 48

    /// The columns of `lane`, `width` nanoseconds each from `origin`; `initial` is its value
    /// before its first change. A column shows `background` (a lock's "free") only if nothing else
    /// had time in it.
    public func columns(of lane: [Change], initial: Int32, from origin: VirtualTime, width: VirtualTime,
                        count: Int, background: Int32? = nil, through last: Int? = nil) -> [Column] {
        // Seen from event `last`: the run ends at its time, and later changes don't count (nothing
        // to show for an event older than what is kept).
        if let last, UInt64(max(0, last)) < first || last < 0 { return Array(repeating: Column(value: nil, mixed: false), count: count) }
        let end = last.flatMap { time(of: UInt64($0)) }.map { $0 + 1 } ?? self.end
        // A slice, not a copy: drawing costs what is visible.
        let lane = last.map { lane[..<(History.lastIndex(in: lane[...], atOrBefore: UInt64($0), bySeq: true).map { $0 + 1 } ?? 0)] }
            ?? lane[...]
        return (0..<count).map { column in
            let start = origin + VirtualTime(column) * width
            guard start < end || (start == 0 && end == 0 && !lane.isEmpty) else { return Column(value: nil, mixed: false) }
            // Before the oldest event kept there is nothing to show.
            guard first == 0 || start + width > startTime else { return Column(value: nil, mixed: false) }
            let stop = min(start + width, max(end, start + 1))
            // The change in force at `start`, then the ones inside the column.
            var index = History.lastIndex(in: lane, atOrBefore: start, bySeq: false)
            var weights: [(value: Int32, time: VirtualTime)] = []
            var last = index.map { lane[$0].value } ?? initial
            var from = start
            var walked = 0
            var crowded = false
            while true {
                let next = (index.map { $0 + 1 } ?? 0)
                let until = next < lane.count ? min(stop, lane[next].time) : stop
                if until > from {
                    if let k = weights.firstIndex(where: { $0.value == last }) { weights[k].time += until - from }
                    else { weights.append((last, until - from)) }
                }
                guard next < lane.count && lane[next].time < stop else { break }
                walked += 1
                if walked > History.walkLimit { crowded = true; break }
                index = next
                last = lane[next].value
                from = max(from, lane[next].time)
            }
            let foreground = weights.filter { $0.value != background }
            let best = (foreground.isEmpty ? weights : foreground).max { $0.time < $1.time }
            return Column(value: best?.value ?? last, mixed: crowded || weights.count > 1)
        }
    }

    /// The columns of `lane` one event each, from event `start`: the value after each event
    /// (nothing for events not kept).
    public func steps(of lane: [Change], initial: Int32, from start: Int, count: Int, through last: Int? = nil) -> [Column] {
        let eventCount = last.map { min(self.eventCount, $0 + 1) } ?? self.eventCount
        // `next` is the first change not yet in force.
        var next = History.lastIndex(in: lane[...], atOrBefore: UInt64(max(0, start)), bySeq: true).map { $0 + 1 } ?? 0
        return (0..<count).map { column in
            let seq = UInt64(max(0, start + column))
            guard seq < UInt64(eventCount), seq >= first else { return Column(value: nil, mixed: false) }
            while next < lane.count && lane[next].seq <= seq { next += 1 }
            return Column(value: next == 0 ? initial : lane[next - 1].value, mixed: false)
        }
    }

    /// Per thread of `threads`, the mark of each column of `width` nanoseconds from `origin` in which that thread
    /// did one or two marked things: the more important of them (``EventMark/priority``).
    /// `.none` elsewhere, and in columns too crowded to mark.
    public func marks(threads: Range<Int>, from origin: VirtualTime, width: VirtualTime, count: Int, through last: Int? = nil)
        -> [[EventMark]] {
        let stop = last.map { $0 < 0 ? 0 : (position(of: UInt64($0)).map { $0 + 1 } ?? (UInt64($0) < first ? 0 : times.count)) }
            ?? times.count
        var result = Array(repeating: Array(repeating: EventMark.none, count: count), count: threads.count)
        var seen = Array(repeating: 0, count: threads.count)
        for column in 0..<count {
            let start = origin + VirtualTime(column) * width
            let low = History.firstIndex(in: times, atOrAfter: start)
            let high = min(stop, History.firstIndex(in: times, atOrAfter: start + width))
            guard low < high, high - low <= History.markLimit else { continue }
            for thread in seen.indices { seen[thread] = 0 }
            for event in low..<high where marks[event] != EventMark.none {
                guard threads.contains(Int(actors[event])) else { continue }
                let thread = Int(actors[event]) - threads.lowerBound
                seen[thread] += 1
                if marks[event].priority > result[thread][column].priority { result[thread][column] = marks[event] }
            }
            for thread in seen.indices where seen[thread] > 2 { result[thread][column] = .none }
        }
        return result
    }

    /// The value of `lane` just after event `seq` (`initial` before its first change).
    public func value(of lane: [Change], initial: Int32, after seq: UInt64) -> Int32 {
        History.lastIndex(in: lane[...], atOrBefore: seq, bySeq: true).map { lane[$0].value } ?? initial
    }

    /// The index of the last change at or before `key`, a sequence number or a time; nil if none.
    static func lastIndex(in lane: ArraySlice<Change>, atOrBefore key: UInt64, bySeq: Bool) -> Int? {
        var low = lane.startIndex, high = lane.endIndex
        while low < high {
            let middle = (low + high) / 2
            if (bySeq ? lane[middle].seq : lane[middle].time) <= key { low = middle + 1 } else { high = middle }
        }
        return low == lane.startIndex ? nil : low - 1
    }

    /// The index of the first time at or after `time` (`times.count` if none).
    static func firstIndex(in times: [VirtualTime], atOrAfter time: VirtualTime) -> Int {
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
