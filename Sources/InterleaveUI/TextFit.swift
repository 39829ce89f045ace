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
}
