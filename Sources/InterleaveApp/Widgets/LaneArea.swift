import InterleaveCore
import InterleaveReports
import InterleaveUI

/// The lanes: an axis, one row per thread (its state over time, marks where things happened),
/// then one per GIL and one per lock (its holder over time). When the rows don't all fit, a window of them that
/// keeps the selection in view, and a line saying how many more there are; when a row is left, a
/// legend of the glyphs the thread lanes show.
struct LaneArea: Widget {
    let app: App

    func draw(into grid: inout Grid, in area: Rect) {
        guard area.height > 0 else { return }
        let geometry = app.geometry
        let window = app.window
        TimeAxis(app: app, geometry: geometry, window: window).draw(into: &grid, in: area.row(0))
        let threadCount = app.world.threads.count
        let holders = app.holderRows
        let (first, shown, total) = app.laneWindow(rows: max(0, area.height - 1))
        let visible = first..<(first + shown)
        let threads = visible.filter { $0 < threadCount }
        let holderRows = visible.filter { $0 >= threadCount }.map { holders[$0 - threadCount] }
        let lanes = area.rows(from: 1, count: shown)
        ThreadLanes(app: app, threads: threads, geometry: geometry, window: window)
            .draw(into: &grid, in: lanes.rows(from: 0, count: threads.count))
        HolderLanes(app: app, rows: holderRows, geometry: geometry, window: window)
            .draw(into: &grid, in: lanes.rows(from: threads.count, count: holderRows.count))
        if total > shown {
            grid.put("… rows \(first + 1)–\(first + shown) of \(total) (↑/↓ scrolls)", x: area.x, y: area.y + 1 + shown, role: .dim,
                     limit: area.right)
        }
        let legendRow = area.y + 1 + shown + (total > shown ? 1 : 0)
        if legendRow < area.y + area.height {
            let legend = Self.legend(grid, rows: lanes.y..<(lanes.y + threads.count), columns: (area.x + geometry.left)..<area.right,
                                     observed: app.names.program.observed != nil)
            grid.put(TextFit.fit(legend, area.width), x: area.x, y: legendRow, role: .dim, limit: area.right)
        }
        drawCursor(&grid, in: area, geometry: geometry, window: window, rows: visible, threadCount: threadCount)
    }

    /// The glyphs drawn in `rows` and `columns` of the grid, each with what it means: the states
    /// first, then the marks, in the order the help lists them. In a real process (`observed`)
    /// running is Python code, and who holds the GIL meanwhile is not seen: the legend says so.
    static func legend(_ grid: Grid, rows: Range<Int>, columns: Range<Int>, observed: Bool = false) -> String {
        var seen: Set<Character> = []
        for y in rows {
            for x in columns where x < grid.width { seen.insert(grid[x, y].character) }
        }
        let running = "\(ThreadActivity.running.glyph) \(ThreadActivity.running.label)"
        return ThreadActivity.legend(of: seen)
            .map { observed && $0 == running ? running + " Python code (the GIL: not seen)" : $0 }
            .joined(separator: "  ")
    }

    /// Where the event at the bottom of a scrolled-back log happened: `▼` on the axis, and its
    /// thread's cell in reverse video.
    private func drawCursor(_ grid: inout Grid, in area: Rect, geometry: App.LaneGeometry, window: Window, rows: Range<Int>,
                            threadCount: Int) {
        guard let cursor = app.cursor else { return }
        let position = window.axis == .time ? cursor.time : cursor.seq
        guard position >= window.origin && position < window.origin + window.span else { return }
        let top = area.y
        let left = area.x + geometry.left
        let x = left + Int((position - window.origin) / window.width)
        // A tick label under the mark goes, rather than be half overwritten.
        if grid[x, top].character != " " {
            var start = x
            while start > left && grid[start, top].character != "╵" && grid[start - 1, top].character != " " { start -= 1 }
            var end = x
            while end < area.right && grid[end, top].character != " " { end += 1 }
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
}

/// The axis over the lanes: what a column stands for, and ticks on round times (ten columns or
/// more apart) or every ten event numbers, within the run so far.
struct TimeAxis: Widget {
    let app: App
    let geometry: App.LaneGeometry
    let window: Window

    func draw(into grid: inout Grid, in area: Rect) {
        let left = area.x + geometry.left
        let unit: String
        switch window.axis {
        case .time: unit = "1 column = \(Timeline.axisLabel(window.width))"
        case .steps: unit = "1 column = 1 event"
        }
        let shownEnd = app.shownEnd
        let everything = window.origin == 0 && (window.axis == .time ? shownEnd < window.span
                                                                       : app.shownEventCount <= window.columns)
        grid.put(unit + (window.following || everything ? "" : " ◂▸"), x: area.x + 1, y: area.y, role: .dim, limit: left)
        // On the steps axis a column is one event: a tick every ten.
        let step = Viewport.tickStep(width: window.width)
        var ticks: [UInt64] = []
        var at = (window.origin + step - 1) / step * step
        while at < window.origin + window.span && (window.axis == .time ? at <= shownEnd : at < UInt64(app.shownEventCount)) {
            ticks.append(at)
            at += step
        }
        let labels = App.tickLabels(ticks, axis: window.axis)
        var free = 0
        for (tick, label) in zip(ticks, labels) {
            let column = Int((tick - window.origin) / window.width)
            let text = "╵" + label
            guard column >= free, column + CharacterWidth.of(text) <= window.columns else { continue }
            grid.put(text, x: left + column, y: area.y, role: .dim, limit: area.right)
            free = column + CharacterWidth.of(text)
        }
    }
}
