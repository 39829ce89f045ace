import InterleaveCore

/// Statements and blocks.
extension Parser {
    /// One line's statements (several when separated by `;`), or one compound statement.
    mutating func statement() -> [Statement] {
        let start = current.span
        tooDeep = false
        switch current.kind {
        case .keyword(.def): return [functionDefinition()]
        case .keyword(.try) where python:
            return [tryStatement()]
        case .keyword(.class) where python:
            return [classDefinition()]
        case .keyword(.async) where python:
            return [unsupportedCompound()]
        case .keyword(.if): return [ifStatement()]
        case .keyword(.while):
            _ = advance()
            let condition = expression()
            let body = block(after: "'while'", start: start)
            return [Statement(kind: .while(condition: condition, body: body), span: start.through(condition.span))]
        case .keyword(.for): return [forStatement()]
        case .keyword(.repeat):
            _ = advance()
            let count = expression()
            let body = block(after: "'repeat'", start: start)
            return [Statement(kind: .repeat(count: count, body: body), span: start.through(count.span))]
        case .keyword(.with):
            _ = advance()
            var items: [WithItem] = []
            repeat {
                let value = expression()
                var alias: Parameter?
                if accept(.as) { alias = name("a name after 'as'") }
                items.append(WithItem(value: value, alias: alias))
            } while accept(.comma)
            let body = block(after: "'with'", start: start)
            return [Statement(kind: .with(items: items, body: body), span: start.through(items[items.count - 1].value.span))]
        case .keyword(.elif), .keyword(.else):
            error(at: current.span, "'\(current.kind == .keyword(.elif) ? "elif" : "else")' without an 'if' before it",
                  hint: "line it up with its 'if'")
            skipLine()
            if at(.indent) { return skipBlock() }
            return []
        default:
            var statements: [Statement] = []
            repeat {
                if at(.newline) || at(.end) { break }
                let errors = diagnostics.count
                let statement = simpleStatement()
                if diagnostics.count > errors {
                    skipLine()
                    return statements
                }
                statements.append(statement)
            } while accept(.semicolon)
            endOfLine()
            return statements
        }
    }

    /// Expects the end of a line; anything else is reported and skipped.
    mutating func endOfLine() {
        if at(.newline) {
            index += 1
        } else if tooDeep {
            skipLine()      // already reported
        } else if !at(.end) && !at(.dedent) {
            error(at: current.span, "expected the end of the line, found \(current.kind.described)",
                  hint: "put one statement on each line")
            skipLine()
        }
    }

    /// The body after a `:`: an indented block, or one simple statement on the same line.
    mutating func block(after what: String, start: Span) -> [Statement] {
        guard accept(.colon) else {
            error(at: current.span, "expected ':' after \(what), found \(current.kind.described)",
                  hint: "a line that opens a block ends with ':'")
            skipLine()
            if at(.indent) { return skipBlock() }
            return []
        }
        if !at(.newline) && !at(.end) {
            // As in Python, a block on the line of its header holds simple statements only.
            switch current.kind {
            case .keyword(.def), .keyword(.if), .keyword(.while), .keyword(.for), .keyword(.with), .keyword(.repeat):
                error(at: current.span, "\(current.kind.described) can't follow ':' on the same line",
                      hint: "start it on a new, indented line")
                skipLine()
                return []
            default:
                return statement()
            }
        }
        if at(.newline) { index += 1 }
        guard accept(.indent) else {
            error(at: current.span, "expected an indented block after \(what) on line \(lineHint(start))",
                  hint: "indent the block's lines by 4 more spaces than the line that opens it (use 'pass' for an empty block)")
            return []
        }
        return blockStatements()
    }

    /// Statements up to the dedent that closes the current block (consumed). A stray deeper
    /// indentation is reported and its lines parsed as part of the block.
    private mutating func blockStatements() -> [Statement] {
        var body: [Statement] = []
        while !at(.dedent) && !at(.end) {
            let before = index
            if at(.indent) {
                error(at: current.span, "unexpected indentation",
                      hint: "this line is indented more than the line before; line it up with its block")
                index += 1
                body.append(contentsOf: blockStatements())
                continue
            }
            if at(.newline) {
                index += 1
                continue
            }
            body.append(contentsOf: statement())
            if index == before { index += 1 }
        }
        _ = accept(.dedent)
        return body
    }

    /// Skips an indented block that belongs to a broken statement, still parsing it for errors.
    private mutating func skipBlock() -> [Statement] {
        index += 1
        _ = blockStatements()
        return []
    }

    /// The line a span starts on.
    private func lineHint(_ span: Span) -> String { String(file.location(of: span.start).line) }

    private mutating func functionDefinition() -> Statement {
        let start = advance().span
        guard let name = name("a function name") else {
            skipLine()
            if at(.indent) { _ = skipBlock() }
            return Statement(kind: .pass, span: start)
        }
        var parameters: [Parameter] = []
        var defaults: [Expression?] = []
        if expect(.leftParen, "after the function name", hint: "write 'def \(name.name)():'") {
            if !at(.rightParen) {
                repeat {
                    if at(.rightParen) { break }
                    if let parameter = self.name("a parameter name") {
                        if parameters.contains(where: { $0.name == parameter.name }) {
                            error(at: parameter.span, "parameter '\(parameter.name)' is listed twice")
                        }
                        parameters.append(parameter)
                    }
                    if accept(.colon) { _ = expression() }      // a type annotation, ignored
                    if accept(.assign) {
                        if python {
                            while defaults.count < parameters.count - 1 { defaults.append(nil) }
                            defaults.append(expression())
                        } else {
                            error(at: previous.span, "parameters can't have default values")
                            _ = expression()
                        }
                    } else if python && defaults.contains(where: { $0 != nil }) {
                        error(at: previous.span, "a parameter without a default can't follow one with a default",
                              hint: "give '\(parameters.last?.name ?? "it")' a default, or move it before the others")
                    }
                } while accept(.comma)
            }
            expect(.rightParen, "to close the parameter list")
        }
        if accept(.arrow) { _ = expression() }
        let body = block(after: "'def \(name.name)(...)'", start: start)
        while defaults.count < parameters.count { defaults.append(nil) }
        return Statement(kind: .function(Function(name: name.name, nameSpan: name.span, parameters: parameters, body: body,
                                                  defaults: defaults)),
                         span: start.through(name.span))
    }

    /// `class Name:` or `class Name(Base, ...):` and its body.
    private mutating func classDefinition() -> Statement {
        let start = advance().span
        guard let name = name("a class name") else {
            skipLine()
            if at(.indent) { _ = skipBlock() }
            return Statement(kind: .pass, span: start)
        }
        var bases: [Expression] = []
        if accept(.leftParen) {
            while !at(.rightParen) && !at(.newline) && !at(.end) {
                bases.append(expression())
                if !accept(.comma) { break }
            }
            expect(.rightParen, "to close the list of base classes")
        }
        let body = block(after: "'class \(name.name)'", start: start)
        return Statement(kind: .classDefinition(ClassDefinition(name: name.name, nameSpan: name.span, bases: bases, body: body)),
                         span: start.through(name.span))
    }

    /// A compound Python statement Interleave does not run yet: one statement standing for it
    /// and its block, for the compiler to report.
    private mutating func unsupportedCompound() -> Statement {
        let token = advance()
        skipLine()
        if at(.indent) { _ = skipBlock() }
        return Statement(kind: .unsupported("async"), span: token.span)
    }

    /// `try:` ... `except E as e:` ... `else:` ... `finally:` ...
    private mutating func tryStatement() -> Statement {
        let start = advance().span
        let body = block(after: "'try'", start: start)
        var handlers: [ExceptHandler] = []
        var orElse: [Statement]?
        var final: [Statement]?
        while at(.except) {
            let clause = advance().span
            var types: [Expression] = []
            var alias: Parameter?
            if !at(.colon) {
                let caught = expression()
                if case .tuple(let items) = caught.kind { types = items } else { types = [caught] }
                if accept(.as) { alias = name("a name after 'as'") }
            }
            handlers.append(ExceptHandler(types: types, alias: alias, body: block(after: "'except'", start: clause), span: clause))
        }
        if at(.else) && !handlers.isEmpty {
            let clause = advance().span
            orElse = block(after: "'else'", start: clause)
        }
        if at(.finally) {
            let clause = advance().span
            final = block(after: "'finally'", start: clause)
        }
        if handlers.isEmpty && final == nil {
            error(at: current.span, "'try' needs an 'except' or a 'finally' after its block", hint: "line it up with the 'try'")
        }
        return Statement(kind: .try(body: body, handlers: handlers, orElse: orElse, finally: final), span: start)
    }

    private mutating func ifStatement() -> Statement {
        let start = advance().span
        var branches: [Branch] = []
        let condition = expression()
        branches.append(Branch(condition: condition, body: block(after: "'if'", start: start)))
        var orElse: [Statement]?
        while at(.elif) {
            let elif = advance().span
            let condition = expression()
            branches.append(Branch(condition: condition, body: block(after: "'elif'", start: elif)))
        }
        if at(.else) {
            let elseSpan = advance().span
            orElse = block(after: "'else'", start: elseSpan)
        }
        return Statement(kind: .if(branches: branches, orElse: orElse), span: start.through(condition.span))
    }

    private mutating func forStatement() -> Statement {
        let start = advance().span
        var variable = name("a loop variable after 'for'") ?? Parameter(name: "_", span: current.span)
        if python {
            // `for i, item in enumerate(items)`: the names, joined by commas.
            while accept(.comma) {
                guard let next = name("a loop variable") else { break }
                variable = Parameter(name: variable.name + "," + next.name, span: variable.span.through(next.span))
            }
        } else if at(.comma) {
            error(at: current.span, "a for loop takes one variable", hint: "loop over range(...) or a list with one name")
            while accept(.comma) { _ = name("a loop variable") }
        }
        if !accept(.in) {
            error(at: current.span, "expected 'in' after the loop variable, found \(current.kind.described)",
                  hint: "write 'for \(variable.name) in range(5):'")
            skipLine()
            if at(.indent) { _ = skipBlock() }
            return Statement(kind: .pass, span: start)
        }
        let iterable = expression()
        let body = block(after: "'for'", start: start)
        return Statement(kind: .for(variable: variable.name, variableSpan: variable.span, iterable: iterable, body: body),
                         span: start.through(iterable.span))
    }

    /// A statement that fits on a line.
    private mutating func simpleStatement() -> Statement {
        let start = current.span
        func make(_ kind: Statement.Kind) -> Statement { Statement(kind: kind, span: start.through(previous.span)) }
        if python && (at(.import) || at(.from)) { return pythonImportStatement() }
        if !python, case .name(let word) = current.kind, word == "import" || word == "from" {
            return importStatement()
        }
        if case .keyword(let keyword) = current.kind, index + 1 < tokens.count, tokens[index + 1].kind == .symbol(.assign) {
            error(at: current.span, "'\(keyword.rawValue)' is a reserved word and can't be assigned to",
                  hint: "choose another name, for example '\(keyword.rawValue)_'")
            return make(.pass)
        }
        switch current.kind {
        case .keyword(.config):
            _ = advance()
            guard let key = name("a setting name after 'config'") else { return make(.pass) }
            expect(.assign, "after the setting name", hint: "write 'config \(key.name) = value'")
            let value = expression()
            return make(.config(key: key.name, keySpan: key.span, value: value))
        case .keyword(.shared):
            _ = advance()
            guard let name = name("a variable name after 'shared'") else { return make(.pass) }
            guard accept(.assign) else {
                error(at: current.span, "a shared variable needs a starting value", hint: "write 'shared \(name.name) = 0'")
                return make(.pass)
            }
            let value = expression()
            return make(.shared(name: name.name, nameSpan: name.span, value: value))
        case .keyword(.sleep), .keyword(.compute), .keyword(.io):
            let word = advance()
            if at(.newline) || at(.end) {
                error(at: current.span, "expected a duration after '\(word.kind == .keyword(.sleep) ? "sleep" : word.kind == .keyword(.io) ? "io" : "compute")'",
                      hint: "for example: sleep 200ms")
                return make(.pass)
            }
            let duration = expression()
            switch word.kind {
            case .keyword(.sleep): return make(.sleep(duration))
            case .keyword(.io): return make(.io(duration))
            default: return make(.compute(duration))
            }
        case .keyword(.join):
            _ = advance()
            if accept(.all) { return make(.join([], all: true)) }
            if at(.newline) || at(.end) {
                error(at: current.span, "expected what to join", hint: "join t, join t1, t2, join threads, or join all")
                return make(.pass)
            }
            var targets = [expression()]
            while accept(.comma) { targets.append(expression()) }
            return make(.join(targets, all: false))
        case .keyword(.print):
            _ = advance()
            return make(.print(printArguments()))
        case .keyword(.expect), .keyword(.assert):
            _ = advance()
            let condition = expression()
            var message: Expression?
            if accept(.comma) { message = expression() }
            return make(.expect(condition, message: message))
        case .keyword(.return):
            _ = advance()
            if at(.newline) || at(.end) || at(.semicolon) { return make(.return(nil)) }
            return make(.return(python ? expressionList() : expression()))
        case .keyword(.pass):
            _ = advance()
            return make(.pass)
        case .keyword(.break):
            _ = advance()
            return make(.break)
        case .keyword(.continue):
            _ = advance()
            return make(.continue)
        case .keyword(.raise) where python:
            _ = advance()
            if at(.newline) || at(.end) || at(.semicolon) { return make(.raise(nil)) }
            let exception = expression()
            if case .keyword(.from) = current.kind {
                _ = advance()
                _ = expression()
            }
            return make(.raise(exception))
        case .keyword(.del), .keyword(.nonlocal), .keyword(.yield), .keyword(.await):
            let word = advance()
            skipToEndOfStatement()
            if case .keyword(let keyword) = word.kind { return Statement(kind: .unsupported(keyword.rawValue), span: word.span) }
            return make(.pass)
        case .keyword(.global):
            _ = advance()
            var names: [Parameter] = []
            repeat {
                if let name = name("a name after 'global'") { names.append(name) }
            } while accept(.comma)
            return make(.global(names))
        case .keyword(.def), .keyword(.if), .keyword(.while), .keyword(.for), .keyword(.with), .keyword(.repeat):
            error(at: current.span, "\(current.kind.described) must start its own line")
            return make(.pass)
        default:
            var targets = [expression()]
            var trailingComma = false
            while accept(.comma) {
                if at(.assign) {
                    trailingComma = true
                    break
                }
                targets.append(expression())
            }
            if trailingComma && targets.count == 1 {
                error(at: previous.span, "unpacking into one name is not supported", hint: "remove the comma")
                return make(.pass)
            }
            if accept(.assign) {
                if at(.newline) || at(.end) {
                    error(at: current.span, "expected a value after '='")
                    return make(.pass)
                }
                let value = python ? expressionList() : expression()
                if at(.assign) {
                    error(at: current.span, "chained assignment (a = b = value) is not supported",
                          hint: "assign each name on its own line")
                }
                return make(.assign(targets: targets, value: value))
            }
            if let op = augmentedOperator() {
                _ = advance()
                if targets.count > 1 {
                    error(at: targets[1].span, "'\(previous.kind.described)' takes one target")
                }
                let value = expression()
                return make(.augmented(target: targets[0], op, value: value))
            }
            if targets.count > 1 {
                error(at: targets[1].span, "unexpected ',' (a list of values does nothing here)",
                      hint: "to assign several names, add '= value'")
            }
            return make(.expression(targets[0]))
        }
    }

    /// `import threading` or `from threading import Thread, Lock`: Python's modules are built in,
    /// so an import only has to name one of them.
    private mutating func importStatement() -> Statement {
        let start = advance()
        var modules: [Parameter] = []
        if start.kind == .name("from") {
            guard let module = dottedName() else { return Statement(kind: .pass, span: start.span) }
            modules.append(module)
            guard case .name("import") = current.kind else {
                error(at: current.span, "expected 'import' after 'from \(module.name)', found \(current.kind.described)")
                return Statement(kind: .pass, span: start.span)
            }
            _ = advance()
            while !at(.newline) && !at(.end) && !at(.semicolon) { _ = advance() }
        } else {
            repeat {
                guard let module = dottedName() else { break }
                modules.append(module)
                if case .keyword(.as) = current.kind {
                    _ = advance()
                    _ = name("a name after 'as'")
                }
            } while accept(.comma)
        }
        return Statement(kind: .imports(modules), span: start.span.through(previous.span))
    }

    /// A module's name, dotted (`urllib.request`).
    private mutating func dottedName() -> Parameter? {
        guard var module = name("a module name") else { return nil }
        while accept(.dot) {
            guard let part = name("a module name") else { return nil }
            module = Parameter(name: module.name + "." + part.name, span: module.span.through(part.span))
        }
        return module
    }

    /// Skips the rest of a simple statement (to the end of the line or a `;`).
    private mutating func skipToEndOfStatement() {
        var brackets = 0
        while !at(.end) && !at(.indent) && !at(.dedent) && !(brackets <= 0 && (at(.newline) || at(.semicolon))) {
            switch current.kind {
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace): brackets += 1
            case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace): brackets -= 1
            default: break
            }
            index += 1
        }
    }

    /// Python's `import a, b.c as d` and `from a import b, c as d` (or `from a import (b, c)`).
    private mutating func pythonImportStatement() -> Statement {
        let start = advance()
        var items: [ImportItem] = []
        func alias() -> Parameter? {
            accept(.as) ? name("a name after 'as'") : nil
        }
        if start.kind == .keyword(.from) {
            guard let module = dottedName() else { return Statement(kind: .pass, span: start.span) }
            guard accept(.import) else {
                error(at: current.span, "expected 'import' after 'from \(module.name)', found \(current.kind.described)")
                return Statement(kind: .pass, span: start.span)
            }
            let parenthesised = accept(.leftParen)
            if at(.star) {
                error(at: current.span, "'from \(module.name) import *' is not supported",
                      hint: "name what you use: from \(module.name) import Thread, Lock (or import \(module.name))")
                _ = advance()
            } else {
                repeat {
                    if parenthesised && at(.rightParen) { break }
                    guard let name = name("a name to import") else { break }
                    items.append(ImportItem(module: module, name: name, alias: alias()))
                } while accept(.comma)
            }
            if parenthesised { expect(.rightParen, "to close the names imported") }
        } else {
            repeat {
                guard let module = dottedName() else { break }
                items.append(ImportItem(module: module, name: nil, alias: alias()))
            } while accept(.comma)
        }
        return Statement(kind: .pythonImport(items), span: start.span.through(previous.span))
    }

    private func augmentedOperator() -> BinaryOperator? {
        switch current.kind {
        case .symbol(.plusAssign): return .add
        case .symbol(.minusAssign): return .subtract
        case .symbol(.starAssign): return .multiply
        case .symbol(.floorDivideAssign): return .divide
        case .symbol(.percentAssign): return .modulo
        case .symbol(.slashAssign): return python ? .trueDivide : nil
        default: return nil
        }
    }

    /// `print "text"`, `print("text", value)` or `print a, b`: the arguments.
    private mutating func printArguments() -> [Argument] {
        if at(.newline) || at(.end) || at(.semicolon) { return [] }
        if at(.leftParen) {
            // print(...) with Python's call syntax; a following operator means the parentheses
            // only grouped the first value.
            let saved = index
            let savedErrors = diagnostics.count
            _ = advance()
            let arguments = callArguments()
            if at(.newline) || at(.end) || at(.semicolon) { return arguments }
            index = saved
            diagnostics.removeSubrange(savedErrors...)
        }
        var arguments = [Argument(label: nil, labelSpan: nil, value: expression())]
        while accept(.comma) { arguments.append(Argument(label: nil, labelSpan: nil, value: expression())) }
        return arguments
    }
}

extension Parser {
    mutating func accept(_ kind: TokenKind) -> Bool {
        guard current.kind == kind else { return false }
        index += 1
        return true
    }
}
