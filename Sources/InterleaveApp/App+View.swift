import InterleaveCore
import InterleaveReports
import InterleaveUI

/// Drawing the app: the layout of the screen into rectangles, each drawn by its widget. The work
/// depends on the screen's size, not on the run's length.
extension App {
    /// The smallest screen the app draws on.
    public static let minimumSize = (width: 80, height: 24)

    public func view(into grid: inout Grid) {
        grid.clear()
        let screen = Rect(x: 0, y: 0, width: size.width, height: size.height)
        guard size.width >= App.minimumSize.width && size.height >= App.minimumSize.height else {
            let message = "Interleave needs a terminal of at least \(App.minimumSize.width)×\(App.minimumSize.height). "
                + "This one is \(size.width)×\(size.height): make it bigger, or press q to quit."
            TextLines(lines: TextFit.wrap(message, width: size.width).map { StyledText($0) }).draw(into: &grid, in: screen)
            return
        }
        let layout = self.layout
        HeaderBar(app: self).draw(into: &grid, in: layout.header)
        LaneArea(app: self).draw(into: &grid, in: layout.lanes)
        TextLines(lines: layout.objectLines).draw(into: &grid, in: layout.objects)
        for banner in layout.banners {
            BannerLine(lines: banner.lines, role: banner.role).draw(into: &grid, in: banner.area)
        }
        PaneView(app: self).draw(into: &grid, in: layout.pane)
        if let code = layout.code {
            // The code at the right of the pane, parted by a rule.
            grid.put("┬", x: code.x - 1, y: code.y, role: .dim)
            for row in (code.y + 1)..<code.bottom { grid.put("│", x: code.x - 1, y: row, role: .dim) }
            CodeView(app: self).draw(into: &grid, in: code)
        }
        StatusBar(input: input, notice: notice, playing: play == .playing && viewing == nil).draw(into: &grid, in: layout.status)
        if showingHelp { HelpOverlay(hasHolderLanes: !holderRows.isEmpty).draw(into: &grid, in: screen) }
    }

    /// Columns of the pane under the timeline: all of them, or what the code beside it leaves.
    public var paneWidth: Int {
        codeBeside ? size.width - min(100, size.width * 9 / 20) - 1 : size.width
    }
}

extension StringProtocol {
    func padding(_ width: Int) -> String {
        String(self) + String(repeating: " ", count: Swift.max(0, width - count))
    }
}
