import InterleaveCore
import InterleaveReports
import InterleaveUI

/// The lanes: an axis, one row per thread (its state over time, marks where things happened),
/// then one per lock (its holder over time).
extension App {
    /// Columns of the name, of the state beside it, and where the lanes start and how wide they are.
    public struct LaneGeometry {
        public var nameWidth: Int
        var stateWidth = 8
        public var left: Int { nameWidth + 1 + stateWidth + 1 }
        var room: Int
    }

    public var geometry: LaneGeometry {
        let tagWidth = world.locks.isEmpty ? 0 : 2
        let widest = (threadNames.map { CharacterWidth.of($0) + tagWidth }
            + names.program.locks.map { CharacterWidth.of($0.name) }).max() ?? 10
        var geometry = LaneGeometry(nameWidth: min(20, max(10, widest)), room: 0)
        geometry.room = max(10, size.width - geometry.left - 1)
        return geometry
    }

    /// The column width that shows the whole run.
    public var fitWidth: VirtualTime { Timeline.columnWidth(fitting: geometry.room, end: shownEnd) }

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

    /// The widest column (time axis) that shows marks: 1 µs.
    static let markedWidth: VirtualTime = 1_000

    /// The letter that stands for a thread in lock lanes (and before its name).
    static func tag(_ thread: ThreadID) -> Character {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return thread >= 0 && Int(thread) < letters.count ? letters[Int(thread)] : "*"
    }

    func drawLanes(_ grid: inout Grid, top: Int, bottom: Int) {
        let geometry = self.geometry
        let window = self.window
        drawAxis(&grid, row: top, geometry: geometry, window: window)
        // Rows: the threads, then the locks; when they don't all fit, a window of them that keeps
        // the selection in view, and a line saying how many more there are.
        let rows = max(0, bottom - top - 1)
        let threadCount = threadNames.count
        let total = threadCount + world.locks.count
        let shown = total > rows ? max(0, rows - 1) : total
        var first = 0
        switch selected {
        case .thread(let t)? where t >= shown: first = t - shown + 1
        case .lock(let l)? where threadCount + l >= shown: first = threadCount + l - shown + 1
        default: break
        }
        first = min(first, total - shown)
        let visible = first..<(first + shown)
        let threads = Array(visible.filter { $0 < threadCount })
        let threadCells = self.threadCells(threads, window: window)
        for (offset, thread) in threads.enumerated() {
            drawThreadRow(&grid, thread: thread, y: top + 1 + offset, geometry: geometry, cells: threadCells[offset])
        }
        for row in visible where row >= threadCount {
            drawLockRow(&grid, lock: row - threadCount, y: top + 1 + row - first, geometry: geometry, window: window)
        }
        if total > shown {
            grid.put("… rows \(first + 1)–\(first + shown) of \(total) (↑/↓ scrolls)", x: 0, y: top + 1 + shown, role: .dim)
        }
        drawCursor(&grid, top: top, geometry: geometry, window: window, rows: visible, threadCount: threadCount)
    }

    /// Where the event at the bottom of a scrolled-back log happened: `▼` on the axis, and its
    /// thread's cell in reverse video.
    private func drawCursor(_ grid: inout Grid, top: Int, geometry: LaneGeometry, window: Window, rows: Range<Int>,
                            threadCount: Int) {
        guard let cursor else { return }
        let position = window.axis == .time ? cursor.time : cursor.seq
        guard position >= window.origin && position < window.origin + window.span else { return }
        let x = geometry.left + Int((position - window.origin) / window.width)
        // A tick label under the mark goes, rather than be half overwritten.
        if grid[x, top].character != " " {
            var start = x
            while start > geometry.left && grid[start, top].character != "╵" && grid[start - 1, top].character != " " { start -= 1 }
            var end = x
            while end < grid.width && grid[end, top].character != " " { end += 1 }
            grid.fill(x: start, y: top, width: end - start, height: 1, with: Cell(" "))
        }
        grid[x, top] = Cell("▼", role: .highlight, attributes: .bold)
        let thread = Int(cursor.thread)
        if rows.contains(thread) && thread < threadCount {
            let y = top + 1 + thread - rows.lowerBound
            var cell = grid[x, y]
            cell.attributes.insert(.reverse)
            grid[x, y] = cell
        }
    }

    private func drawAxis(_ grid: inout Grid, row: Int, geometry: LaneGeometry, window: Window) {
        let left = geometry.left
        let unit: String
        switch window.axis {
        case .time: unit = "1 column = \(Timeline.axisLabel(window.width))"
        case .steps: unit = "1 column = 1 event"
        }
        let everything = window.origin == 0 && (window.axis == .time ? shownEnd < window.span
                                                                       : shownEventCount <= window.columns)
        grid.put(unit + (window.following || everything ? "" : " ◂▸"), x: 1, y: row, role: .dim, limit: left)
        // Ticks every ten columns, on round times or event numbers, within the run so far.
        let step = 10 * window.width
        var ticks: [UInt64] = []
        var at = (window.origin + step - 1) / step * step
        while at < window.origin + window.span && (window.axis == .time ? at <= shownEnd : at < UInt64(shownEventCount)) {
            ticks.append(at)
            at += step
        }
        let labels = App.tickLabels(ticks, axis: window.axis)
        var free = 0
        for (tick, label) in zip(ticks, labels) {
            let column = Int((tick - window.origin) / window.width)
            let text = "╵" + label
            guard column >= free, column + CharacterWidth.of(text) <= window.columns else { continue }
            grid.put(text, x: left + column, y: row, role: .dim)
            free = column + CharacterWidth.of(text)
        }
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

    /// Each visible thread's cells: a glyph and its role per column.
    private func threadCells(_ threads: [Int], window: Window) -> [[Cell]] {
        let notStarted = Int32(ThreadActivity.notStarted.index)
        func cell(_ activity: ThreadActivity) -> Cell { Cell(activity.glyph, role: App.role(activity)) }
        func activity(_ column: History.Column) -> ThreadActivity {
            column.value.map { ThreadActivity.byIndex[Int($0)] } ?? .notStarted
        }
        switch window.axis {
        case .time:
            // The column holding the run's last instant shows a thread blocked at the end as blocked, even
            // if it blocked at that very instant (a deadlock's last waiter).
            let end = shownEnd
            let last = end > window.origin && end - window.origin <= window.span
                ? Int((end - 1 - window.origin) / window.width) : nil
            // The bins hold the whole run: they serve only the live view.
            let binned = viewing == nil && window.width >= timeline.binWidth
            // Marks are points: drawn only where a column is short enough not to hide the state that fills it.
            let range = (threads.first ?? 0)..<((threads.last ?? -1) + 1)
            let marks = window.width <= App.markedWidth
                ? history.marks(threads: range, from: window.origin, width: window.width, count: window.columns, through: viewing)
                : []
            return threads.map { thread in
                var cells: [Cell]
                if binned {
                    cells = timeline.row(thread, from: window.origin, columns: window.columns, width: window.width,
                                         world: world).map(cell)
                } else {
                    let lane = thread < history.threads.count ? history.threads[thread] : []
                    cells = history.columns(of: lane, initial: notStarted, from: window.origin, width: window.width,
                                            count: window.columns, through: viewing).map { cell(activity($0)) }
                }
                if let last, last < cells.count, case .waiting = self.activity(thread) {
                    cells[last] = cell(self.activity(thread))
                }
                for (column, mark) in (marks.isEmpty ? [] : marks[thread - range.lowerBound]).enumerated()
                where mark != .none && cells[column].character != " " {
                    cells[column] = Cell(mark.glyph, role: cells[column].role, attributes: .bold)
                }
                return cells
            }
        case .steps:
            return threads.map { thread in
                let lane = thread < history.threads.count ? history.threads[thread] : []
                var cells = history.steps(of: lane, initial: notStarted, from: Int(window.origin), count: window.columns,
                                          through: viewing)
                    .map { cell(activity($0)) }
                // The thread that acted in each step: what it did, or its state in bold.
                for column in cells.indices {
                    guard let at = history.position(of: window.origin + UInt64(column)),
                          Int(history.actors[at]) == thread else { continue }
                    let mark = history.marks[at]
                    cells[column] = Cell(mark == .none ? cells[column].character : mark.glyph, role: cells[column].role,
                                         attributes: .bold)
                }
                return cells
            }
        }
    }

    private func drawThreadRow(_ grid: inout Grid, thread: Int, y: Int, geometry: LaneGeometry, cells: [Cell]) {
        let nameWidth = geometry.nameWidth
        let isSelected = selected == .thread(thread)
        let role: ColorRole = isSelected ? .selection : .text
        if isSelected { grid.fill(x: 0, y: y, width: nameWidth, height: 1, with: Cell(" ", role: .selection)) }
        let name = (world.locks.isEmpty ? "" : "\(App.tag(ThreadID(thread))) ") + threadNames[thread]
        grid.put(App.fit(name, nameWidth, keepingEnd: true), x: 0, y: y, role: role, limit: nameWidth)
        if let request = pendingChoice, let index = request.options.firstIndex(of: ThreadID(thread)) {
            // A candidate of the pending choice: its number where its state is.
            grid.put(" \(index + 1) ", x: nameWidth + 1, y: y, role: .candidate, attributes: .bold)
        } else {
            let current = self.activity(thread)
            grid.put(App.shortLabel(current), x: nameWidth + 1, y: y, role: App.role(current),
                     limit: nameWidth + 1 + geometry.stateWidth)
        }
        for (offset, cell) in cells.enumerated() { grid[geometry.left + offset, y] = cell }
    }

    /// A lock's lane: the letter of its holder over time (of the one who held it longest in the
    /// column), `·` where it was free throughout.
    private func drawLockRow(_ grid: inout Grid, lock: Int, y: Int, geometry: LaneGeometry, window: Window) {
        let isSelected = selected == .lock(lock)
        if isSelected { grid.fill(x: 0, y: y, width: geometry.nameWidth, height: 1, with: Cell(" ", role: .selection)) }
        grid.put(App.fit(names.program.locks[lock].name, geometry.nameWidth), x: 0, y: y, role: isSelected ? .selection : .text,
                 limit: geometry.nameWidth)
        let entry = world.locks[lock]
        var state = entry.holder >= 0 ? "held \(App.tag(entry.holder))" : "free"
        if !entry.waiters.isEmpty { state += "+\(entry.waiters.count)" }
        grid.put(state, x: geometry.nameWidth + 1, y: y, role: entry.holder < 0 ? .dim : .lockHeld,
                 limit: geometry.nameWidth + 1 + geometry.stateWidth)
        let lane = history.locks[lock]
        let columns = window.axis == .time
            ? history.columns(of: lane, initial: History.free, from: window.origin, width: window.width, count: window.columns,
                              background: History.free, through: viewing)
            : history.steps(of: lane, initial: History.free, from: Int(window.origin), count: window.columns, through: viewing)
        for (offset, column) in columns.enumerated() {
            guard let holder = column.value else { continue }
            grid[geometry.left + offset, y] = holder == History.free ? Cell("·", role: .dim)
                : Cell(App.tag(holder), role: .lockHeld, attributes: column.mixed ? [] : .bold)
        }
    }
}
