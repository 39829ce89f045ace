/// Which names a block binds, declares global and reads: Python's scopes, found before compiling.
extension PythonCompiler {
    /// The names a block assigns (targets of `=`, `+=`, `for`, `with ... as`, `except ... as`), in
    /// order, with where each is first bound; nested functions are not entered, and a
    /// comprehension's names are its own (Python 3 gives a comprehension a scope of its own).
    static func assignedNames(_ body: [Statement]) -> [(String, Span)] {
        var names: [(String, Span)] = []
        var seen: Set<String> = []
        func bind(_ name: String, _ span: Span) {
            if seen.insert(name).inserted { names.append((name, span)) }
        }
        func target(_ expression: Expression) {
            switch expression.kind {
            case .name(let name): bind(name, expression.span)
            case .tuple(let items), .list(let items): items.forEach(target)
            default: break
            }
        }
        func expression(_ e: Expression) {}
        func visit(_ statements: [Statement]) {
            for statement in statements {
                switch statement.kind {
                case .assign(let targets, let value):
                    targets.forEach(target)
                    expression(value)
                case .augmented(let t, _, let value):
                    target(t)
                    expression(value)
                case .for(let variable, let span, let iterable, let body):
                    // `for a, b in pairs` arrives as the name list "a,b".
                    for part in variable.split(separator: ",") { bind(String(part), span) }
                    expression(iterable)
                    visit(body)
                case .with(let items, let body):
                    for item in items {
                        if let alias = item.alias { bind(alias.name, alias.span) }
                    }
                    visit(body)
                case .if(let branches, let orElse):
                    for branch in branches { visit(branch.body) }
                    visit(orElse ?? [])
                case .while(_, let body):
                    visit(body)
                case .try(let body, let handlers, let orElse, let final):
                    visit(body)
                    for handler in handlers {
                        if let alias = handler.alias { bind(alias.name, alias.span) }
                        visit(handler.body)
                    }
                    visit(orElse ?? [])
                    visit(final ?? [])
                case .expression(let e):
                    expression(e)
                case .return(let e?):
                    expression(e)
                default:
                    break
                }
            }
        }
        visit(body)
        return names
    }

    /// The names a block declares `global`.
    static func globalDeclarations(_ body: [Statement]) -> Set<String> {
        var names: Set<String> = []
        func visit(_ statements: [Statement]) {
            for statement in statements {
                switch statement.kind {
                case .global(let declared): declared.forEach { names.insert($0.name) }
                case .if(let branches, let orElse):
                    for branch in branches { visit(branch.body) }
                    visit(orElse ?? [])
                case .while(_, let body), .for(_, _, _, let body), .with(_, let body): visit(body)
                case .try(let body, let handlers, let orElse, let final):
                    visit(body)
                    for handler in handlers { visit(handler.body) }
                    visit(orElse ?? [])
                    visit(final ?? [])
                default: break
                }
            }
        }
        visit(body)
        return names
    }

    /// The names a block reads, in the order they first appear.
    static func referencedNames(_ body: [Statement]) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        forEachExpression(in: body) { e in
            walk(e) { sub in
                if case .name(let name) = sub.kind, seen.insert(name).inserted { names.append(name) }
            }
        }
        return names
    }

    /// Calls `expression` on every expression a block evaluates (not the names it assigns), in
    /// order; nested functions are not entered.
    static func forEachExpression(in body: [Statement], _ expression: (Expression) -> Void) {
        func visit(_ statements: [Statement]) {
            for statement in statements {
                switch statement.kind {
                case .assign(let targets, let value):
                    // A subscript or attribute target reads its base.
                    for target in targets {
                        if case .name = target.kind {} else { expression(target) }
                    }
                    expression(value)
                case .augmented(let target, _, let value):
                    expression(target)
                    expression(value)
                case .expression(let e): expression(e)
                case .return(let e): if let e { expression(e) }
                case .expect(let e, let message):
                    expression(e)
                    if let message { expression(message) }
                case .if(let branches, let orElse):
                    for branch in branches {
                        expression(branch.condition)
                        visit(branch.body)
                    }
                    visit(orElse ?? [])
                case .while(let condition, let body):
                    expression(condition)
                    visit(body)
                case .for(_, _, let iterable, let body):
                    expression(iterable)
                    visit(body)
                case .with(let items, let body):
                    for item in items { expression(item.value) }
                    visit(body)
                case .try(let body, let handlers, let orElse, let final):
                    visit(body)
                    for handler in handlers {
                        handler.types.forEach(expression)
                        visit(handler.body)
                    }
                    visit(orElse ?? [])
                    visit(final ?? [])
                case .raise(let e?): expression(e)
                default: break
                }
            }
        }
        visit(body)
    }

    /// Calls `visit` on an expression and every expression inside it.
    static func walk(_ expression: Expression, _ visit: (Expression) -> Void) {
        visit(expression)
        switch expression.kind {
        case .unary(_, let a), .start(let a, _): walk(a, visit)
        case .lambda(let body, _, let defaults):
            walk(body, visit)
            for case let value? in defaults { walk(value, visit) }
        case .binary(_, let a, let b), .logical(_, let a, let b), .index(let a, let b):
            walk(a, visit)
            walk(b, visit)
        case .call(let callee, let arguments):
            walk(callee, visit)
            for argument in arguments { walk(argument.value, visit) }
        case .attribute(let base, _, _): walk(base, visit)
        case .slice(let base, let start, let end):
            walk(base, visit)
            if let start { walk(start, visit) }
            if let end { walk(end, visit) }
        case .list(let items), .tuple(let items): for item in items { walk(item, visit) }
        case .dict(let pairs):
            for pair in pairs {
                walk(pair.key, visit)
                walk(pair.value, visit)
            }
        case .string(_, let holes): for hole in holes { walk(hole, visit) }
        case .comprehension(let element, _, _, let iterable, let condition, let key):
            if let key { walk(key, visit) }
            walk(element, visit)
            walk(iterable, visit)
            if let condition { walk(condition, visit) }
        case .conditional(let then, let condition, let otherwise):
            walk(then, visit)
            walk(condition, visit)
            walk(otherwise, visit)
        case .integer, .duration, .float, .boolean, .none, .name, .bytes, .invalid: break
        }
    }
}
