import InterleaveUI

/// Where each part of the screen goes: worked out once from the app's state, then read by the
/// drawing (``App/view(into:)``) and by the mouse (which part a click landed in), so the two never
/// disagree.
///
/// From the top: the header, the lanes (the axis, a row per thread, GIL and lock, the legend),
/// the contended locks and shared values, the banners, the pane (with the code beside it on a wide
/// screen), the status bar. The lanes take the rows their threads and locks need; the pane takes
/// the rest, and never less than its minimum (``App/paneMinimum``).
struct Layout {
    var header: Rect
    var lanes: Rect
    var objects: Rect
    var objectLines: [StyledText]
    var banners: [(area: Rect, lines: [String], role: ColorRole)]
    var pane: Rect
    /// The code beside the pane, on a wide screen.
    var code: Rect?
    var status: Rect
}

extension App {
    /// The screen's layout as the app stands now.
    var layout: Layout {
        let screen = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let statusRow = size.height - 1
        let wrapped = banners.map { (lines: Array(TextFit.wrap($0.text, width: size.width - 1).prefix(3)), role: $0.role) }
        let bannerHeight = max(1, wrapped.reduce(0) { $0 + $1.lines.count })
        let minimum = paneMinimum
        // The objects' lines fit in what the minimum pane leaves; then the pane grows into what
        // the lanes don't need.
        let objects = objectLines(maximum: max(0, (statusRow - minimum - bannerHeight - 3) / 3))
        let lanesNeed = 1 + laneRowsWanted + 1
        let spare = statusRow - 1 - lanesNeed - objects.count - bannerHeight
        let paneHeight = max(minimum, spare)
        let paneTop = statusRow - paneHeight
        let bannerTop = paneTop - bannerHeight
        let objectsTop = bannerTop - objects.count
        var bannerRow = bannerTop
        var banners: [(area: Rect, lines: [String], role: ColorRole)] = []
        for banner in wrapped {
            banners.append((Rect(x: 0, y: bannerRow, width: size.width, height: banner.lines.count), banner.lines, banner.role))
            bannerRow += banner.lines.count
        }
        let width = paneWidth
        return Layout(header: screen.row(0),
                      lanes: Rect(x: 0, y: 1, width: size.width, height: objectsTop - 1),
                      objects: Rect(x: 0, y: objectsTop, width: size.width, height: objects.count),
                      objectLines: objects,
                      banners: banners,
                      pane: Rect(x: 0, y: paneTop, width: width, height: paneHeight),
                      code: codeBeside ? Rect(x: width + 1, y: paneTop, width: size.width - width - 1, height: paneHeight) : nil,
                      status: screen.row(statusRow))
    }

    /// Rows of the lanes' threads, GIL and locks the layout keeps: as many as the run has made
    /// (not only those made by the event shown, so going back does not move the pane).
    var laneRowsWanted: Int {
        let world = run.live?.summary.world ?? self.world
        return world.threads.count + holderRows(of: world).count
    }

    /// The fewest rows the pane takes, its title included: a quarter of the screen, and up to half
    /// of it for the summary and the code tab.
    var paneMinimum: Int {
        var height = max(6, size.height / 4)
        if pane == .summary { height = max(height, min(summaryLines.count + 1, size.height / 2)) }
        if pane == .code { height = max(height, min(sourceLines.count + 1, size.height / 2)) }
        return height
    }

    /// Rows of the pane under the timeline, its title included.
    public var paneHeight: Int { layout.pane.height }
}
