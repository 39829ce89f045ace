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
        PaneView(app: self).draw(into: &grid, in: Rect(x: 0, y: paneTop, width: size.width, height: statusRow - paneTop))
        StatusBar(input: input, notice: notice, playing: play == .playing && viewing == nil).draw(into: &grid, in: screen.row(statusRow))
        if showingHelp { HelpOverlay(hasLocks: !world.locks.isEmpty).draw(into: &grid, in: screen) }
    }

    /// Rows of the pane under the timeline, its title included: a quarter of the screen, and up
    /// to half of it for the summary.
    var paneHeight: Int {
        let base = max(6, size.height / 4)
        guard pane == .summary else { return base }
        return max(base, min(summaryLines.count + 1, size.height / 2))
    }
}

extension StringProtocol {
    func padding(_ width: Int) -> String {
        String(self) + String(repeating: " ", count: Swift.max(0, width - count))
    }
}
