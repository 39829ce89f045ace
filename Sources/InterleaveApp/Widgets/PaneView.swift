import InterleaveUI

/// The pane under the lanes: a row of tabs (the pane shown in brackets, so it reads without
/// colour too), then its lines.
struct PaneView: Widget {
    let app: App

    func draw(into grid: inout Grid, in area: Rect) {
        guard area.height > 0 else { return }
        let top = area.y
        var x = grid.put("─", x: area.x, y: top, role: .dim, limit: area.right)
        for tab in app.tabs(from: area.x + 1) {
            let shown = tab.pane == app.pane
            grid.put(tab.title, x: tab.columns.lowerBound, y: top, role: shown ? .text : .dim, attributes: shown ? .bold : [],
                     limit: area.right)
            x = grid.put("─", x: tab.columns.upperBound, y: top, role: .dim, limit: area.right)
        }
        grid.put(String(repeating: "─", count: max(0, area.right - x)), x: x, y: top, role: .dim, limit: area.right)
        for (offset, line) in app.paneLines(rows: area.height - 1, width: area.width).enumerated() {
            grid.put(line, x: area.x + 1, y: top + 1 + offset, limit: area.right)
        }
    }
}

extension App {
    /// The pane's tabs as its title row shows them, from column `x` on: each title (the pane
    /// shown in brackets) and the columns it takes, a rule's cell apart.
    func tabs(from x: Int) -> [(pane: Pane, title: String, columns: Range<Int>)] {
        var x = x
        return panes.map { candidate in
            var title = candidate.title
            if candidate == .output && !summary.output.isEmpty { title += " (\(summary.output.count))" }
            if candidate == .events && following, let selected { title += ": \(describe(selected)) only" }
            if candidate == .code && pane == .code { title = codeTitle }
            title = candidate == pane ? "[\(title)]" : " \(title) "
            let columns = x..<(x + CharacterWidth.of(title))
            x = columns.upperBound + 1
            return (candidate, title, columns)
        }
    }
}
