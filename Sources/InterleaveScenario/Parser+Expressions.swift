import InterleaveCore

/// Expressions, by Python's precedence: `lambda`, `or`, `and`, `not`, comparisons, `+ -`,
/// `* // %`, unary minus, then calls, attributes and indexing.
extension Parser {
    mutating func expression() -> Expression {
        guard enter() else { return invalid() }
        defer { depth -= 1 }
        if at(.lambda) {
            let start = advance().span
            var parameters: [Parameter] = [], defaults: [Expression?] = []
            while python && !at(.colon) && !at(.newline) && !at(.end) {
                guard let parameter = name("a lambda's parameter") else {
                    error(at: current.span, "expected a parameter's name or ':' in the lambda, found \(current.kind.described)",
                          hint: "lambda x, y=1: x + y (*args and **kwargs are not supported)")
                    while !at(.colon) && !at(.newline) && !at(.end) { _ = advance() }
                    break
                }
                parameters.append(parameter)
                defaults.append(accept(.assign) ? disjunction() : nil)
                if !accept(.comma) { break }
            }
            expect(.colon, "after 'lambda'", hint: python ? "write 'lambda x: x + 1'" : "write 'lambda: condition'")
            let body = expression()
            return Expression(kind: .lambda(body, parameters: parameters, defaults: defaults), span: start.through(body.span))
        }
        let value = disjunction()
        if python && at(.if) {
            _ = advance()
            let condition = disjunction()
            guard accept(.else) else {
                error(at: current.span, "expected 'else' in 'a if condition else b', found \(current.kind.described)")
                return value
            }
            let otherwise = expression()
            return Expression(kind: .conditional(then: value, condition: condition, otherwise: otherwise),
                              span: value.span.through(otherwise.span))
        }
        return value
    }

    /// `a, b, c` without brackets (Python's right side of `=` and `return`): a tuple when there is a comma.
    mutating func expressionList() -> Expression {
        let first = expression()
        guard at(.comma) else { return first }
        var items = [first]
        while accept(.comma) {
            if at(.newline) || at(.end) || at(.semicolon) { break }
            items.append(expression())
        }
        return Expression(kind: .tuple(items), span: first.span.through(items[items.count - 1].span))
    }

    /// Counts one level of nesting; false (after reporting once) when it is too deep.
    private mutating func enter() -> Bool {
        depth += 1
        if depth > Parser.maxExpressionDepth {
            if !tooDeep {
                error(at: current.span, "this expression is nested or chained more than \(Parser.maxExpressionDepth) levels deep",
                      hint: "split it with a few variables")
                tooDeep = true
            }
            depth -= 1
            return false
        }
        return !tooDeep
    }

    private func invalid() -> Expression { Expression(kind: .invalid, span: current.span) }

    mutating func disjunction() -> Expression {
        chain({ $0.conjunction() }) { $0.at(.or) ? { .logical(isAnd: false, $0, $1) } : nil }
    }

    private mutating func conjunction() -> Expression {
        chain({ $0.inversion() }) { $0.at(.and) ? { .logical(isAnd: true, $0, $1) } : nil }
    }

    /// A left-associative chain `a op b op c`. `link` gives how to join two operands when the
    /// current token is one of the chain's operators. Each link counts toward the nesting
    /// limit, since compiling the chain recurses as deep as it is long.
    private mutating func chain(_ operand: (inout Parser) -> Expression,
                                _ link: (Parser) -> ((Expression, Expression) -> Expression.Kind)?) -> Expression {
        var left = operand(&self)
        var links = 0
        defer { depth -= links }
        while let join = link(self) {
            guard enter() else { return invalid() }
            links += 1
            if at(.slash) && !python {
                error(at: current.span, "'/' divides into fractions, and numbers here are whole",
                      hint: "use // for whole-number division, as in Python")
            }
            _ = advance()
            let right = operand(&self)
            left = Expression(kind: join(left, right), span: left.span.through(right.span))
        }
        return left
    }

    private mutating func inversion() -> Expression {
        if at(.not) {
            guard enter() else { return invalid() }
            defer { depth -= 1 }
            let start = advance().span
            let operand = inversion()
            return Expression(kind: .unary(.not, operand), span: start.through(operand.span))
        }
        return comparison()
    }

    private func comparisonOperator() -> BinaryOperator? {
        switch current.kind {
        case .symbol(.equal): return .equal
        case .symbol(.notEqual): return .notEqual
        case .symbol(.less): return .less
        case .symbol(.lessOrEqual): return .lessOrEqual
        case .symbol(.greater): return .greater
        case .symbol(.greaterOrEqual): return .greaterOrEqual
        default: return nil
        }
    }

    private mutating func comparison() -> Expression {
        if python { return pythonComparison() }
        let left = sum()
        guard let op = comparisonOperator() else {
            if at(.in) || (at(.not) && index + 1 < tokens.count && tokens[index + 1].kind == .keyword(.in)) {
                error(at: current.span, "'in' tests are not supported", hint: "compare values with == instead")
                _ = advance()
                _ = accept(.in)
                _ = sum()
            }
            return left
        }
        _ = advance()
        let right = sum()
        if comparisonOperator() != nil {
            error(at: current.span, "chained comparisons are not supported",
                  hint: "write 'a < b and b < c'")
            _ = advance()
            _ = sum()
        }
        return Expression(kind: .binary(op, left, right), span: left.span.through(right.span))
    }

    private mutating func sum() -> Expression {
        chain({ $0.term() }) { parser in
            switch parser.current.kind {
            case .symbol(.plus): return { .binary(.add, $0, $1) }
            case .symbol(.minus): return { .binary(.subtract, $0, $1) }
            default: return nil
            }
        }
    }

    private mutating func term() -> Expression {
        chain({ $0.factor() }) { parser in
            switch parser.current.kind {
            case .symbol(.star): return { .binary(.multiply, $0, $1) }
            case .symbol(.slash) where parser.python: return { .binary(.trueDivide, $0, $1) }
            case .symbol(.floorDivide), .symbol(.slash): return { .binary(.divide, $0, $1) }
            case .symbol(.percent): return { .binary(.modulo, $0, $1) }
            default: return nil
            }
        }
    }

    private mutating func factor() -> Expression {
        if at(.minus) || at(.plus) {
            guard enter() else { return invalid() }
            defer { depth -= 1 }
            let sign = advance()
            if sign.kind == .symbol(.minus), case .integer(.min) = current.kind {
                // 9223372036854775808 only exists negated.
                let literal = advance()
                return Expression(kind: .integer(.min), span: sign.span.through(literal.span))
            }
            let operand = factor()
            let span = sign.span.through(operand.span)
            if sign.kind == .symbol(.plus) { return Expression(kind: operand.kind, span: span) }
            // Fold -literal so that -1 and the smallest integer are constants.
            switch operand.kind {
            case .integer(let value): return Expression(kind: .integer(0 &- value), span: span)
            case .duration(let value): return Expression(kind: .duration(0 &- value), span: span)
            default: return Expression(kind: .unary(.negate, operand), span: span)
            }
        }
        let base = primary()
        if python && at(.power) {
            guard enter() else { return invalid() }
            defer { depth -= 1 }
            _ = advance()
            let exponent = factor()
            return Expression(kind: .binary(.power, base, exponent), span: base.span.through(exponent.span))
        }
        if at(.power) {
            error(at: current.span, "'**' (power) is not supported", hint: "multiply instead, or write the constant")
            _ = advance()
            _ = factor()
        }
        return base
    }

    private mutating func primary() -> Expression {
        if at(.start) {
            guard enter() else { return invalid() }
            defer { depth -= 1 }
            let start = advance().span
            let process = accept(.process)
            let call = primary()
            if case .call = call.kind {} else if case .invalid = call.kind {} else {
                error(at: call.span, "'start' takes a function call", hint: "write 'start worker(1)'")
            }
            return Expression(kind: .start(call, process: process), span: start.through(call.span))
        }
        var value = atom()
        var links = 0
        defer { depth -= links }
        while true {
            if at(.leftParen) || at(.dot) || at(.leftBracket) {
                guard enter() else { return invalid() }
                links += 1
            }
            if at(.leftParen) {
                _ = advance()
                let arguments = callArguments()
                value = Expression(kind: .call(value, arguments), span: value.span.through(previous.span))
            } else if at(.dot) {
                _ = advance()
                // Method names may be words that are reserved elsewhere (t.start(), t.join()).
                if case .keyword(let keyword) = current.kind {
                    let token = advance()
                    value = Expression(kind: .attribute(value, keyword.rawValue, nameSpan: token.span),
                                       span: value.span.through(token.span))
                    continue
                }
                guard let name = name("a name after '.'") else { return Expression(kind: .invalid, span: value.span) }
                value = Expression(kind: .attribute(value, name.name, nameSpan: name.span), span: value.span.through(name.span))
            } else if at(.leftBracket) {
                _ = advance()
                // `items[i]`, or a slice: `items[1:]`, `items[:n]`, `items[a:b]`.
                let index: Expression? = python && at(.colon) ? nil : expression()
                if python && accept(.colon) {
                    let end: Expression? = at(.rightBracket) ? nil : expression()
                    expect(.rightBracket, "to close the slice")
                    value = Expression(kind: .slice(value, start: index, end: end), span: value.span.through(previous.span))
                    continue
                }
                expect(.rightBracket, "to close the index")
                value = Expression(kind: .index(value, index!), span: value.span.through(previous.span))
            } else {
                return value
            }
        }
    }

    /// The rest of a comprehension after its element, from its `for` up to (not including) the
    /// bracket that closes it: `for x in xs if x > 0`.
    mutating func comprehension(_ element: Expression, start: Span, closing: Symbol, key: Expression? = nil) -> Expression {
        _ = advance()       // for
        var variable = name("a loop variable after 'for'") ?? Parameter(name: "_", span: current.span)
        while python && accept(.comma) {
            guard let next = name("a loop variable") else { break }
            variable = Parameter(name: variable.name + "," + next.name, span: variable.span.through(next.span))
        }
        if !accept(.in) {
            error(at: current.span, "expected 'in' in the comprehension, found \(current.kind.described)")
        }
        // In Python an `if` after the iterable filters: `[x for x in xs if x > 0]`.
        let iterable = python ? disjunction() : expression()
        var condition: Expression?
        if python && accept(.if) { condition = disjunction() }
        if python && at(.for) {
            error(at: current.span, "a comprehension with two 'for's is not supported yet", hint: "write the loops out")
        }
        return Expression(kind: .comprehension(element: element, variable: variable.name,
                                               variableSpan: variable.span, iterable: iterable, condition: condition, key: key),
                          span: start.through(previous.span))
    }

    /// Arguments after `(` up to and including `)`.
    mutating func callArguments() -> [Argument] {
        var arguments: [Argument] = []
        while !at(.rightParen) {
            if at(.newline) || at(.end) { break }
            if case .name(let label) = current.kind, index + 1 < tokens.count, tokens[index + 1].kind == .symbol(.assign) {
                let labelSpan = advance().span
                _ = advance()
                arguments.append(Argument(label: label, labelSpan: labelSpan, value: expression()))
            } else {
                var value = expression()
                // `sum(x * x for x in xs)`: a generator expression, the call's one argument (made as a list).
                if python && arguments.isEmpty && at(.for) {
                    value = comprehension(value, start: value.span, closing: .rightParen)
                    arguments.append(Argument(label: nil, labelSpan: nil, value: value))
                    break
                }
                if let last = arguments.last, last.label != nil {
                    error(at: value.span, "a positional argument after a keyword argument",
                          hint: "put positional arguments first")
                }
                arguments.append(Argument(label: nil, labelSpan: nil, value: value))
            }
            if !accept(.comma) { break }
        }
        expect(.rightParen, "to close the argument list")
        return arguments
    }

    private mutating func atom() -> Expression {
        let token = current
        switch token.kind {
        case .name(let name):
            _ = advance()
            return Expression(kind: .name(name), span: token.span)
        case .integer(let value):
            _ = advance()
            if value == .min {
                error(at: token.span, "the number 9223372036854775808 is too big for 64 bits",
                      hint: "numbers go up to 9223372036854775807")
            }
            return Expression(kind: .integer(value), span: token.span)
        case .duration(let value):
            _ = advance()
            return Expression(kind: .duration(value), span: token.span)
        case .float(let value):
            _ = advance()
            return Expression(kind: .float(value), span: token.span)
        case .symbol(.leftBrace) where python:
            _ = advance()
            var pairs: [(key: Expression, value: Expression)] = []
            while !at(.rightBrace) && !at(.end) {
                let key = expression()
                if pairs.isEmpty && (at(.comma) || at(.rightBrace) || at(.for)) {
                    // A set, `{a, b}` or `{x for x in xs}`: made as set() of the list.
                    var list: Expression
                    if at(.for) {
                        list = comprehension(key, start: key.span, closing: .rightBrace)
                    } else {
                        var items = [key]
                        while accept(.comma) && !at(.rightBrace) && !at(.end) { items.append(expression()) }
                        list = Expression(kind: .list(items), span: key.span.through(previous.span))
                    }
                    expect(.rightBrace, "to close the set")
                    let span = token.span.through(previous.span)
                    list.span = span
                    return Expression(kind: .call(Expression(kind: .name("set"), span: token.span),
                                                  [Argument(label: nil, labelSpan: nil, value: list)]), span: span)
                }
                guard accept(.colon) else {
                    error(at: current.span, "expected ':' after a dict's key", hint: "write {key: value}")
                    skipToBrace()
                    return Expression(kind: .invalid, span: token.span.through(previous.span))
                }
                let value = expression()
                if pairs.isEmpty && at(.for) {
                    // `{key: value for name in items}`.
                    let made = comprehension(value, start: token.span, closing: .rightBrace, key: key)
                    expect(.rightBrace, "to close the dict comprehension")
                    return Expression(kind: made.kind, span: token.span.through(previous.span))
                }
                pairs.append((key, value))
                if !accept(.comma) { break }
            }
            expect(.rightBrace, "to close the dict")
            return Expression(kind: .dict(pairs), span: token.span.through(previous.span))
        case .keyword(.True), .keyword(.False):
            _ = advance()
            return Expression(kind: .boolean(token.kind == .keyword(.True)), span: token.span)
        case .keyword(.None):
            _ = advance()
            return Expression(kind: .none, span: token.span)
        case .string(let pieces):
            _ = advance()
            var holes: [Expression] = []
            for piece in pieces {
                switch piece {
                case .hole(let text, let offset), .formattedHole(let text, let offset, _, _): holes.append(hole(text, at: offset))
                case .text: break
                }
            }
            return Expression(kind: .string(pieces, holes: holes), span: token.span)
        case .bytes(let text):
            _ = advance()
            return Expression(kind: .bytes(text), span: token.span)
        case .symbol(.leftParen):
            _ = advance()
            if accept(.rightParen) { return Expression(kind: .tuple([]), span: token.span.through(previous.span)) }
            let first = expression()
            if python && at(.for) {
                let made = comprehension(first, start: token.span, closing: .rightParen)
                expect(.rightParen, "to close the generator expression")
                return Expression(kind: made.kind, span: token.span.through(previous.span))
            }
            if at(.comma) {
                var items = [first]
                while accept(.comma) {
                    if at(.rightParen) { break }
                    items.append(expression())
                }
                expect(.rightParen, "to close the tuple")
                return Expression(kind: .tuple(items), span: token.span.through(previous.span))
            }
            expect(.rightParen, "to close the '('")
            return Expression(kind: first.kind, span: token.span.through(previous.span))
        case .symbol(.leftBracket):
            _ = advance()
            if accept(.rightBracket) { return Expression(kind: .list([]), span: token.span.through(previous.span)) }
            let first = expression()
            if at(.for) {
                let made = comprehension(first, start: token.span, closing: .rightBracket)
                expect(.rightBracket, "to close the list")
                return Expression(kind: made.kind, span: token.span.through(previous.span))
            }
            var items = [first]
            while accept(.comma) {
                if at(.rightBracket) { break }
                items.append(expression())
            }
            expect(.rightBracket, "to close the list")
            return Expression(kind: .list(items), span: token.span.through(previous.span))
        case .keyword(let keyword):
            error(at: token.span, "expected a value, found '\(keyword.rawValue)'",
                  hint: ["sleep", "compute", "io", "join", "print", "expect"].contains(keyword.rawValue)
                      ? "'\(keyword.rawValue)' is a statement: it starts its own line" : nil)
            _ = advance()
            return Expression(kind: .invalid, span: token.span)
        case .newline, .end, .indent, .dedent:
            error(at: token.span, "expected a value, found \(token.kind.described)")
            return Expression(kind: .invalid, span: token.span)
        default:
            error(at: token.span, "expected a value, found \(token.kind.described)")
            _ = advance()
            return Expression(kind: .invalid, span: token.span)
        }
    }

    /// Python's comparisons: `==`, `<` and the rest, `in`, `not in`, `is`, `is not`, chained as
    /// Python chains them (`a < b < c` is `a < b and b < c`).
    private mutating func pythonComparison() -> Expression {
        var left = sum()
        var result: Expression?
        while true {
            var op: BinaryOperator
            var negated = false
            var swapped = false
            if let comparison = comparisonOperator() {
                op = comparison
                _ = advance()
            } else if at(.in) {
                op = .contains
                swapped = true
                _ = advance()
            } else if at(.not) && index + 1 < tokens.count && tokens[index + 1].kind == .keyword(.in) {
                op = .contains
                swapped = true
                negated = true
                index += 2
            } else if at(.is) {
                op = .identical
                _ = advance()
                negated = accept(.not)
            } else {
                break
            }
            guard enter() else { return invalid() }
            depth -= 1
            let right = sum()
            let span = left.span.through(right.span)
            var test = Expression(kind: swapped ? .binary(op, right, left) : .binary(op, left, right), span: span)
            if negated { test = Expression(kind: .unary(.not, test), span: span) }
            if let earlier = result {
                result = Expression(kind: .logical(isAnd: true, earlier, test), span: earlier.span.through(span))
            } else {
                result = test
            }
            left = right
        }
        return result ?? left
    }

    /// Skips to just after the `}` that closes the dict being read.
    private mutating func skipToBrace() {
        var brackets = 1
        while !at(.end) && brackets > 0 {
            switch current.kind {
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace): brackets += 1
            case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace): brackets -= 1
            default: break
            }
            _ = advance()
        }
    }

    /// Parses the expression inside a `{hole}` of a string starting at byte `offset`.
    private mutating func hole(_ text: String, at start: Int) -> Expression {
        // Spaces around the value are allowed, as in an f-string.
        let lead = text.utf8.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
        let bytes = Array(text.utf8.dropFirst(lead))
        let offset = start + lead
        guard bytes.contains(where: { $0 != UInt8(ascii: " ") }) else {
            error(at: Span(start - 1, offset + bytes.count + 1), "empty {} in text",
                  hint: "put the value to print inside, like {n}, or write {{}} for braces")
            return Expression(kind: .invalid, span: Span(offset, offset))
        }
        let (tokens, lexed, _) = Lexer.tokenize(bytes, python: python)
        func shift(_ span: Span) -> Span { Span(span.start + offset, span.end + offset) }
        for var diagnostic in lexed {
            diagnostic.span = shift(diagnostic.span)
            diagnostics.append(diagnostic)
        }
        var sub = Parser(file: file, tokens: tokens.map { Token(kind: $0.kind, span: shift($0.span)) }, python: python)
        sub.depth = depth
        let expression = sub.expression()
        if !sub.at(.newline) && !sub.at(.end) {
            sub.error(at: sub.current.span, "unexpected \(sub.current.kind.described) inside {}",
                      hint: "a hole holds one value, like {n} or {count + 1}")
        }
        // The hole's end is its closing brace, not the end of a line.
        diagnostics.append(contentsOf: sub.diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            for ending in [TokenKind.newline.described, TokenKind.end.described] {
                if diagnostic.message.hasSuffix("found " + ending) {
                    diagnostic.message = String(diagnostic.message.dropLast(ending.count)) + "'}'"
                }
            }
            return diagnostic
        })
        return expression
    }
}
