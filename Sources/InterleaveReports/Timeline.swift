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

    /// Per thread: `capacity × ThreadActivity.count` nanoseconds, column-major.
    private var time: [[VirtualTime]] = []
    /// How far each thread's bins are filled (what it did since is the world's current activity).
    private var charged: [VirtualTime] = []

    /// A timeline meant to be drawn at most `columns` wide.
    public init(columns: Int) {
        capacity = 4 * max(2, columns)
    }

    public var threadCount: Int { time.count }

    /// Folds `events` along with `summary`, whose world says what they change.
    public mutating func consume(_ events: some Sequence<Event>, summary: inout Summary) {
        for event in events {
            let change = summary.consume(event)
            consume(event, change: change, world: summary.world)
        }
    }

    /// Folds `event`, whose effect on threads' activities the world's fold says (`world` is as it
    /// is after the event).
    public mutating func consume(_ event: Event, change: World.Change, world: @autoclosure () -> World) {
        if change.thread >= 0 {
            let t = Int(change.thread)
            while time.count <= t {
                // A thread's bins are made as it is charged (the ones after are zero): a run of
                // many short-lived threads stays small, and widening touches only what is there.
                time.append([])
                charged.append(event.time)
            }
            charge(t, change.previous, from: max(charged[t], change.previousSince), to: event.time)
            charged[t] = max(charged[t], event.time)
        } else if case .finished = event.kind {
            fill(to: event.time, world: world())
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
    /// `thread`; blank (not started) for columns after the run so far. `world` says what the
    /// thread does now.
    public func row(_ thread: Int, from origin: VirtualTime = 0, columns: Int, width: VirtualTime,
                    world: World) -> [ThreadActivity] {
        let current = world.thread(ThreadID(thread))
        let n = ThreadActivity.count
        // Bins past those made for the thread are empty.
        let bins = thread < time.count ? min(capacity, time[thread].count / n) : 0
        var spent = [Double](repeating: 0, count: n)
        return (0..<columns).map { column in
            let start = origin + VirtualTime(column) * width
            let stop = start + width
            if start >= end && start > 0 { return .notStarted }
            for a in 0..<n { spent[a] = 0 }
            var bin = Int(start / binWidth)
            while bin < bins && VirtualTime(bin) * binWidth < stop {
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
            guard let current, start >= current.since else { return .notStarted }
            return current.activity
        }
    }

    /// Extends every thread's current activity to `time`, for a clock that moved without events
    /// (a live view running through a quiet stretch).
    public mutating func advance(to time: VirtualTime, world: World) {
        guard time > end else { return }
        fill(to: time, world: world)
        end = time
    }

    /// Charges each thread's current activity (the world's) up to `time`.
    private mutating func fill(to instant: VirtualTime, world: World) {
        for t in time.indices where t < world.threads.count {
            let thread = world.threads[t]
            charge(t, thread.activity, from: max(charged[t], thread.since), to: instant)
            charged[t] = max(charged[t], instant)
        }
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
            let needed = (column + 1) * ThreadActivity.count
            if time[t].count < needed { time[t].append(contentsOf: repeatElement(0, count: needed - time[t].count)) }
            time[t][column * ThreadActivity.count + what.index] += stop - start
            start = stop
        }
    }

    /// Doubles the time each bin covers, merging neighbours.
    private mutating func widen() {
        let n = ThreadActivity.count
        for t in time.indices where !time[t].isEmpty {
            let used = time[t].count / n
            let merged = (used + 1) / 2
            for bin in 0..<merged {
                for a in 0..<n {
                    let left = 2 * bin, right = 2 * bin + 1
                    var sum: VirtualTime = 0
                    if left < used { sum += time[t][left * n + a] }
                    if right < used { sum += time[t][right * n + a] }
                    time[t][bin * n + a] = sum
                }
            }
            time[t].removeLast((used - merged) * n)
        }
        binWidth *= 2
    }
}
