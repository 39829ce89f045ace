import InterleaveUI

/// What a click or the wheel does, by where on the screen it lands (read from ``Layout``, the
/// same one the screen was drawn from): as htop and btop users expect.
extension App {
    /// Lines the wheel scrolls the pane by, a notch at a time.
    static let wheelLines = 3

    /// - A click on a thread's or a lock's lane selects it (on the selected one, inspects it).
    /// - A click on a tab of the pane shows that tab; on an event in the log, the run as it was
    ///   just after it (as `g` to that event does).
    /// - A click on a candidate in the choice banner picks it.
    /// - The wheel over the lanes zooms the time axis; over the pane or the code, it scrolls the pane.
    /// - Any click closes the help, as a key does; the mouse does nothing while "go to" is typed.
    mutating func mouse(_ event: MouseEvent) -> [Command] {
        if input != nil { return [] }
        if showingHelp {
            if event.action == .press { showingHelp = false }
            return []
        }
        guard size.width >= App.minimumSize.width && size.height >= App.minimumSize.height else { return [] }
        let layout = self.layout
        let inPane = layout.pane.contains(event) || (layout.code?.contains(event) ?? false)
        switch event.action {
        case .wheelUp, .wheelDown:
            let up = event.action == .wheelUp
            if layout.lanes.contains(event) { return perform(up ? .zoomIn : .zoomOut) }
            if inPane { scrollPane(up: up, lines: App.wheelLines) }
            return []
        case .press:
            if layout.lanes.contains(event) {
                clickLane(row: event.y - layout.lanes.y - 1, lanes: layout.lanes)
            } else if event.y == layout.pane.y && layout.pane.contains(event) {
                if let tab = tabs(from: layout.pane.x + 1).first(where: { $0.columns.contains(event.x) }), tab.pane != pane {
                    showPane(tab.pane)
                }
            } else if pane == .events && layout.pane.contains(event) {
                // An event of the log: the run as it was just after it.
                let rows = eventRows(rows: layout.pane.height - 1, width: layout.pane.width)
                let row = event.y - layout.pane.y - 1
                if rows.indices.contains(row) { return show(event: Int(rows[row].event)) }
            } else if let banner = layout.banners.first(where: { $0.area.contains(event) }) {
                return clickBanner(banner.lines, at: event, in: banner.area)
            }
            return []
        }
    }

    /// Selects the lane at `row` of the lanes (0: the first under the axis); the selected one again
    /// opens the inspector on it.
    private mutating func clickLane(row: Int, lanes: Rect) {
        let (first, shown, _) = laneWindow(rows: max(0, lanes.height - 1))
        guard row >= 0 && row < shown else { return }
        let index = first + row
        let threadCount = world.threads.count
        let selection: Selection
        if index < threadCount {
            selection = .thread(index)
        } else if case .lock(let l) = holderRows[index - threadCount] {
            selection = .lock(l)
        } else {
            return
        }
        if selected == selection {
            _ = perform(.inspect)
        } else {
            selected = selection
        }
    }

    /// A click on the choice banner: on a candidate (`2 Adder-2`, even one the banner wraps over
    /// two lines), that candidate is picked (at a past choice, another future), as its number's
    /// key would.
    private mutating func clickBanner(_ lines: [String], at event: MouseEvent, in area: Rect) -> [Command] {
        guard let choice = keyedChoice else { return [] }
        // The banner's text as one line (a wrap took a space), and where each character is drawn:
        // its lines start one column in.
        var text: [Character] = []
        var cells: [(row: Int, columns: Range<Int>)?] = []
        for (row, line) in lines.enumerated() {
            if row > 0 {
                text.append(" ")
                cells.append(nil)
            }
            var column = area.x + 1
            for character in line {
                let width = CharacterWidth.of(String(character))
                text.append(character)
                cells.append((area.y + row, column..<(column + width)))
                column += width
            }
        }
        guard let clicked = cells.firstIndex(where: { $0.map { $0.row == event.y && $0.columns.contains(event.x) } ?? false })
        else { return [] }
        for (index, label) in candidateLabels(choice.options).enumerated() {
            let label = Array(label)
            var start = 0
            while start + label.count <= text.count {
                if Array(text[start..<(start + label.count)]) == label && (start..<(start + label.count)).contains(clicked) {
                    return choose(index)
                }
                start += 1
            }
        }
        return []
    }
}

extension Rect {
    /// Whether the mouse event's cell is inside the rectangle.
    func contains(_ event: MouseEvent) -> Bool {
        event.x >= x && event.x < right && event.y >= y && event.y < bottom
    }
}
