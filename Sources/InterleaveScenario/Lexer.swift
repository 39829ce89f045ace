/// Turns a scenario's bytes into tokens, with Python's rules for indentation and brackets.
///
/// Indentation opens and closes blocks (`indent` and `dedent` tokens). Inside brackets, line
/// breaks and indentation don't count. Blank lines and comments produce nothing. Every problem
/// becomes a diagnostic and lexing goes on, except for bytes that are not UTF-8 text and
/// nesting deeper than ``maxDepth``, which end it.
struct Lexer {
    /// The deepest nesting of blocks or of brackets accepted.
    static let maxDepth = 100

    let bytes: [UInt8]
    var pos = 0
    var tokens: [Token] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// The indentation of each open block, outermost first (as the bytes written).
    private var indents: [[UInt8]] = [[]]
    /// Indentations that matched no block, and the block each was read as (reported once each).
    private var aliases: [[UInt8]: [UInt8]] = [:]
    /// Open brackets and where they are.
    private var brackets: [(symbol: Symbol, offset: Int)] = []
    private var atLineStart = true
    /// Set when lexing stopped early (not text, or nested too deep): later errors would be noise.
    private(set) var stopped = false
    /// Python's rules rather than the scenario dialect's: floats and no durations, only `f`
    /// strings have holes (with format specs), triple quotes, and the dialect's words are names.
    let python: Bool

    init(bytes: [UInt8], python: Bool = false) {
        self.bytes = bytes
        self.python = python
    }

    /// Lexes everything; `tokens` ends with `newline`s, `dedent`s and `end`.
    static func tokenize(_ bytes: [UInt8], python: Bool = false) -> (tokens: [Token], diagnostics: [Diagnostic], stopped: Bool) {
        var lexer = Lexer(bytes: bytes, python: python)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics, lexer.stopped)
    }

    private mutating func run() {
        if let bad = Lexer.firstNonText(bytes) {
            let message = bad.byte == 0
                ? "the file contains a NUL byte at offset \(bad.offset); it looks like a binary file, not a scenario"
                : "the file is not UTF-8 text: byte 0x\(Lexer.hex(bad.byte)) at offset \(bad.offset) is invalid"
            var diagnostic = Diagnostic(at: Span(bad.offset, bad.offset + 1), message,
                                        hint: "scenario files are UTF-8 text; save it as UTF-8 or check that you opened the right file")
            diagnostic.quotesSource = false
            diagnostics.append(diagnostic)
            stopped = true
            finish()
            return
        }
        while pos < bytes.count {
            if atLineStart && brackets.isEmpty {
                if !lineStart() { break }
                continue
            }
            let byte = bytes[pos]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C:
                pos += 1
            case UInt8(ascii: "\n"):
                if brackets.isEmpty {
                    endLine(at: pos)
                    atLineStart = true
                }
                pos += 1
            case UInt8(ascii: "#"):
                while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "\\"):
                var next = pos + 1
                if next < bytes.count && bytes[next] == UInt8(ascii: "\r") { next += 1 }
                if next < bytes.count && bytes[next] == UInt8(ascii: "\n") {
                    pos = next + 1
                } else {
                    error(at: Span(pos, pos + 1), "a backslash continues a line only at the very end of it")
                    pos += 1
                }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                number()
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if python { pythonString(start: pos, prefix: "") } else { string(start: pos) }
            default:
                if Lexer.isNameStart(byte) {
                    name()
                } else if byte >= 0x80 {
                    let (scalar, length) = scalarAt(pos)
                    if scalar.properties.isAlphabetic {
                        name()
                    } else {
                        error(at: Span(pos, pos + length), "unexpected character '\(scalar)'",
                              hint: scalar == "\u{201C}" || scalar == "\u{201D}" ? "use straight quotes \" for text" : nil)
                        pos += length
                    }
                } else if !symbol() {
                    let shown = byte < 32 || byte == 127 ? "character 0x\(String(byte, radix: 16))" : "character '\(Character(UnicodeScalar(byte)))'"
                    error(at: Span(pos, pos + 1), "unexpected \(shown)",
                          hint: byte == UInt8(ascii: "!") ? "write 'not x' for negation" : nil)
                    pos += 1
                }
            }
        }
        finish()
    }

    // MARK: Lines and indentation

    /// Reads the indentation of a new line. Blank and comment-only lines are skipped. Returns
    /// false when lexing must stop.
    private mutating func lineStart() -> Bool {
        let start = pos
        while pos < bytes.count && (bytes[pos] == UInt8(ascii: " ") || bytes[pos] == UInt8(ascii: "\t") || bytes[pos] == 0x0C) {
            pos += 1
        }
        if pos >= bytes.count { return true }
        switch bytes[pos] {
        case UInt8(ascii: "\n"):
            pos += 1
            return true
        case UInt8(ascii: "\r") where pos + 1 >= bytes.count || bytes[pos + 1] == UInt8(ascii: "\n"):
            pos += min(2, bytes.count - pos)
            return true
        case UInt8(ascii: "#"):
            while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            return true
        default:
            break
        }
        atLineStart = false
        var indent = Array(bytes[start..<pos].filter { $0 != 0x0C })
        if let alias = aliases[indent] { indent = alias }
        let top = indents[indents.count - 1]
        let here = Span(pos, pos + 1)
        if indent == top { return true }
        if indent.count > top.count && indent.starts(with: top) {
            guard indents.count <= Lexer.maxDepth else {
                error(at: here, "blocks are nested more than \(Lexer.maxDepth) deep",
                      hint: "split the deepest part into a function")
                stopped = true
                return false
            }
            indents.append(indent)
            tokens.append(Token(kind: .indent, span: here))
            return true
        }
        if indent.count < top.count && top.starts(with: indent) {
            let open = indents
            while indents.count > 1 && indents[indents.count - 1].count > indent.count {
                indents.removeLast()
                tokens.append(Token(kind: .dedent, span: here))
            }
            let outer = indents[indents.count - 1]
            if outer != indent {
                let columns = open.map { String(Lexer.width($0) + 1) }
                error(at: Span(start, pos), "this line's indentation matches no enclosing block",
                      hint: "indent it to column \(columns.reversed().joined(separator: " or "))")
                aliases[indent] = outer
            }
            return true
        }
        error(at: Span(start, pos), "inconsistent use of tabs and spaces in indentation",
              hint: "indent with spaces only, 4 per level")
        aliases[indent] = top
        return true
    }

    /// Ends a logical line if it had any tokens.
    private mutating func endLine(at offset: Int) {
        if let last = tokens.last, last.kind != .newline, last.kind != .indent, last.kind != .dedent {
            tokens.append(Token(kind: .newline, span: Span(offset, offset)))
        }
    }

    private mutating func finish() {
        for open in brackets.prefix(1) {
            error(at: Span(open.offset, open.offset + 1), "'\(open.symbol.rawValue)' is never closed",
                  hint: "add the matching '\(Lexer.closer(of: open.symbol).rawValue)'")
        }
        brackets.removeAll()
        let end = bytes.count
        endLine(at: end)
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, span: Span(end, end)))
        }
        tokens.append(Token(kind: .end, span: Span(end, end)))
    }

    /// Columns taken by an indentation, a tab reaching the next multiple of 8.
    static func width(_ indent: [UInt8]) -> Int {
        indent.reduce(0) { $1 == UInt8(ascii: "\t") ? ($0 / 8 + 1) * 8 : $0 + 1 }
    }

    // MARK: Names and numbers

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private mutating func name() {
        let start = pos
        while pos < bytes.count {
            if Lexer.isNameByte(bytes[pos]) {
                pos += 1
            } else if bytes[pos] >= 0x80 {
                let (scalar, length) = scalarAt(pos)
                guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil else { break }
                pos += length
            } else {
                break
            }
        }
        if python {
            if pos - start <= 2, pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") || bytes[pos] == UInt8(ascii: "'"),
               bytes[start..<pos].allSatisfy({ "fFrRbBuU".utf8.contains($0) }) {
                pythonString(start: start, prefix: String(decoding: bytes[start..<pos], as: UTF8.self).lowercased())
                return
            }
            let keyword = Keyword.named(bytes[start..<pos]).flatMap { $0.isPython ? $0 : nil }
            let kind: TokenKind = keyword.map { .keyword($0) } ?? .name(String(decoding: bytes[start..<pos], as: UTF8.self))
            tokens.append(Token(kind: kind, span: Span(start, pos)))
            return
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        // f"..." is a string: every string may hold {holes}.
        if (text == "f" || text == "F") && pos < bytes.count && (bytes[pos] == UInt8(ascii: "\"") || bytes[pos] == UInt8(ascii: "'")) {
            string(start: start)
            return
        }
        let kind: TokenKind = Keyword.named(bytes[start..<pos]).flatMap { $0.isDialect ? .keyword($0) : nil } ?? .name(text)
        tokens.append(Token(kind: kind, span: Span(start, pos)))
    }

    private mutating func number() {
        if python { return pythonNumber() }
        let start = pos
        var digits: [UInt8] = []
        var fraction: [UInt8] = []
        while pos < bytes.count && (bytes[pos].isDigit || bytes[pos] == UInt8(ascii: "_")) {
            if bytes[pos] != UInt8(ascii: "_") { digits.append(bytes[pos]) }
            pos += 1
        }
        if pos + 1 < bytes.count && bytes[pos] == UInt8(ascii: ".") && bytes[pos + 1].isDigit {
            pos += 1
            while pos < bytes.count && (bytes[pos].isDigit || bytes[pos] == UInt8(ascii: "_")) {
                if bytes[pos] != UInt8(ascii: "_") { fraction.append(bytes[pos]) }
                pos += 1
            }
        }
        let suffixStart = pos
        while pos < bytes.count && (Lexer.isNameByte(bytes[pos]) || bytes[pos] == 0xC2 || bytes[pos] == 0xB5) { pos += 1 }
        let suffix = String(decoding: bytes[suffixStart..<pos], as: UTF8.self)
        let span = Span(start, pos)
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        let scales: [String: Int64] = ["ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 1_000_000_000]
        guard suffix.isEmpty || scales[suffix] != nil else {
            error(at: span, "'\(text)' is not a number or a duration",
                  hint: "a duration is a number with a unit: ns, us, ms or s (for example 200ms)")
            tokens.append(Token(kind: .integer(0), span: span))
            return
        }
        let scale = scales[suffix] ?? 1
        var value: Int64 = 0
        var overflow = false
        for digit in digits {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            overflow = overflow || o1 || o2
            value = plus
        }
        var total: Int64 = 0
        if !overflow {
            let (scaled, o) = value.multipliedReportingOverflow(by: scale)
            overflow = o
            total = scaled
        }
        if !fraction.isEmpty && !overflow {
            if suffix.isEmpty {
                error(at: span, "'\(text)' has a fraction, but numbers here are whole",
                      hint: "only durations can have a fraction, like 0.5s; numbers are 64-bit integers")
                tokens.append(Token(kind: .integer(0), span: span))
                return
            }
            var numerator: Int64 = 0
            var denominator: Int64 = 1
            for digit in fraction.prefix(18) {
                numerator = numerator * 10 + Int64(digit - UInt8(ascii: "0"))
                denominator *= 10
            }
            let (part, o) = numerator.multipliedReportingOverflow(by: scale)
            if o || part % denominator != 0 || fraction.count > 18 {
                error(at: span, "'\(text)' is not a whole number of nanoseconds",
                      hint: "use a smaller unit, for example 1500us instead of 1.5ms")
                tokens.append(Token(kind: .duration(0), span: span))
                return
            }
            let (sum, o2) = total.addingReportingOverflow(part / denominator)
            overflow = o2
            total = sum
        }
        if overflow && suffix.isEmpty && fraction.isEmpty && digits.drop(while: { $0 == UInt8(ascii: "0") }).elementsEqual(Array("9223372036854775808".utf8)) {
            // Only valid negated (the smallest integer); the parser decides.
            tokens.append(Token(kind: .integer(.min), span: span))
            return
        }
        if overflow {
            error(at: span, suffix.isEmpty ? "the number \(text) is too big for 64 bits" : "the duration \(text) is too long",
                  hint: suffix.isEmpty ? "numbers go up to 9223372036854775807" : "durations go up to about 292 years (9223372036854775807ns)")
            total = 0
        }
        tokens.append(Token(kind: suffix.isEmpty ? .integer(total) : .duration(total), span: span))
    }

    // MARK: Strings

    /// Reads a string literal starting at `start` (an `f` prefix, if any, is at `start`).
    private mutating func string(start: Int) {
        if bytes[pos] != UInt8(ascii: "\"") && bytes[pos] != UInt8(ascii: "'") { pos += 1 }
        let quote = bytes[pos]
        pos += 1
        var pieces: [StringPiece] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { pieces.append(.text(String(decoding: literal, as: UTF8.self))) }
            literal.removeAll()
        }
        while true {
            guard pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") else {
                error(at: Span(start, pos), "this text is never closed",
                      hint: "end it with \(Character(UnicodeScalar(quote))) on the same line")
                break
            }
            let byte = bytes[pos]
            if byte == quote {
                pos += 1
                break
            }
            switch byte {
            case UInt8(ascii: "\\") where pos + 1 < bytes.count && bytes[pos + 1] != UInt8(ascii: "\n"):
                let escaped = bytes[pos + 1]
                switch escaped {
                case UInt8(ascii: "n"): literal.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): literal.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): literal.append(escaped)
                default: literal.append(contentsOf: [byte, escaped])
                }
                pos += 2
            case UInt8(ascii: "{"):
                if pos + 1 < bytes.count && bytes[pos + 1] == UInt8(ascii: "{") {
                    literal.append(byte)
                    pos += 2
                    continue
                }
                var close = pos + 1
                while close < bytes.count && bytes[close] != UInt8(ascii: "}") && bytes[close] != quote
                    && bytes[close] != UInt8(ascii: "\n") {
                    close += 1
                }
                guard close < bytes.count && bytes[close] == UInt8(ascii: "}") else {
                    error(at: Span(pos, pos + 1), "'{' in this text is never closed",
                          hint: "write {name} to print a value, or {{ for a brace")
                    pos += 1
                    continue
                }
                flush()
                pieces.append(.hole(String(decoding: bytes[(pos + 1)..<close], as: UTF8.self), offset: pos + 1))
                pos = close + 1
            case UInt8(ascii: "}"):
                if pos + 1 < bytes.count && bytes[pos + 1] == UInt8(ascii: "}") {
                    literal.append(byte)
                    pos += 2
                } else {
                    error(at: Span(pos, pos + 1), "a single '}' in text", hint: "write }} for a brace")
                    pos += 1
                }
            default:
                literal.append(byte)
                pos += 1
            }
        }
        flush()
        tokens.append(Token(kind: .string(pieces), span: Span(start, pos)))
    }

    // MARK: Symbols

    /// Reads an operator or bracket; false if the byte starts none.
    private mutating func symbol() -> Bool {
        guard let symbol = Symbol.longest(at: pos, in: bytes) else { return false }
        let span = Span(pos, pos + symbol.rawValue.utf8.count)
        pos = span.end
        switch symbol {
        case .leftParen, .leftBracket, .leftBrace:
            if brackets.count >= Lexer.maxDepth {
                error(at: span, "brackets are nested more than \(Lexer.maxDepth) deep",
                      hint: "split the expression with a few variables")
                brackets.removeAll()
                stopped = true
                pos = bytes.count
                return true
            }
            brackets.append((symbol, span.start))
        case .rightParen, .rightBracket, .rightBrace:
            if let open = brackets.last {
                if Lexer.closer(of: open.symbol) != symbol {
                    error(at: span, "'\(symbol.rawValue)' does not match the '\(open.symbol.rawValue)' it closes",
                          hint: "close it with '\(Lexer.closer(of: open.symbol).rawValue)'")
                }
                brackets.removeLast()
            } else {
                error(at: span, "'\(symbol.rawValue)' closes nothing", hint: "remove it, or open it before")
                return true
            }
        default:
            break
        }
        tokens.append(Token(kind: .symbol(symbol), span: span))
        return true
    }

    static func closer(of open: Symbol) -> Symbol {
        switch open {
        case .leftParen: return .rightParen
        case .leftBracket: return .rightBracket
        default: return .rightBrace
        }
    }

    // MARK: Helpers

    mutating func error(at span: Span, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(at: span, message, hint: hint))
    }

    /// The Unicode scalar at `offset` (valid UTF-8 is checked up front) and its length in bytes.
    private func scalarAt(_ offset: Int) -> (Unicode.Scalar, Int) {
        var iterator = bytes[offset...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            return (scalar, scalar.utf8.count)
        }
        return ("\u{FFFD}", 1)
    }

    /// Two uppercase hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// The first byte that makes `bytes` something other than UTF-8 text (a NUL counts), or nil.
    static func firstNonText(_ bytes: [UInt8]) -> (offset: Int, byte: UInt8)? {
        if let nul = bytes.firstIndex(of: 0) {
            if let invalid = firstInvalidUTF8(bytes[..<nul]) { return invalid }
            return (nul, 0)
        }
        return firstInvalidUTF8(bytes[...])
    }

    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> (offset: Int, byte: UInt8)? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = bytes.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error:
                return (offset, bytes[offset])
            }
        }
    }
}

extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}

