import InterleaveUI

/// The pane under the lanes: a row of tabs (the pane shown in brackets, so it reads without
/// colour too), then its lines.
struct PaneView: Widget {
    let app: App

    func draw(into grid: inout Grid, in area: Rect) {
        guard area.height > 0 else { return }
        let top = area.y
        var x = grid.put("─", x: area.x, y: top, role: .dim, limit: area.right)
        for candidate in app.panes {
            var title = candidate.title
            if candidate == .output && !app.summary.output.isEmpty { title += " (\(app.summary.output.count))" }
            if candidate == .events && app.following, let selected = app.selected { title += ": \(app.describe(selected)) only" }
            if candidate == .code && app.pane == .code { title = app.codeTitle }
            let shown = candidate == app.pane
            x = grid.put(shown ? "[\(title)]" : " \(title) ", x: x, y: top, role: shown ? .text : .dim,
                         attributes: shown ? .bold : [], limit: area.right)
            x = grid.put("─", x: x, y: top, role: .dim, limit: area.right)
        }
        grid.put(String(repeating: "─", count: max(0, area.right - x)), x: x, y: top, role: .dim, limit: area.right)
        for (offset, line) in app.paneLines(rows: area.height - 1, width: area.width).enumerated() {
            grid.put(line, x: area.x + 1, y: top + 1 + offset, limit: area.right)
        }
    }
}
