/// A scenario's text with its name and a line index, for locating and quoting diagnostics.
public struct SourceFile: Sendable {
    /// How diagnostics name the file (a path as the user gave it, or a catalogue name).
    public let name: String
    /// The text as UTF-8 bytes; the lexer reads these.
    public let bytes: [UInt8]
    /// Byte offset where each line starts (line 1 at index 0).
    let lineStarts: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The 1-based line and column (counted in characters) of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let prefix = bytes[lineStarts[low]..<offset]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return SourceLocation(line: low + 1, column: column)
    }

    /// How many lines it has (a final line break ends the last line rather than starting one).
    public var lineCount: Int { lineStarts.count - (bytes.last == UInt8(ascii: "\n") ? 1 : 0) }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1 && line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text of a byte range.
    public func text(_ span: Span) -> String {
        let start = max(0, min(span.start, bytes.count))
        let end = max(start, min(span.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// A 1-based line and column in a source file.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// A range of bytes in a source file: where a token or a piece of syntax is.
public struct Span: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }
    /// The span from the start of `self` to the end of `other`.
    func through(_ other: Span) -> Span { Span(start, max(end, other.end)) }
}
