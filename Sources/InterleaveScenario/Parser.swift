/// Builds the syntax tree from tokens by recursive descent, reporting every error it meets and
/// going on from the next line.
struct Parser {
    /// How deep expressions may nest (operators and brackets together).
    static let maxExpressionDepth = 200

    let file: SourceFile
    var tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    /// Current expression nesting.
    var depth = 0
    /// Set when an expression nests too deep: the rest of the statement is skipped.
    var tooDeep = false
    /// How many blocks enclose the statement being parsed (blocks on one line count too).
    var blockDepth = 0
    /// Python's grammar rather than the dialect's (see ``Lexer/python``).
    var python = false

    init(file: SourceFile, tokens: [Token], python: Bool = false) {
        self.file = file
        self.tokens = tokens
        self.python = python
        // Every loop stops at `end`, so there must be one.
        if tokens.last?.kind != .end {
            let end = tokens.last?.span.end ?? 0
            self.tokens.append(Token(kind: .end, span: Span(end, end)))
        }
    }

    /// Parses a whole file. `fatal` is set when the file could not be read to its end (it is
    /// not text, or nests too deep); then only the reason is reported.
    static func parse(_ file: SourceFile, python: Bool = false) -> (statements: [Statement], diagnostics: [Diagnostic], fatal: Bool) {
        let (tokens, lexed, stopped) = Lexer.tokenize(file.bytes, python: python)
        if stopped { return ([], lexed, true) }
        var parser = Parser(file: file, tokens: tokens, python: python)
        var statements: [Statement] = []
        while !parser.at(.end) {
            let before = parser.index
            if parser.at(.indent) {
                parser.error(at: parser.current.span, "unexpected indentation",
                             hint: "this line is indented more than the line before; line it up with its block")
                parser.index += 1
                continue
            }
            if parser.at(.dedent) || parser.at(.newline) {
                parser.index += 1
                continue
            }
            statements.append(contentsOf: parser.statement())
            if parser.index == before { parser.index += 1 }
        }
        return (statements, lexed + parser.diagnostics, false)
    }

    // MARK: Token access

    var current: Token { tokens[min(index, tokens.count - 1)] }
    var previous: Token { tokens[max(0, min(index - 1, tokens.count - 1))] }

    func at(_ kind: TokenKind) -> Bool { current.kind == kind }
    func at(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }
    func at(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func accept(_ symbol: Symbol) -> Bool {
        guard at(symbol) else { return false }
        index += 1
        return true
    }

    mutating func accept(_ keyword: Keyword) -> Bool {
        guard at(keyword) else { return false }
        index += 1
        return true
    }

    /// Consumes `symbol` or reports that it was expected (`context` says after what).
    @discardableResult
    mutating func expect(_ symbol: Symbol, _ context: String, hint: String? = nil) -> Bool {
        if accept(symbol) { return true }
        error(at: current.span, "expected '\(symbol.rawValue)' \(context), found \(current.kind.described)", hint: hint)
        return false
    }

    /// Consumes a name or reports it missing.
    mutating func name(_ context: String) -> Parameter? {
        if case .name(let text) = current.kind {
            let token = advance()
            return Parameter(name: text, span: token.span)
        }
        if case .keyword(let keyword) = current.kind {
            error(at: current.span, "'\(keyword.rawValue)' is a reserved word and can't be \(context)",
                  hint: "choose another name, for example '\(keyword.rawValue)_'")
            _ = advance()
            return nil
        }
        error(at: current.span, "expected \(context), found \(current.kind.described)")
        return nil
    }

    mutating func error(at span: Span, _ message: String, hint: String? = nil) {
        // After "nested too deep", the rest of the statement would only add noise.
        guard !tooDeep else { return }
        diagnostics.append(Diagnostic(at: span, message, hint: hint))
    }

    /// Skips to the start of the next line after an error.
    mutating func skipLine() {
        var brackets = 0
        while !at(.end) {
            if at(.newline) && brackets <= 0 {
                index += 1
                return
            }
            if at(.indent) || at(.dedent) { return }
            switch current.kind {
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace): brackets += 1
            case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace): brackets -= 1
            default: break
            }
            index += 1
        }
    }
}
