/// Python's numbers and strings, for ``Lexer/python`` files.
extension Lexer {
    /// A Python number: an int (`42`, `100_000`, `0x1F`), or a float (`0.5`, `1e-3`, `2.`).
    mutating func pythonNumber() {
        let start = pos
        var text = ""
        var isFloat = false
        var radix = 10
        if bytes[pos] == UInt8(ascii: "0"), pos + 1 < bytes.count,
           let prefix = [UInt8(ascii: "x"): 16, UInt8(ascii: "X"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "O"): 8,
                         UInt8(ascii: "b"): 2, UInt8(ascii: "B"): 2][bytes[pos + 1]] {
            radix = prefix
            pos += 2
        }
        func digits() {
            while pos < bytes.count, Lexer.isNameByte(bytes[pos]) && !(radix == 10 && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")))
                    && (bytes[pos].isDigit || bytes[pos] == UInt8(ascii: "_") || radix == 16) {
                if bytes[pos] != UInt8(ascii: "_") { text.append(Character(UnicodeScalar(bytes[pos]))) }
                pos += 1
            }
        }
        digits()
        if radix == 10 {
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "."), !(pos + 1 < bytes.count && Lexer.isNameStart(bytes[pos + 1])) {
                isFloat = true
                text.append(".")
                pos += 1
                digits()
            }
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
                var next = pos + 1
                if next < bytes.count, bytes[next] == UInt8(ascii: "+") || bytes[next] == UInt8(ascii: "-") { next += 1 }
                if next < bytes.count, bytes[next].isDigit {
                    isFloat = true
                    text.append("e")
                    if bytes[pos + 1] == UInt8(ascii: "-") { text.append("-") }
                    pos = next
                    digits()
                }
            }
        }
        let suffixStart = pos
        while pos < bytes.count && (Lexer.isNameByte(bytes[pos]) || bytes[pos] == 0xC2 || bytes[pos] == 0xB5) { pos += 1 }
        let span = Span(start, pos)
        let written = String(decoding: bytes[start..<pos], as: UTF8.self)
        if suffixStart < pos {
            let suffix = String(decoding: bytes[suffixStart..<pos], as: UTF8.self)
            let isUnit = ["ns", "us", "µs", "ms", "s"].contains(suffix)
            error(at: span, "'\(written)' is not a Python number",
                  hint: isUnit ? "Python has no durations: time.sleep takes seconds, for example time.sleep(0.2)" : nil)
            tokens.append(Token(kind: .integer(0), span: span))
            return
        }
        if isFloat {
            guard let value = Double(text), value.isFinite else {
                error(at: span, "the number \(written) is too big for a float")
                tokens.append(Token(kind: .float(0), span: span))
                return
            }
            tokens.append(Token(kind: .float(value), span: span))
            return
        }
        guard let value = Int64(text.isEmpty ? "0" : text, radix: radix) else {
            if radix == 10 && text.drop(while: { $0 == "0" }) == "9223372036854775808" {
                // Only valid negated (the smallest integer); the parser decides.
                tokens.append(Token(kind: .integer(.min), span: span))
                return
            }
            error(at: span, "the number \(written) is too big for 64 bits",
                  hint: "Interleave's ints go up to 9223372036854775807")
            tokens.append(Token(kind: .integer(0), span: span))
            return
        }
        tokens.append(Token(kind: .integer(value), span: span))
    }

    /// A Python string literal at `start`, after its `prefix` (`f`, `r`, `rf`, `b`, ...): `'...'`,
    /// `"..."` or triple-quoted over several lines. Only an `f` string has holes.
    mutating func pythonString(start: Int, prefix: String) {
        pos = start + prefix.utf8.count
        let quote = bytes[pos]
        let triple = pos + 2 < bytes.count && bytes[pos + 1] == quote && bytes[pos + 2] == quote
        pos += triple ? 3 : 1
        let formatted = prefix.contains("f")
        let raw = prefix.contains("r")
        var pieces: [StringPiece] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { pieces.append(.text(String(decoding: literal, as: UTF8.self))) }
            literal.removeAll()
        }
        while true {
            guard pos < bytes.count, triple || bytes[pos] != UInt8(ascii: "\n") else {
                error(at: Span(start, min(pos, bytes.count)), "this text is never closed",
                      hint: triple ? "end it with \(String(repeating: Character(UnicodeScalar(quote)), count: 3))"
                          : "end it with \(Character(UnicodeScalar(quote))) on the same line")
                break
            }
            let byte = bytes[pos]
            if byte == quote && (!triple || (pos + 2 < bytes.count && bytes[pos + 1] == quote && bytes[pos + 2] == quote)) {
                pos += triple ? 3 : 1
                break
            }
            switch byte {
            case UInt8(ascii: "\\") where pos + 1 < bytes.count:
                let escaped = bytes[pos + 1]
                pos += 2
                if raw {
                    literal.append(contentsOf: [byte, escaped])
                    continue
                }
                switch escaped {
                case UInt8(ascii: "n"): literal.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): literal.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): literal.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "0"): literal.append(0)
                case UInt8(ascii: "\n"): break
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): literal.append(escaped)
                default: literal.append(contentsOf: [byte, escaped])
                }
            case UInt8(ascii: "{") where formatted:
                if pos + 1 < bytes.count && bytes[pos + 1] == UInt8(ascii: "{") {
                    literal.append(byte)
                    pos += 2
                    continue
                }
                guard let hole = formattedHole(from: pos + 1, quote: quote) else {
                    error(at: Span(pos, pos + 1), "'{' in this f-string is never closed",
                          hint: "write {name} for a value, or {{ for a brace")
                    pos += 1
                    continue
                }
                flush()
                pieces.append(hole.piece)
                pos = hole.end + 1
            case UInt8(ascii: "}") where formatted:
                if pos + 1 < bytes.count && bytes[pos + 1] == UInt8(ascii: "}") {
                    literal.append(byte)
                    pos += 2
                } else {
                    error(at: Span(pos, pos + 1), "a single '}' in an f-string", hint: "write }} for a brace")
                    pos += 1
                }
            default:
                literal.append(byte)
                pos += 1
            }
        }
        flush()
        if prefix.contains("b") {
            tokens.append(Token(kind: .bytes(pieces.map { if case .text(let text) = $0 { text } else { "" } }.joined()), span: Span(start, pos)))
        } else {
            tokens.append(Token(kind: .string(pieces), span: Span(start, pos)))
        }
    }

    /// The hole of an f-string whose expression starts at `from`: the expression, its `!r` and
    /// its `:spec`, and the offset of its closing `}`; nil if it is never closed.
    private func formattedHole(from start: Int, quote: UInt8) -> (piece: StringPiece, end: Int)? {
        var depth = 0
        var i = start
        var expressionEnd: Int?
        var conversion: UInt8?
        var specStart: Int?
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
            let byte = bytes[i]
            if byte == quote { return nil }
            if specStart == nil {
                switch byte {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: "}") where depth > 0: depth -= 1
                case UInt8(ascii: "}"):
                    return (piece(start, expressionEnd ?? i, conversion, nil, i), i)
                case UInt8(ascii: "!") where depth == 0 && i + 1 < bytes.count && bytes[i + 1] != UInt8(ascii: "="):
                    expressionEnd = expressionEnd ?? i
                    conversion = i + 1 < bytes.count ? bytes[i + 1] : nil
                    i += 1
                case UInt8(ascii: ":") where depth == 0:
                    expressionEnd = expressionEnd ?? i
                    specStart = i + 1
                default: break
                }
            } else if byte == UInt8(ascii: "}") {
                return (piece(start, expressionEnd ?? i, conversion, specStart, i), i)
            }
            i += 1
        }
        return nil
    }

    private func piece(_ start: Int, _ end: Int, _ conversion: UInt8?, _ specStart: Int?, _ close: Int) -> StringPiece {
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        let spec = specStart.map { String(decoding: bytes[$0..<close], as: UTF8.self) } ?? ""
        let repr = conversion == UInt8(ascii: "r")
        if spec.isEmpty && !repr { return .hole(text, offset: start) }
        return .formattedHole(text, offset: start, spec: spec, repr: repr)
    }
}
