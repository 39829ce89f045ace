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
        // From the bottom up: the status bar, the pane, the banner, the objects; the lanes take the rest.
        let statusRow = size.height - 1
        let paneTop = statusRow - paneHeight
        let banners = self.banners.map { (lines: Array(TextFit.wrap($0.text, width: size.width - 1).prefix(3)), role: $0.role) }
        let bannerHeight = banners.reduce(0) { $0 + $1.lines.count }
        let bannerTop = paneTop - max(1, bannerHeight)
        let objects = objectLines(maximum: max(0, (bannerTop - 3) / 3))
        let objectsTop = bannerTop - objects.count

        HeaderBar(app: self).draw(into: &grid, in: screen.row(0))
        LaneArea(app: self).draw(into: &grid, in: Rect(x: 0, y: 1, width: size.width, height: objectsTop - 1))
        TextLines(lines: objects).draw(into: &grid, in: Rect(x: 0, y: objectsTop, width: size.width, height: objects.count))
        var bannerRow = bannerTop
        for banner in banners {
            BannerLine(lines: banner.lines, role: banner.role)
                .draw(into: &grid, in: Rect(x: 0, y: bannerRow, width: size.width, height: banner.lines.count))
            bannerRow += banner.lines.count
        }
        let paneArea = Rect(x: 0, y: paneTop, width: size.width, height: statusRow - paneTop)
        if codeBeside {
            // The code at the right of the pane, parted by a rule.
            let codeWidth = size.width - paneWidth - 1
            PaneView(app: self).draw(into: &grid, in: Rect(x: 0, y: paneTop, width: paneWidth, height: paneArea.height))
            grid.put("┬", x: paneWidth, y: paneTop, role: .dim)
            for row in (paneTop + 1)..<statusRow { grid.put("│", x: paneWidth, y: row, role: .dim) }
            CodeView(app: self).draw(into: &grid, in: Rect(x: paneWidth + 1, y: paneTop, width: codeWidth, height: paneArea.height))
        } else {
            PaneView(app: self).draw(into: &grid, in: paneArea)
        }
        StatusBar(input: input, notice: notice, playing: play == .playing && viewing == nil).draw(into: &grid, in: screen.row(statusRow))
        if showingHelp { HelpOverlay(hasHolderLanes: !holderRows.isEmpty).draw(into: &grid, in: screen) }
    }

    /// Columns of the pane under the timeline: all of them, or what the code beside it leaves.
    public var paneWidth: Int {
        codeBeside ? size.width - min(100, size.width * 9 / 20) - 1 : size.width
    }

    /// Rows of the pane under the timeline, its title included: a quarter of the screen, and up
    /// to half of it for the summary and the code tab; with the code beside it, half of the
    /// screen as far as the lanes keep a row for each thread and lock (with the header, the axis,
    /// a banner and a few objects' lines).
    var paneHeight: Int {
        var height = max(6, size.height / 4)
        if pane == .summary { height = max(height, min(summaryLines.count + 1, size.height / 2)) }
        if pane == .code { height = max(height, min(sourceLines.count + 1, size.height / 2)) }
        if codeBeside {
            let room = size.height - 1 - (world.threads.count + holderRows.count + 2) - 6
            height = max(height, min(size.height / 2, room))
        }
        return height
    }
}

extension StringProtocol {
    func padding(_ width: Int) -> String {
        String(self) + String(repeating: " ", count: Swift.max(0, width - count))
    }
}
