import InterleaveCore

/// `lambda` as a value, values called (`f(x)`, `callbacks[0]()`), a thread whose target is such a
/// value, and the built-ins that call one (`sorted`, `min` and `max` with `key=`).
extension PythonCompiler {
    /// `lambda a, b=1: body`: a function of its own, made here with the cells of the enclosing
    /// function's locals it uses (so each sees the other's later writes, as Python's closures
    /// do) and the values of its defaults (evaluated now, as Python does). A local of a
    /// lambda or of a comprehension that an inner lambda uses goes in as its value.
    func lambdaValue(_ body: Expression, _ parameters: [Parameter], _ defaults: [Expression?], at span: Span,
                     _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        let names = Set(parameters.map(\.name))
        guard names.count == parameters.count else {
            error(at: span, "a lambda's parameters must have names of their own")
            return f.emit(.push(.none))
        }
        if let first = defaults.firstIndex(where: { $0 != nil }), defaults[first...].contains(where: { $0 == nil }) {
            error(at: span, "a parameter without a default follows one with a default",
                  hint: "give every parameter after the first default one too")
            return f.emit(.push(.none))
        }
        var captured: [String] = []
        PythonCompiler.walk(body) { expression in
            if case .name(let name) = expression.kind, c.locals[name] != nil, !names.contains(name), !captured.contains(name) {
                captured.append(name)
            }
        }
        let ref = builder.declare("<lambda>", parameters: captured.count + parameters.count)
        let line = f.line
        let enclosing = c
        builder.define(ref) { g in
            g.line = line
            var context = PythonContext(function: "<lambda>", isMain: false)
            context.currentClass = enclosing.currentClass
            context.selfName = enclosing.selfName
            for (slot, name) in (captured + parameters.map(\.name)).enumerated() {
                context.locals[name] = g.parameter(slot)
            }
            context.cells = Set(captured.filter { enclosing.cells.contains($0) })
            value(body, &g, &context)
            g.emit(.ret)
        }
        for name in captured {
            // A cell goes in as itself; any other local as its value.
            if c.cells.contains(name), let local = c.locals[name] { f.emit(.load(local.slot)) } else { load(name, at: span, &f, &c) }
        }
        let given = defaults.compactMap { $0 }
        for expression in given { value(expression, &f, &c) }
        f.emit(.makeClosure(function: ref.index, captured: Int32(captured.count), defaults: Int32(given.count)))
    }

    /// Makes the cells of the locals the block's lambdas use and the block assigns (its
    /// parameters' with their values), at the start of a function. A local that is never
    /// assigned again (`self`) goes into a lambda as its value: no one could tell the difference.
    func makeCells(_ body: [Statement], parameters: Set<String>, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        guard hasLambdas else { return }
        let assigned = Set(PythonCompiler.assignedNames(body).map(\.0))
        for name in PythonCompiler.namesUsedByLambdas(body) where c.locals[name] != nil && !c.cells.contains(name) && assigned.contains(name) {
            let local = c.locals[name]!
            if parameters.contains(name) { f.emit(.load(local.slot)) } else { f.emit(.push(.none)) }
            f.emit(.makeCell(name: nameConstant(name)))
            f.emit(.store(local.slot))
            c.cells.insert(name)
        }
    }

    /// The names the block's lambdas read that are not their own parameters, in the order they appear.
    static func namesUsedByLambdas(_ body: [Statement]) -> [String] {
        var names: [String] = []
        forEachExpression(in: body) { expression in
            for name in namesUsedByLambdas(in: expression) where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The names the lambdas in an expression read that are not their own parameters, in order.
    static func namesUsedByLambdas(in expression: Expression) -> [String] {
        var names: [String] = []
        walk(expression) { sub in
            guard case .lambda(let lambdaBody, let parameters, _) = sub.kind else { return }
            let own = Set(parameters.map(\.name))
            walk(lambdaBody) { inner in
                if case .name(let name) = inner.kind, !own.contains(name), !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    /// `callee(arguments...)` where the callee is a value (a lambda, a method taken from an
    /// instance): positional arguments only.
    func callOfValue(_ callee: Expression, _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder,
                     _ c: inout PythonContext) {
        if let keyword = arguments.first(where: { $0.label != nil }) {
            error(at: keyword.labelSpan ?? keyword.value.span, "a value called (a lambda, a method taken from an instance) takes its arguments by position here",
                  hint: "pass them in order, without names")
            return f.emit(.push(.none))
        }
        value(callee, &f, &c)
        for argument in arguments { value(argument.value, &f, &c) }
        f.emit(.callValue(argc: Int32(arguments.count)))
    }

    /// `Thread(target=value, args=(...))` for a target that is a value (a lambda): the thread runs
    /// a function that calls it with the arguments. Pushes the spec's function's arguments.
    func valueTarget(_ target: Expression, _ given: [Argument], at span: Span, _ f: inout FunctionBuilder,
                     _ c: inout PythonContext) -> Int32? {
        if let keyword = given.first(where: { $0.label != nil }) {
            error(at: keyword.labelSpan ?? keyword.value.span, "a target that is a lambda takes its arguments by position (args=) here",
                  hint: "pass them in args=(...), in order")
            return nil
        }
        value(target, &f, &c)
        for argument in given { value(argument.value, &f, &c) }
        return trampoline(arguments: given.count).index
    }

    /// The function `<lambda>(callee, a1, ..., an)` that calls `callee(a1, ..., an)`: the body of a
    /// thread whose target is a value. One for each count of arguments.
    private func trampoline(arguments count: Int) -> FunctionRef {
        if let made = trampolines[count] { return made }
        let ref = builder.declare("<lambda>", parameters: 1 + count)
        builder.define(ref) { g in
            for slot in 0...count { g.emit(.load(Int32(slot))) }
            g.emit(.callValue(argc: Int32(count)))
            g.emit(.pop)
            g.emit(.push(.none))
            g.emit(.ret)
        }
        trampolines[count] = ref
        return ref
    }

    /// The built-ins that can be a `key=`: those of one value.
    static let keyBuiltins: Set<String> = ["len", "str", "repr", "int", "float", "abs", "bool", "sum", "min", "max", "sorted", "list", "tuple"]

    /// `sorted(items, key=f, reverse=...)`, `min(items, key=f)`, `max(items, key=f)`: each item
    /// decorated as `(f(item), i, item)` (`-i` where the result is reversed or the largest, so
    /// that equal keys keep their order, as Python's sort and min and max do), those sorted, and
    /// the items taken back. Returns false when there is no `key=` or `reverse=` to handle.
    func keyedCollection(_ name: String, _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder,
                         _ c: inout PythonContext) -> Bool {
        let key = arguments.first { $0.label == "key" }?.value
        let reverse = arguments.first { $0.label == "reverse" }?.value
        guard key != nil || (reverse != nil && name == "sorted") else { return false }
        let positional = arguments.filter { $0.label == nil }
        guard positional.count == 1, arguments.allSatisfy({ $0.label == nil || $0.label == "key" || ($0.label == "reverse" && name == "sorted") }) else {
            error(at: span, name == "sorted" ? "sorted() takes one list and key= and reverse= here"
                      : "\(name)() takes one list and key= here", hint: "\(name)(items, key=lambda item: item[1])")
            f.emit(.push(.none))
            return true
        }
        var descending: Bool? = name == "max"
        if let reverse {
            switch reverse.kind {
            case .boolean(let flag): descending = flag
            default:
                error(at: reverse.span, "reverse= takes True or False written out")
                descending = nil
            }
        }
        guard let descending else {
            f.emit(.push(.none))
            return true
        }
        let decorated = f.local(), item = f.local(), index = f.local()
        let itemName = hidden("\(name) item")
        c.locals[itemName] = item
        defer { c.locals[itemName] = nil }
        f.emit(.buildList(0))
        f.emit(.store(decorated.slot))
        f.emit(.push(0))
        f.emit(.store(index.slot))
        forLoop([itemName], span, positional[0].value, &f, &c) { f, c in
            f.emit(.load(decorated.slot))
            if let key {
                let argument = Argument(label: nil, labelSpan: nil, value: Expression(kind: .name(itemName), span: key.span))
                if case .name(let builtinName) = key.kind, functions[builtinName] == nil, isBuiltin(builtinName, c),
                   PythonCompiler.keyBuiltins.contains(builtinName) {
                    // key=len, key=str, key=abs: the built-in called on the item.
                    builtin(builtinName, [argument], at: key.span, &f, &c)
                } else if case .name(let function) = key.kind, c.locals[function] == nil, let found = functions[function] {
                    // A function defined with 'def': called as a call names it.
                    if let bound = bind([Argument(label: nil, labelSpan: nil, value: Expression(kind: .name(itemName), span: key.span))],
                                        to: found.syntax, at: key.span) {
                        for expression in bound { value(expression, &f, &c) }
                        f.emit(.call(found.ref.index))
                    } else {
                        f.emit(.push(.none))
                    }
                } else {
                    callOfValue(key, [Argument(label: nil, labelSpan: nil, value: Expression(kind: .name(itemName), span: key.span))],
                              at: key.span, &f, &c)
                }
            } else {
                f.emit(.load(item.slot))
            }
            f.emit(.load(index.slot))
            if descending { f.emit(.unary(.negate)) }
            f.emit(.load(item.slot))
            f.emit(.buildTuple(3))
            f.emit(.listAppend)
            f.emit(.load(index.slot))
            f.emit(.push(1))
            f.emit(.binary(.add))
            f.emit(.store(index.slot))
        }
        f.emit(.load(decorated.slot))
        if name == "sorted" {
            f.emit(.collect(.sorted))
            if descending {
                f.emit(.dup)
                f.emit(.method(.reverse, argc: 0))
                f.emit(.pop)
            }
            // The items taken back out of their tuples.
            let sorted = f.local(), result = f.local(), entry = f.local()
            f.emit(.store(sorted.slot))
            f.emit(.buildList(0))
            f.emit(.store(result.slot))
            let entryName = hidden("sorted entry"), sortedName = hidden("sorted list")
            c.locals[entryName] = entry
            c.locals[sortedName] = sorted
            forLoop([entryName], span, Expression(kind: .name(sortedName), span: span), &f, &c) { f, _ in
                f.emit(.load(result.slot))
                f.emit(.load(entry.slot))
                f.emit(.push(2))
                f.emit(.listGet)
                f.emit(.listAppend)
            }
            c.locals[entryName] = nil
            c.locals[sortedName] = nil
            f.emit(.load(result.slot))
        } else {
            f.emit(.collect(name == "min" ? .min : .max))
            f.emit(.push(2))
            f.emit(.listGet)
        }
        return true
    }
}
