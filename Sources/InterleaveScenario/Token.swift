/// One token of a scenario, with where it is in the source.
struct Token: Sendable, Hashable {
    var kind: TokenKind
    var span: Span
}

/// What a token is.
enum TokenKind: Sendable, Hashable {
    case name(String)
    case keyword(Keyword)
    /// A whole number (`100_000`).
    case integer(Int64)
    /// A duration in nanoseconds (`2s`, `200ms`, `0.5s`).
    case duration(Int64)
    /// A float (Python only: `0.5`, `1e-3`).
    case float(Double)
    case string([StringPiece])
    /// A bytes literal (Python only: `b"ping"`), as its text.
    case bytes(String)
    case symbol(Symbol)
    /// The end of a logical line.
    case newline
    /// The next line is indented one level deeper.
    case indent
    /// The next line is one level shallower.
    case dedent
    case end

    /// How a diagnostic names this kind of token.
    var described: String {
        switch self {
        case .name(let name): return "name '\(name)'"
        case .keyword(let keyword): return "'\(keyword.rawValue)'"
        case .integer(let value): return "number \(value)"
        case .duration: return "a duration"
        case .float(let value): return "number \(value)"
        case .string: return "text in quotes"
        case .bytes: return "bytes in quotes"
        case .symbol(let symbol): return "'\(symbol.rawValue)'"
        case .newline: return "the end of the line"
        case .indent: return "an indented block"
        case .dedent: return "the end of the block"
        case .end: return "the end of the file"
        }
    }
}

/// A piece of a string literal: text, or `{expression}` to be filled in when printed.
enum StringPiece: Sendable, Hashable {
    case text(String)
    /// The expression's source and the byte offset where it starts in the file.
    case hole(String, offset: Int)
    /// A Python f-string's hole with its format spec (`{x:>5}`) or `!r` conversion.
    case formattedHole(String, offset: Int, spec: String, repr: Bool)
}

extension Keyword {
    /// The keywords by their first byte, each with its bytes.
    private static let byFirstByte: [[(bytes: [UInt8], keyword: Keyword)]] = {
        var table = Array(repeating: [(bytes: [UInt8], keyword: Keyword)](), count: 128)
        for keyword in Keyword.allCases {
            let bytes = Array(keyword.rawValue.utf8)
            table[Int(bytes[0])].append((bytes, keyword))
        }
        return table
    }()

    /// The keyword spelled by `bytes`, if any (without making a string).
    static func named(_ bytes: ArraySlice<UInt8>) -> Keyword? {
        guard let first = bytes.first, first < 128 else { return nil }
        for candidate in byFirstByte[Int(first)] where candidate.bytes.elementsEqual(bytes) { return candidate.keyword }
        return nil
    }
}

extension Symbol {
    /// The symbols by their first byte, longest first.
    private static let byFirstByte: [[(bytes: [UInt8], symbol: Symbol)]] = {
        var table = Array(repeating: [(bytes: [UInt8], symbol: Symbol)](), count: 128)
        for symbol in Symbol.allCases {
            let bytes = Array(symbol.rawValue.utf8)
            table[Int(bytes[0])].append((bytes, symbol))
        }
        return table.map { $0.sorted { $0.bytes.count > $1.bytes.count } }
    }()

    /// The longest symbol that starts at `offset` in `bytes`, if any.
    static func longest(at offset: Int, in bytes: [UInt8]) -> Symbol? {
        guard offset < bytes.count, bytes[offset] < 128 else { return nil }
        for candidate in byFirstByte[Int(bytes[offset])] where bytes[offset...].starts(with: candidate.bytes) {
            return candidate.symbol
        }
        return nil
    }
}

/// Words the language reserves.
enum Keyword: String, Sendable, Hashable, CaseIterable {
    case def, `return`, `if`, elif, `else`, `while`, `for`, `in`, `repeat`, with, `as`
    case shared, config, start, process, join, all, print, expect, assert, pass
    case `break`, `continue`, global, and, or, not, lambda
    case `True`, `False`, `None`
    case sleep, compute, io
    // Python's own (names in the dialect).
    case `is`, `class`, `try`, except, finally, raise, del, nonlocal, yield, from, `import`, async, await

    /// Whether Python reserves it.
    var isPython: Bool {
        switch self {
        case .repeat, .shared, .config, .start, .process, .join, .all, .print, .expect, .sleep, .compute, .io: return false
        default: return true
        }
    }

    /// Whether the dialect reserves it.
    var isDialect: Bool {
        switch self {
        case .is, .class, .try, .except, .finally, .raise, .del, .nonlocal, .yield, .from, .import, .async, .await: return false
        default: return true
        }
    }
}

/// Operators and punctuation.
enum Symbol: String, Sendable, Hashable, CaseIterable {
    case plus = "+", minus = "-", star = "*", slash = "/", floorDivide = "//", percent = "%"
    case power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case assign = "="
    case plusAssign = "+=", minusAssign = "-=", starAssign = "*=", floorDivideAssign = "//=", percentAssign = "%="
    case slashAssign = "/="
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
    case comma = ",", colon = ":", dot = ".", semicolon = ";", arrow = "->"
}
