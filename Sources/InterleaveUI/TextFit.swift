/// Fitting text into columns: cutting it with `…`, and breaking it into lines.
public enum TextFit {
    /// `text` cut to `width` columns, with `…` where it was cut: at the end, or in the middle
    /// (`keepingEnd`), so names that differ only at the end stay apart.
    public static func fit(_ text: String, _ width: Int, keepingEnd: Bool = false) -> String {
        guard CharacterWidth.of(text) > width else { return text }
        let tail = keepingEnd ? String(text.suffix(max(0, (width - 1) / 2))) : ""
        var cut = ""
        for character in text {
            guard CharacterWidth.of(cut + String(character)) + CharacterWidth.of(tail) < width else { break }
            cut.append(character)
        }
        return cut + "…" + tail
    }

    /// `text` broken into lines of at most `width` columns, at spaces.
    public static func wrap(_ text: String, width: Int) -> [String] {
        wrap(text.split(separator: " ").map(String.init), separator: " ", width: width)
    }

    /// `items` laid out in lines of at most `width` columns, `separator` between them, never split.
    public static func wrap(_ items: [String], separator: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for item in items {
            if !line.isEmpty && CharacterWidth.of(line + separator + item) > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : separator) + item
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// `text` in lines of at most `width` columns: whole when it fits, else broken at spaces
    /// (its own runs of spaces kept), the lines after the first indented by `indent`.
    public static func wrap(_ text: String, width: Int, indent: Int) -> [String] {
        guard CharacterWidth.of(text) > width, width > indent + 10 else { return [TextFit.fit(text, width)] }
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line: String?
        var words = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            defer { if !word.isEmpty { words += 1 } }
            guard let current = line else {
                line = String(word)
                continue
            }
            let next = current + " " + word
            if words > 0 && !word.isEmpty && CharacterWidth.of(next) > width {
                lines.append(current)
                line = margin + word
            } else {
                line = next
            }
        }
        if let line { lines.append(line) }
        return lines.map { TextFit.fit($0, width) }
    }

    /// A table wider than `width` (its columns parted by two spaces or more, as text reports lay
    /// them out) as blocks that fit: the columns that fit beside its first column, then, under a
    /// blank line, the first column again with the next ones, and so on. A column wider than the
    /// room left beside the first is cut with `›`; so is every line when the first column alone
    /// takes the width.
    public static func wrapTable(_ lines: [String], width: Int) -> [String] {
        let rows = lines.map { Array($0) }
        let widest = rows.map(\.count).max() ?? 0
        guard widest > width, width > 0 else { return lines }
        func cut(_ line: String) -> String { line.count > width ? String(line.prefix(max(0, width - 1))) + "›" : line }
        /// Whether every row has a space at `column` (or has ended before it).
        func blank(_ column: Int) -> Bool { rows.allSatisfy { column >= $0.count || $0[column] == " " } }
        func gap(_ column: Int) -> Bool { blank(column) && blank(column + 1) }
        // The first column ends at the first gap after it began.
        guard let labelEnd = (1..<widest).first(where: { gap($0) }), labelEnd + 2 < width else { return lines.map(cut) }
        let room = width - labelEnd - 2
        var blocks: [[String]] = []
        var start = labelEnd
        while true {
            // The block starts where some row has text again.
            while start < widest && blank(start) { start += 1 }
            guard start < widest else { break }
            // It ends at the last gap that lets it fit, or with the rows; else after one column, cut.
            let end = ((start + 1)...min(widest, start + room)).reversed().first { $0 == widest || gap($0) }
                ?? ((start + 1)..<widest).first(where: { gap($0) }) ?? widest
            blocks.append(rows.map { row in
                var line = String(row.prefix(labelEnd)) + "  " + String(row.dropFirst(start).prefix(end - start))
                while line.last == " " { line.removeLast() }
                return cut(line)
            })
            start = end
        }
        return Array(blocks.joined(separator: [""]))
    }
}
