/// A mistake found in a scenario, with where it is and what to do about it.
public struct Diagnostic: Sendable, Hashable {
    public var span: Span
    public var message: String
    /// What to do about it, shown on its own line (`hint: ...`).
    public var hint: String?
    /// Whether the report quotes the source line (not for a file that isn't text).
    public var quotesSource = true

    public init(at span: Span, _ message: String, hint: String? = nil) {
        self.span = span
        self.message = Diagnostic.shortened(message)
        self.hint = hint.map(Diagnostic.shortened)
    }

    /// The longest message or hint shown whole, in characters.
    static let longest = 300

    /// `text` with its middle left out when it is longer than ``longest`` (a name a megabyte long
    /// is quoted by its start and its end).
    static func shortened(_ text: String) -> String {
        guard text.utf8.count > longest, text.count > longest else { return text }
        let keep = (longest - 1) / 2
        return text.prefix(keep) + "…" + text.suffix(keep)
    }
}

extension Diagnostic {
    /// The diagnostic as a compiler prints it: `file:line:column: error: message`, the source
    /// line, a caret under the spot, and the hint.
    public func rendered(in file: SourceFile) -> String {
        let location = file.location(of: span.start)
        var lines = ["\(file.name):\(location.line):\(location.column): error: \(message)"]
        let source = Array(file.lineText(location.line))
        // A window of the line around the spot, so a very long line stays readable.
        let from = max(0, min(location.column - 1, source.count) - 100)
        let shown = source[from..<min(source.count, from + 200)]
        let marker = from > 0 ? "…" : ""
        if quotesSource && (!shown.allSatisfy(\.isWhitespace) || location.column > 1) {
            lines.append("    " + marker + shown.map(printable).joined())
            // Keep tabs under tabs so the caret lines up whatever the tab width.
            let lead = source[from..<min(source.count, max(from, location.column - 1))].map { $0 == "\t" ? "\t" : " " }.joined()
            let endLocation = file.location(of: span.end)
            let width = endLocation.line == location.line ? max(1, endLocation.column - location.column) : 1
            lines.append("    " + (marker.isEmpty ? "" : " ") + lead + "^" + String(repeating: "~", count: min(width, 80) - 1))
        }
        if let hint { lines.append("    hint: \(hint)") }
        return lines.joined(separator: "\n")
    }

    /// Control characters shown as `?` so a garbage line cannot move the cursor.
    private func printable(_ character: Character) -> String {
        if character == "\t" { return "\t" }
        if let ascii = character.asciiValue, ascii < 32 || ascii == 127 { return "?" }
        if character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "?" }
        return String(character)
    }
}
