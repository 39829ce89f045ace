import InterleaveCore
import InterleaveReports
import InterleaveUI

/// The lanes: an axis, one row per thread (its state over time, marks where things happened),
/// then one per lock (its holder over time).
extension App {
    /// Columns of the name, of the state beside it, and where the lanes start and how wide they are.
    struct LaneGeometry {
        var nameWidth: Int
        var stateWidth = 8
        var left: Int { nameWidth + 1 + stateWidth + 1 }
        var room: Int
    }

    var geometry: LaneGeometry {
        let tagWidth = locks.entries.isEmpty ? 0 : 2
        let widest = (timeline.names.map { CharacterWidth.of($0) + tagWidth }
            + names.program.locks.map { CharacterWidth.of($0.name) }).max() ?? 10
        var geometry = LaneGeometry(nameWidth: min(20, max(10, widest)), room: 0)
        geometry.room = max(10, size.width - geometry.left - 1)
        return geometry
    }

    /// The column width that shows the whole run.
    public var fitWidth: VirtualTime { timeline.columnWidth(fitting: geometry.room) }

    /// The stretch of the run the lanes show now.
    public var window: Window {
        viewport.window(columns: geometry.room, end: timeline.end, events: history.eventCount, fit: fitWidth)
    }

    /// The letter that stands for a thread in lock lanes (and before its name).
    static func tag(_ thread: ThreadID) -> Character {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return thread >= 0 && Int(thread) < letters.count ? letters[Int(thread)] : "*"
    }

    func drawLanes(_ grid: inout Grid, top: Int, bottom: Int) {
        let geometry = self.geometry
        let window = self.window
        drawAxis(&grid, row: top, geometry: geometry, window: window)
        // Rows: every thread and lock if they fit; else locks take up to a third, and the
        // thread rows scroll to keep the selection in view.
        let rows = max(0, bottom - top - 1)
        let threadCount = timeline.names.count, lockCount = locks.entries.count
        let lockRows = threadCount + lockCount <= rows ? lockCount : min(lockCount, rows / 3)
        var threadRows = min(threadCount, rows - lockRows)
        let hidden = threadCount > threadRows
        if hidden { threadRows = max(0, threadRows - 1) }
        var firstThread = 0
        if case .thread(let t)? = selected, t >= threadRows { firstThread = t - threadRows + 1 }
        var firstLock = 0
        if case .lock(let l)? = selected, l >= lockRows { firstLock = l - lockRows + 1 }

        let visible = Array(firstThread..<(firstThread + threadRows))
        let threadCells = self.threadCells(visible, window: window)
        for (offset, thread) in visible.enumerated() {
            drawThreadRow(&grid, thread: thread, y: top + 1 + offset, geometry: geometry, cells: threadCells[offset])
        }
        var y = top + 1 + threadRows
        if hidden {
            grid.put("… \(threadCount - threadRows) more threads (↑/↓ scrolls)", x: 0, y: y, role: .dim)
            y += 1
        }
        for lock in firstLock..<(firstLock + lockRows) {
            drawLockRow(&grid, lock: lock, y: y, geometry: geometry, window: window)
            y += 1
        }
    }

    private func drawAxis(_ grid: inout Grid, row: Int, geometry: LaneGeometry, window: Window) {
        let left = geometry.left
        let unit: String
        switch window.axis {
        case .time: unit = "1 column = \(Timeline.axisLabel(window.width))"
        case .steps: unit = "1 column = 1 event"
        }
        grid.put(unit + (window.following ? "" : " ◂▸"), x: 1, y: row, role: .dim, limit: left)
        var column = 0
        while column < window.columns {
            let at = window.origin + UInt64(column) * window.width
            let inRun = window.axis == .time ? at <= timeline.end : at < UInt64(history.eventCount)
            guard inRun else { break }
            if at % (10 * window.width) == 0 {
                let label = "╵" + (window.axis == .time ? Timeline.axisLabel(at) : "#\(at)")
                if column + CharacterWidth.of(label) <= window.columns {
                    grid.put(label, x: left + column, y: row, role: .dim)
                    column += CharacterWidth.of(label)
                    continue
                }
            }
            column += 1
        }
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
            let binned = window.width >= timeline.binWidth
            let marks = history.marks(threads: (threads.last ?? -1) + 1, from: window.origin, width: window.width,
                                      count: window.columns)
            return threads.map { thread in
                var cells: [Cell]
                if binned {
                    cells = timeline.row(thread, from: window.origin, columns: window.columns, width: window.width).map(cell)
                } else {
                    let lane = thread < history.threads.count ? history.threads[thread] : []
                    cells = history.columns(of: lane, initial: notStarted, from: window.origin, width: window.width,
                                            count: window.columns).map { cell(activity($0)) }
                }
                for (column, mark) in marks[thread].enumerated() where mark != .none && cells[column].character != " " {
                    cells[column] = Cell(mark.glyph, role: cells[column].role, attributes: .bold)
                }
                return cells
            }
        case .steps:
            return threads.map { thread in
                let lane = thread < history.threads.count ? history.threads[thread] : []
                var cells = history.steps(of: lane, initial: notStarted, from: Int(window.origin), count: window.columns)
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
        let name = (locks.entries.isEmpty ? "" : "\(App.tag(ThreadID(thread))) ") + timeline.names[thread]
        grid.put(name, x: 0, y: y, role: role, limit: nameWidth)
        if let request = pendingChoice, let index = request.options.firstIndex(of: ThreadID(thread)) {
            // A candidate of the pending choice: its number where its state is.
            grid.put(" \(index + 1) ", x: nameWidth + 1, y: y, role: .candidate, attributes: .bold)
        } else {
            let current = timeline.current(thread)
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
        grid.put(names.program.locks[lock].name, x: 0, y: y, role: isSelected ? .selection : .text, limit: geometry.nameWidth)
        let entry = locks.entries[lock]
        var state = entry.holder.map { "held \(App.tag($0))" } ?? "free"
        if !entry.waiters.isEmpty { state += "+\(entry.waiters.count)" }
        grid.put(state, x: geometry.nameWidth + 1, y: y, role: entry.holder == nil ? .dim : .lockHeld,
                 limit: geometry.nameWidth + 1 + geometry.stateWidth)
        let lane = history.locks[lock]
        let columns = window.axis == .time
            ? history.columns(of: lane, initial: History.free, from: window.origin, width: window.width, count: window.columns,
                              background: History.free)
            : history.steps(of: lane, initial: History.free, from: Int(window.origin), count: window.columns)
        for (offset, column) in columns.enumerated() {
            guard let holder = column.value else { continue }
            grid[geometry.left + offset, y] = holder == History.free ? Cell("·", role: .dim)
                : Cell(App.tag(holder), role: .lockHeld, attributes: column.mixed ? [] : .bold)
        }
    }
}
