import InterleaveCore

/// The timeline as plain text: a time axis, one row of glyphs per thread, and a legend.
extension Timeline {
    /// Draws the timeline `width` characters wide (names take up to a quarter of it), naming and
    /// ending the threads as `world` has them.
    /// The most threads the text timeline draws a row for.
    public static let maxTextRows = 500

    public func text(width: Int, world: World) -> String {
        guard threadCount > 0 else { return "" }
        let names = (0..<threadCount).map { world.thread(ThreadID($0))?.name ?? "T\($0)" }
        let nameWidth = min(max(8, width / 4), names.map(\.count).max() ?? 0)
        let room = max(10, width - nameWidth - 3)
        let columnWidth = columnWidth(fitting: room)
        let columns = min(room, max(1, Int((end + columnWidth - 1) / columnWidth)))
        var lines: [String] = []
        lines.append(String(repeating: " ", count: nameWidth) + " " + axis(columns: columns, columnWidth: columnWidth))
        var seen = Set<Character>()
        // A run of thousands of threads shows its first rows and says how many more there are.
        let shown = min(threadCount, Timeline.maxTextRows)
        for thread in 0..<shown {
            var row = ""
            for activity in self.row(thread, columns: columns, width: columnWidth, world: world) {
                row.append(activity.glyph)
                seen.insert(activity.glyph)
            }
            lines.append(Timeline.fit(names[thread], nameWidth) + " |" + row + "|")
        }
        if threadCount > shown {
            lines.append(String(repeating: " ", count: nameWidth + 2) + "… and \(threadCount - shown) more threads")
        }
        let legend = ThreadActivity.legend(of: seen, marks: false)
        lines.append(String(repeating: " ", count: nameWidth + 2) + "one column = \(Timeline.compactTime(columnWidth))")
        lines.append(contentsOf: Timeline.wrap(legend, width: width, indent: nameWidth + 2))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Tick labels every ten or so columns, starting at 0.
    private func axis(columns: Int, columnWidth: VirtualTime) -> String {
        var axis = [Character](repeating: " ", count: columns + 2)
        axis[0] = "|"
        let step = Array(Timeline.compactTime(10 * columnWidth)).count < 9 ? 10 : 20
        var column = 0
        while column < columns {
            let label = Array(Timeline.compactTime(VirtualTime(column) * columnWidth))
            guard column + 1 + label.count <= columns + 1 else { break }
            for (offset, character) in label.enumerated() { axis[column + 1 + offset] = character }
            column += step
        }
        return String(axis)
    }

    /// An axis label: a time without trailing zeros.
    public static func axisLabel(_ t: VirtualTime) -> String { compactTime(t) }

    /// A time without trailing zeros: `0`, `250ms`, `1.5s`, `20us`.
    static func compactTime(_ t: VirtualTime) -> String {
        if t == 0 { return "0" }
        var text = formatTime(t)
        guard let dot = text.firstIndex(of: ".") else { return text }
        let unitStart = text.firstIndex { $0.isLetter } ?? text.endIndex
        var digits = String(text[text.index(after: dot)..<unitStart])
        while digits.hasSuffix("0") { digits.removeLast() }
        text = String(text[..<dot]) + (digits.isEmpty ? "" : "." + digits) + String(text[unitStart...])
        return text
    }

    static func fit(_ name: String, _ width: Int) -> String {
        if name.count <= width { return name + String(repeating: " ", count: width - name.count) }
        // Keep both ends: thread names often differ only in a number at the end.
        let tail = (width - 1) / 2
        return String(name.prefix(width - 1 - tail)) + "…" + String(name.suffix(tail))
    }

    static func wrap(_ items: [String], width: Int, indent: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for item in items {
            if !line.isEmpty && indent + line.count + 3 + item.count > width {
                lines.append(String(repeating: " ", count: indent) + line)
                line = ""
            }
            line += (line.isEmpty ? "" : "   ") + item
        }
        if !line.isEmpty { lines.append(String(repeating: " ", count: indent) + line) }
        return lines
    }
}
