import InterleaveCore
import InterleaveReports
import InterleaveUI

/// What the lanes show: their geometry, the window of the run in view, and each thread's activity
/// as shown (now, or at the event stepped back to). ``LaneArea`` draws them.
extension App {
    /// Columns of the name, of the state beside it, and where the lanes start and how wide they are.
    public struct LaneGeometry {
        public var nameWidth: Int
        var stateWidth = 8
        public var left: Int { nameWidth + 1 + stateWidth + 1 }
        var room: Int
    }

    public var geometry: LaneGeometry {
        let tagWidth = lettered ? 2 : 0
        let widest = (threadNames.map { CharacterWidth.of($0) + tagWidth }
            + world.locks.indices.map { CharacterWidth.of(names.lock(ObjectIndex($0))) } + [world.gilHolders.count > 1 ? 17 : 3]).max() ?? 10
        // Names get a fifth of a wide screen (up to 40), so "Thread-1 (increment)" is read whole at 120 columns.
        let cap = max(20, min(40, size.width / 5))
        var geometry = LaneGeometry(nameWidth: min(cap, max(10, widest)), room: 0)
        geometry.room = max(10, size.width - geometry.left - 1)
        return geometry
    }

    /// The column width that shows the whole run, filling the lanes' width (rounded up to two
    /// significant digits: the run fills at least 90% of it).
    public var fitWidth: VirtualTime { Viewport.fitWidth(columns: geometry.room, end: shownEnd) }

    /// The stretch of the run the lanes show now.
    public var window: Window {
        viewport.window(columns: geometry.room, end: shownEnd, events: shownEventCount, fit: fitWidth)
    }

    /// The end of the run as shown: now, or the time of the event stepped back to.
    var shownEnd: VirtualTime { viewing == nil ? timeline.end : now }

    /// Events as shown: all so far, or those up to the one stepped back to.
    var shownEventCount: Int { viewing.map { $0 + 1 } ?? history.eventCount }

    /// A thread's activity as shown: now, or just after the event stepped back to.
    public func activity(_ thread: Int) -> ThreadActivity {
        // Now, or before what the lanes keep: the world (as of the event shown) knows.
        guard let viewing, UInt64(viewing) >= history.first else { return world.activity(of: ThreadID(thread)) }
        let lane = thread < history.threads.count ? history.threads[thread] : []
        let value = history.value(of: lane, initial: Int32(ThreadActivity.notStarted.index), after: UInt64(viewing))
        return ThreadActivity.byIndex[Int(value)]
    }

    /// Which of the lanes' rows (threads, then holders) show in `rows` rows: all of them, or a
    /// window of them that keeps the selection in view (and leaves a row to say so).
    func laneWindow(rows: Int) -> (first: Int, shown: Int, total: Int) {
        let threadCount = world.threads.count
        let holders = holderRows
        let total = threadCount + holders.count
        let shown = total > rows ? max(0, rows - 1) : total
        var first = 0
        switch selected {
        case .thread(let t)? where t >= shown: first = t - shown + 1
        case .lock(let l)?:
            if let index = holders.firstIndex(of: .lock(l)), threadCount + index >= shown { first = threadCount + index - shown + 1 }
        default: break
        }
        return (max(0, min(first, total - shown)), shown, total)
    }

    /// The widest column (time axis) that shows marks: 1 µs.
    static let markedWidth: VirtualTime = 1_000

    /// A row of the holders' lanes, under the threads'.
    enum HolderRow: Hashable {
        /// A process's GIL.
        case gil(Int)
        case lock(Int)
    }

    /// The holders' rows: each process's GIL (under a policy with one, once it was taken), then each lock.
    var holderRows: [HolderRow] { holderRows(of: world) }

    /// The holders' rows `world` has.
    func holderRows(of world: World) -> [HolderRow] {
        (config.policy.gil == .none ? [] : world.gilHolders.indices.map { HolderRow.gil($0) })
            + world.locks.indices.map { HolderRow.lock($0) }
    }

    /// Whether thread names carry their letters: when holders' lanes or the code show threads by them.
    var lettered: Bool { !holderRows.isEmpty || showsCode }

    /// The colour role of a thread's letter: the same wherever the letter stands.
    public static func tagRole(_ thread: ThreadID) -> ColorRole {
        thread >= 0 ? ColorRole.tags[Int(thread) % ColorRole.tags.count] : .text
    }

    /// The letter that stands for a thread in the GIL and lock lanes and the code (and before its name).
    static func tag(_ thread: ThreadID) -> Character {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return thread >= 0 && Int(thread) < letters.count ? letters[Int(thread)] : "*"
    }

    /// Labels for ticks: times or event numbers; zoomed in where round times would repeat, the
    /// first tick's time and then how far each tick is from it.
    public static func tickLabels(_ ticks: [UInt64], axis: Viewport.Axis) -> [String] {
        guard axis == .time else { return ticks.map { "#\($0)" } }
        let absolute = ticks.map { Timeline.axisLabel($0) }
        let repeats = zip(absolute, absolute.dropFirst()).contains { $0 == $1 }
        guard repeats, let first = ticks.first else { return absolute }
        let step = ticks.count > 1 ? ticks[1] - first : 1
        return [App.preciseTime(first, step: step)] + ticks.dropFirst().map { "+" + Timeline.axisLabel($0 - first) }
    }

    /// `time` with as many decimals as it takes to tell it from `time + step`: `4.93412ms`.
    static func preciseTime(_ time: VirtualTime, step: VirtualTime) -> String {
        let units: [(VirtualTime, String)] = [(1_000_000_000, "s"), (1_000_000, "ms"), (1_000, "us"), (1, "ns")]
        let (unit, name) = units.first { time >= $0.0 } ?? (1, "ns")
        var decimals = 0
        var resolution = unit
        while resolution > max(1, step) && decimals < 9 {
            resolution /= 10
            decimals += 1
        }
        let whole = time / unit
        var fraction = String(time % unit / max(1, resolution))
        fraction = String(repeating: "0", count: max(0, decimals - fraction.count)) + fraction
        return decimals == 0 ? "\(whole)\(name)" : "\(whole).\(fraction)\(name)"
    }
}
