import InterleaveCore

/// Each thread's activity over time, folded from the event stream into a fixed number of bins:
/// the time each bin covers doubles whenever the run outgrows them, so memory and the cost of
/// drawing stay the same however long the run is. Drawing resamples the bins into columns of a
/// round width (1, 1.5, 2, 2.5, 4 or 5 times a power of ten nanoseconds).
public struct Timeline: Sendable {
    /// How many bins the timeline keeps: four for each column it is meant to draw.
    public let capacity: Int
    /// Virtual nanoseconds one bin covers.
    public private(set) var binWidth: VirtualTime = 1
    /// Time covered so far.
    public private(set) var end: VirtualTime = 0
    public private(set) var names: [String] = []

    /// Per thread: `capacity × ThreadActivity.count` nanoseconds, column-major.
    private var time: [[VirtualTime]] = []
    private var activity: [ThreadActivity] = []
    private var since: [VirtualTime] = []

    /// A timeline meant to be drawn at most `columns` wide.
    public init(columns: Int) {
        capacity = 4 * max(2, columns)
    }

    public var threadCount: Int { names.count }

    public mutating func consume(_ events: some Sequence<Event>) {
        for event in events { consume(event) }
    }

    public mutating func consume(_ event: Event) {
        if case .threadCreated(let child, let name, _, _) = event.kind {
            while names.count <= Int(child) {
                names.append("")
                time.append([VirtualTime](repeating: 0, count: capacity * ThreadActivity.count))
                activity.append(.notStarted)
                since.append(event.time)
            }
            names[Int(child)] = name
        } else if let (thread, activity) = ThreadActivity.change(by: event) {
            move(Int(thread), to: activity, at: event.time)
        } else if case .finished = event.kind {
            for i in names.indices { move(i, to: activity[i], at: event.time) }
        }
        end = max(end, event.time)
    }

    /// The round column width (1, 1.5, 2, 2.5, 4 or 5 times a power of ten nanoseconds) that
    /// fits the run so far into at most `columns` columns.
    public func columnWidth(fitting columns: Int) -> VirtualTime {
        Timeline.columnWidth(fitting: columns, end: end)
    }

    /// The round column width that fits a run of `end` nanoseconds into at most `columns` columns.
    public static func columnWidth(fitting columns: Int, end: VirtualTime) -> VirtualTime {
        let needed = max(1, (end + VirtualTime(max(1, columns)) - 1) / VirtualTime(max(1, columns)))
        var scale: VirtualTime = 1
        while true {
            // Tenths of the scale, so 2.5 can be a step; ticks every ten columns stay round.
            for tenths: VirtualTime in [10, 15, 20, 25, 40, 50] where tenths * scale >= needed * 10 && tenths * scale % 10 == 0 {
                return tenths * scale / 10
            }
            if scale > VirtualTime.max / 100 { return needed }
            scale *= 10
        }
    }

    /// The activity filling most of each column of `width` nanoseconds from `origin`, for
    /// `thread`; blank (not started) for columns after the run so far.
    public func row(_ thread: Int, from origin: VirtualTime = 0, columns: Int, width: VirtualTime) -> [ThreadActivity] {
        let n = ThreadActivity.count
        return (0..<columns).map { column in
            let start = origin + VirtualTime(column) * width
            let stop = start + width
            if start >= end && start > 0 { return .notStarted }
            var spent = [Double](repeating: 0, count: n)
            var bin = Int(start / binWidth)
            while bin < capacity && VirtualTime(bin) * binWidth < stop {
                let binStart = VirtualTime(bin) * binWidth
                let overlap = min(stop, binStart + binWidth) - max(start, binStart)
                let share = Double(overlap) / Double(binWidth)
                for a in 0..<n { spent[a] += share * Double(time[thread][bin * n + a]) }
                bin += 1
            }
            var best: ThreadActivity?
            var most = 0.0
            for candidate in ThreadActivity.all where spent[candidate.index] > most {
                most = spent[candidate.index]
                best = candidate
            }
            if let best { return best }
            // Nothing recorded: before the thread existed, or after the last event.
            return start >= since[thread] ? activity[thread] : .notStarted
        }
    }

    /// Extends every thread's current activity to `time`, for a clock that moved without events
    /// (a live view running through a quiet stretch).
    public mutating func advance(to time: VirtualTime) {
        guard time > end else { return }
        for thread in names.indices { move(thread, to: activity[thread], at: time) }
        end = time
    }

    /// The thread's activity now.
    public func current(_ thread: Int) -> ThreadActivity { activity[thread] }

    private mutating func move(_ t: Int, to new: ThreadActivity, at now: VirtualTime) {
        guard t >= 0 && t < names.count else { return }
        charge(t, activity[t], from: since[t], to: now)
        activity[t] = new
        since[t] = now
    }

    /// Adds `[from, to)` spent in `what` to the bins it overlaps.
    private mutating func charge(_ t: Int, _ what: ThreadActivity, from: VirtualTime, to: VirtualTime) {
        guard to > from else { return }
        while to > VirtualTime(capacity) * binWidth { widen() }
        var start = from
        while start < to {
            let column = Int(start / binWidth)
            let columnEnd = VirtualTime(column + 1) * binWidth
            let stop = min(to, columnEnd)
            time[t][column * ThreadActivity.count + what.index] += stop - start
            start = stop
        }
    }

    /// Doubles the time each bin covers, merging neighbours.
    private mutating func widen() {
        let n = ThreadActivity.count
        for t in time.indices {
            for bin in 0..<capacity {
                for a in 0..<n {
                    let left = 2 * bin, right = 2 * bin + 1
                    var sum: VirtualTime = 0
                    if left < capacity { sum += time[t][left * n + a] }
                    if right < capacity { sum += time[t][right * n + a] }
                    time[t][bin * n + a] = sum
                }
            }
        }
        binWidth *= 2
    }
}
