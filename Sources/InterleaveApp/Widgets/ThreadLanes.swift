import InterleaveCore
import InterleaveReports
import InterleaveUI

/// The threads' lanes, one row each: the name (with its letter when there are locks), its state
/// now (or its number when it is a candidate of the choice waiting for you), and what it did over
/// the window, with marks where it did something worth seeing.
struct ThreadLanes: Widget {
    let app: App
    /// The threads shown, a row each from the top of the area.
    let threads: [Int]
    let geometry: App.LaneGeometry
    let window: Window

    func draw(into grid: inout Grid, in area: Rect) {
        let cells = self.cells()
        for (offset, thread) in threads.enumerated() where offset < area.height {
            drawRow(&grid, thread: thread, in: area.row(offset), cells: cells[offset])
        }
    }

    private func drawRow(_ grid: inout Grid, thread: Int, in row: Rect, cells: [Cell]) {
        let nameWidth = geometry.nameWidth
        let y = row.y
        let isSelected = app.selected == .thread(thread)
        let role: ColorRole = isSelected ? .selection : .text
        if isSelected { grid.fill(x: row.x, y: y, width: nameWidth, height: 1, with: Cell(" ", role: .selection)) }
        let name = (app.lettered ? "\(App.tag(ThreadID(thread))) " : "") + app.world.threads[thread].name
        grid.put(TextFit.fit(name, nameWidth, keepingEnd: true), x: row.x, y: y, role: role, limit: row.x + nameWidth)
        // The letter in its colour (the one it has in the lock and GIL lanes), unless the row is selected.
        if app.lettered && !isSelected { grid[row.x, y] = Cell(App.tag(ThreadID(thread)), role: App.tagRole(ThreadID(thread)), attributes: .bold) }
        if let request = app.pendingChoice, let index = request.options.firstIndex(of: ThreadID(thread)),
           let number = App.keyOrder(request.options).firstIndex(of: index) {
            // A candidate of the pending choice: its key's number where its state is.
            grid.put(" \(number + 1) ", x: row.x + nameWidth + 1, y: y, role: .candidate, attributes: .bold, limit: row.right)
        } else {
            let current = app.activity(thread)
            grid.put(current.shortLabel, x: row.x + nameWidth + 1, y: y, role: current.role,
                     limit: row.x + nameWidth + 1 + geometry.stateWidth)
        }
        for (offset, cell) in cells.enumerated() { grid[row.x + geometry.left + offset, y] = cell }
    }

    /// Each thread's cells: a glyph and its role per column.
    private func cells() -> [[Cell]] {
        let notStarted = Int32(ThreadActivity.notStarted.index)
        let history = app.history
        let viewing = app.viewing
        func cell(_ activity: ThreadActivity) -> Cell { Cell(activity.glyph, role: activity.role) }
        func activity(_ column: History.Column) -> ThreadActivity {
            column.value.map { ThreadActivity.byIndex[Int($0)] } ?? .notStarted
        }
        switch window.axis {
        case .time:
            // The column holding the run's last instant shows a thread blocked at the end as blocked, even
            // if it blocked at that very instant (a deadlock's last waiter).
            let end = app.shownEnd
            let last = end > window.origin && end - window.origin <= window.span
                ? Int((end - 1 - window.origin) / window.width) : nil
            // The bins hold the whole run: they serve only the live view.
            let binned = viewing == nil && window.width >= app.timeline.binWidth
            // Marks are points: drawn only where a column is short enough not to hide the state that fills it.
            let range = (threads.first ?? 0)..<((threads.last ?? -1) + 1)
            let marks = window.width <= App.markedWidth
                ? history.marks(threads: range, from: window.origin, width: window.width, count: window.columns, through: viewing)
                : []
            return threads.map { thread in
                var cells: [Cell]
                if binned {
                    cells = app.timeline.row(thread, from: window.origin, columns: window.columns, width: window.width,
                                             world: app.world).map(cell)
                } else {
                    let lane = thread < history.threads.count ? history.threads[thread] : []
                    cells = history.columns(of: lane, initial: notStarted, from: window.origin, width: window.width,
                                            count: window.columns, through: viewing).map { cell(activity($0)) }
                }
                if let last, last < cells.count, case .waiting = app.activity(thread) {
                    cells[last] = cell(app.activity(thread))
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
                    let seq = window.origin + UInt64(column)
                    // At a past event, nothing after it: that had not happened yet.
                    if let viewing, seq > UInt64(viewing) { break }
                    guard let at = history.position(of: seq), Int(history.actors[at]) == thread else { continue }
                    let mark = history.marks[at]
                    cells[column] = Cell(mark == .none ? cells[column].character : mark.glyph, role: cells[column].role,
                                         attributes: .bold)
                }
                return cells
            }
        }
    }
}

/// The holders' lanes, one row each: a GIL's or a lock's name, who holds it now (and how many
/// wait), and the letter of its holder over the window (the one who held it longest in a
/// column), `·` where it was free.
struct HolderLanes: Widget {
    let app: App
    /// The rows shown, from the top of the area.
    let rows: [App.HolderRow]
    let geometry: App.LaneGeometry
    let window: Window

    func draw(into grid: inout Grid, in area: Rect) {
        for (offset, row) in rows.enumerated() where offset < area.height { drawRow(&grid, row, in: area.row(offset)) }
    }

    private func drawRow(_ grid: inout Grid, _ holderRow: App.HolderRow, in row: Rect) {
        let y = row.y
        let history = app.history
        let name: String
        let holder: ThreadID
        let waiting: Int
        let lane: [History.Change]
        var isSelected = false
        switch holderRow {
        case .gil(let p):
            name = p == 0 ? "GIL" : "GIL (process \(p))"
            holder = app.world.gilHolders[p]
            waiting = app.world.threads.filter { $0.wait?.target == .gil(ProcessID(p)) }.count
            lane = p < history.gils.count ? history.gils[p] : []
        case .lock(let l):
            isSelected = app.selected == .lock(l)
            name = app.names.lock(ObjectIndex(l))
            holder = app.world.locks[l].holder
            waiting = app.world.locks[l].waiters.count
            lane = l < history.locks.count ? history.locks[l] : []
        }
        if isSelected { grid.fill(x: row.x, y: y, width: geometry.nameWidth, height: 1, with: Cell(" ", role: .selection)) }
        grid.put(TextFit.fit(name, geometry.nameWidth), x: row.x, y: y,
                 role: isSelected ? .selection : .text, limit: row.x + geometry.nameWidth)
        var state = holder >= 0 ? "held \(App.tag(holder))" : "free"
        if waiting > 0 { state += "+\(waiting)" }
        grid.put(state, x: row.x + geometry.nameWidth + 1, y: y, role: holder < 0 ? .dim : .lockHeld,
                 limit: row.x + geometry.nameWidth + 1 + geometry.stateWidth)
        let columns = window.axis == .time
            ? history.columns(of: lane, initial: History.free, from: window.origin, width: window.width, count: window.columns,
                              background: History.free, through: app.viewing)
            : history.steps(of: lane, initial: History.free, from: Int(window.origin), count: window.columns, through: app.viewing)
        for (offset, column) in columns.enumerated() {
            guard let holder = column.value else { continue }
            grid[row.x + geometry.left + offset, y] = holder == History.free ? Cell("·", role: .dim)
                : Cell(App.tag(holder), role: App.tagRole(holder), attributes: column.mixed ? [] : .bold)
        }
        if case .gil(let p) = holderRow {
            for column in dropRequests(process: p) { grid[row.x + geometry.left + column, y] = Cell("↓", role: .warning, attributes: .bold) }
        }
    }

    /// The columns where a thread of process `p` asked the GIL's holder to drop it, where marks are drawn (zoomed in).
    private func dropRequests(process p: Int) -> [Int] {
        let threads = app.world.threads
        let history = app.history
        switch window.axis {
        case .time:
            guard !threads.isEmpty, window.width <= App.markedWidth else { return [] }
            let marks = history.marks(threads: 0..<threads.count, from: window.origin, width: window.width,
                                      count: window.columns, through: app.viewing)
            return (0..<window.columns).filter { column in
                threads.indices.contains { threads[$0].process == ProcessID(p) && marks[$0][column] == .dropRequested }
            }
        case .steps:
            // A column per event: the ones that are requests by this process's threads (none after the event shown).
            return (0..<window.columns).filter { column in
                let seq = window.origin + UInt64(column)
                guard app.viewing.map({ seq <= UInt64($0) }) ?? true, let at = history.position(of: seq),
                      history.marks[at] == .dropRequested else { return false }
                return app.world.process(of: history.actors[at]) == ProcessID(p)
            }
        }
    }
}
