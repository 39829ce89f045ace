import InterleaveCore
import InterleaveReports
import InterleaveUI

/// The keys (from the bindings) and what the glyphs mean, in a box in the middle of the area; in
/// two columns when one is too tall.
struct HelpOverlay: Widget {
    /// Whether there are holders' lanes (GILs, locks) to explain.
    let hasHolderLanes: Bool

    func draw(into grid: inout Grid, in area: Rect) {
        let keys = KeyBinding.all.map { $0.label.padding(6) + $0.help }
        let glyphs = ThreadActivity.all.filter { $0.glyph != " " }.map { "\($0.glyph) \($0.shortLabel)" }
            + EventMark.allCases.filter { $0 != .none }.map { "\($0.glyph) \($0.label)" }
            + (hasHolderLanes ? ["A in a GIL or lock lane: thread A holds it", "· free", "held A+2: A holds it, 2 wait"] : [])
        let columnWidth = (keys.map { CharacterWidth.of($0) }.max() ?? 20) + 2
        // One column of keys if it fits the area's height, else two.
        func layout(_ columns: Int) -> (perColumn: Int, width: Int, legend: [String], height: Int) {
            let perColumn = (keys.count + columns - 1) / columns
            let width = min(area.width - 2, columns * columnWidth + 3)
            let legend = TextFit.wrap(glyphs, separator: "  ", width: width - 4)
            return (perColumn, width, legend, perColumn + legend.count + 3)
        }
        let one = layout(1)
        let (perColumn, width, legend, fullHeight) = one.height <= area.height - 1 ? one : layout(2)
        // Below the header when it fits there; over it, on the whole screen, when that is what it takes.
        let height = min(area.height, fullHeight)
        let x = area.x + (area.width - width) / 2
        let y = area.y + (height >= area.height ? 0 : max(1, (area.height - height) / 2))
        grid.fill(x: x, y: y, width: width, height: height, with: Cell(" ", role: .text))
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y)
        for row in 1..<(height - 1) {
            grid.put("│", x: x, y: y + row)
            grid.put("│", x: x + width - 1, y: y + row)
        }
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1)
        grid.put(" Keys (any key closes) ", x: x + 2, y: y, attributes: .bold)
        for (index, line) in keys.enumerated() {
            grid.put(line, x: x + 2 + index / perColumn * columnWidth, y: y + 1 + index % perColumn, limit: x + width - 1)
        }
        // The glyphs under a rule that names them.
        let legendTop = y + 1 + perColumn
        grid.put("├" + String(repeating: "─", count: width - 2) + "┤", x: x, y: legendTop)
        grid.put(" Glyphs ", x: x + 2, y: legendTop, attributes: .bold)
        for (offset, line) in legend.enumerated() where legendTop + 1 + offset < y + height - 1 {
            grid.put(line, x: x + 2, y: legendTop + 1 + offset, limit: x + width - 1)
        }
    }
}

/// The banner: the line that matters most now, up to three lines, in its role's colour.
struct BannerLine: Widget {
    let lines: [String]
    let role: ColorRole

    func draw(into grid: inout Grid, in area: Rect) {
        for (offset, line) in lines.enumerated() where offset < area.height {
            let y = area.y + offset
            if role == .alarm || role == .warning {
                grid.fill(x: area.x, y: y, width: area.width, height: 1, with: Cell(" ", role: role))
            }
            grid.put(" " + line, x: area.x, y: y, role: role, attributes: .bold, limit: area.right)
        }
    }
}

/// Lines of styled text, one a row from the top of the area.
struct TextLines: Widget {
    let lines: [StyledText]

    func draw(into grid: inout Grid, in area: Rect) {
        for (offset, line) in lines.enumerated() where offset < area.height {
            grid.put(line, x: area.x, y: area.y + offset, limit: area.right)
        }
    }
}
