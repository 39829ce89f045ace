import InterleaveUI

/// The code: a title row that says whom it follows, then the source around that thread's line,
/// with each thread's letter where it is (see ``App/codeLines(rows:width:)``).
struct CodeView: Widget {
    let app: App

    func draw(into grid: inout Grid, in area: Rect) {
        guard area.height > 0 else { return }
        var x = grid.put("─", x: area.x, y: area.y, role: .dim, limit: area.right)
        x = grid.put("[\(app.codeTitle)]", x: x, y: area.y, role: .text, attributes: .bold, limit: area.right)
        grid.put(String(repeating: "─", count: max(0, area.right - x)), x: x, y: area.y, role: .dim, limit: area.right)
        for (offset, line) in app.codeLines(rows: area.height - 1, width: area.width - 1).enumerated() {
            grid.put(line, x: area.x + 1, y: area.y + 1 + offset, limit: area.right)
        }
    }
}
