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
    /// blank line, the first column again with the next ones, and so on. A column wider than
    /// `width` on its own is cut with `›`.
    public static func wrapTable(_ lines: [String], width: Int) -> [String] {
        let rows = lines.map { Array($0) }
        let widest = rows.map(\.count).max() ?? 0
        guard widest > width, width > 0 else { return lines }
        /// Whether every row has spaces at `column` and the one after (or has ended there).
        func gap(_ column: Int) -> Bool {
            rows.allSatisfy { row in (column..<(column + 2)).allSatisfy { $0 >= row.count || row[$0] == " " } }
        }
        // The first column ends at the first gap after it began.
        guard let labelEnd = (1..<widest).first(where: { gap($0) }) else {
            return lines.map { $0.count > width ? String($0.prefix(width - 1)) + "›" : $0 }
        }
        var blocks: [[String]] = []
        var start = labelEnd
        while start < widest {
            let room = width - labelEnd
            // The last gap that lets the block fit; else one column, cut.
            let end = stride(from: min(widest, start + room), to: start, by: -1).first { $0 == widest || gap($0) }
                ?? (start + 1..<widest).first(where: { gap($0) }) ?? widest
            blocks.append(rows.map { row in
                var line = String(row.prefix(labelEnd)) + String(row.dropFirst(start).prefix(end - start))
                while line.last == " " { line.removeLast() }
                return line.count > width ? String(line.prefix(width - 1)) + "›" : line
            })
            // The next block starts at its first column's text, past the gap's spaces.
            start = end
            while start < widest && gap(start) { start += 1 }
            start = max(end, start - 2)
        }
        return Array(blocks.map { $0 }.joined(separator: [""]))
    }
}
