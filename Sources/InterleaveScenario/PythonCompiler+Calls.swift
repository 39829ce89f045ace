import InterleaveCore

/// Python calls: the program's functions, built-ins, the modelled library, objects' methods and
/// values' methods.
extension PythonCompiler {
    /// Compiles a call; it leaves its result on the stack when `wantsValue`, nothing otherwise.
    func call(_ callee: Expression, _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder,
              _ c: inout PythonContext, wantsValue: Bool) {
        if !wantsValue, case .name("print") = callee.kind, isBuiltin("print", c) {
            print(arguments, at: span, &f, &c)
            return
        }
        callValue(callee, arguments, at: span, &f, &c)
        if !wantsValue { f.emit(.pop) }
    }

    /// Compiles a call that pushes its result.
    private func callValue(_ callee: Expression, _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder,
                           _ c: inout PythonContext) {
        if baseCall(callee, arguments, at: span, &f, &c) { return }
        if let qualified = qualifiedName(callee) {
            guard let member = PythonLibrary.members[qualified] else {
                error(at: callee.span, "Interleave does not model '\(qualified)'",
                      hint: Suggestions.hint(for: qualified, in: PythonLibrary.members.keys.sorted()))
                return f.emit(.push(.none))
            }
            return library(member, qualified, arguments, at: span, &f, &c)
        }
        switch callee.kind {
        case .name(let name):
            if c.locals[name] != nil || shared[name] != nil {
                // A lambda (or a method taken from an instance) held in a variable.
                return callOfValue(callee, arguments, at: span, &f, &c)
            }
            if let function = functions[name] { return callFunction(function.syntax, function.ref, arguments, at: span, &f, &c) }
            if let known = classes[name] { return instantiate(known, arguments, at: span, &f, &c) }
            if isBuiltin(name, c) { return builtin(name, arguments, at: span, &f, &c) }
            load(name, at: callee.span, &f, &c)     // reports what it is
        case .attribute(let base, let name, let nameSpan):
            if name == "wait_for" && !isUserMethod(name) { return waitFor(base, arguments, at: span, &f, &c) }
            if loggerCall(base, name, arguments, at: span, &f, &c) { return }
            if case .name(let objectName) = base.kind, c.locals[objectName] == nil, let object = objects[objectName] {
                return objectMethod(object, objectName, name, nameSpan, arguments, at: span, &f, &c)
            }
            if isUserMethod(name) {
                // A name a built-in value has too (`get`, `join`, `start`): which one runs shows when the program runs.
                if Method(rawValue: name) != nil || ["get_nowait", "put_nowait"].contains(name) {
                    return eitherMethodCall(base, name, nameSpan, arguments, at: span, &f, &c)
                }
                return userMethodCall(base, name, nameSpan, arguments, at: span, &f, &c)
            }
            if attributeNames.contains(name) {
                // `self.callback(x)`: an attribute holding a lambda; with a name built-in values'
                // methods have too (`self.abort = ...`), an instance's attribute or another value's method.
                if Method(rawValue: name) == nil { return callOfValue(callee, arguments, at: span, &f, &c) }
                return eitherMethodCall(base, name, nameSpan, arguments, ofAttribute: true, at: span, &f, &c)
            }
            return valueMethod(base, name, nameSpan, arguments, at: span, &f, &c)
        default:
            // `(lambda x: x)(1)`, `handlers[0](event)`: the value is called when the program runs.
            callOfValue(callee, arguments, at: span, &f, &c)
        }
    }

    /// `condition.wait_for(predicate, timeout=None)`, as Python's is written: the predicate is
    /// evaluated, and while it is false the condition is waited for (with what is left of the
    /// timeout), then evaluated again; its last value is the result. A `lambda`'s body is
    /// evaluated where the call is (it sees the names there as they are at each evaluation); a
    /// function or a method is called.
    private func waitFor(_ condition: Expression, _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder,
                         _ c: inout PythonContext) {
        let predicate = arguments.first { $0.label == "predicate" || $0.label == nil }?.value
        let timeout = arguments.first { $0.label == "timeout" }?.value
            ?? (arguments.count > 1 && arguments[1].label == nil ? arguments[1].value : nil)
        guard let predicate else {
            error(at: span, "wait_for() needs its predicate", hint: "cond.wait_for(lambda: ready)")
            return f.emit(.push(.none))
        }
        func test(_ f: inout FunctionBuilder, _ c: inout PythonContext) {
            switch predicate.kind {
            case .lambda(let body, let parameters, _) where parameters.isEmpty: value(body, &f, &c)
            default: call(predicate, [], at: predicate.span, &f, &c, wantsValue: true)
            }
        }
        let held = f.local(), result = f.local(), deadline = f.local()
        value(condition, &f, &c)
        f.emit(.store(held.slot))
        if let timeout {
            f.emit(.clock)
            value(timeout, &f, &c)
            f.emit(.binary(.add))
            f.emit(.store(deadline.slot))
        }
        let top = f.here
        test(&f, &c)
        f.emit(.dup)
        f.emit(.store(result.slot))
        let waits = f.jumpForward(ifFalse: true)
        let done = f.jumpForward()
        f.land(waits)
        f.emit(.load(held.slot))
        if timeout != nil {
            // What is left of the timeout; none left: the result is the predicate's last value.
            f.emit(.load(deadline.slot))
            f.emit(.clock)
            f.emit(.binary(.subtract))
            f.emit(.dup)
            f.emit(.push(.int(0)))
            f.emit(.binary(.greater))
            let noneLeft = f.jumpForward(ifFalse: true)
            f.emit(.method(.wait, argc: 1))
            f.emit(.pop)
            f.emit(.jump(top))
            f.land(noneLeft)
            f.emit(.pop)
            f.emit(.pop)
        } else {
            f.emit(.method(.wait, argc: 0))
            f.emit(.pop)
            f.emit(.jump(top))
        }
        f.land(done)
        f.emit(.load(result.slot))
    }

    /// `value.get(...)` where a class of the program defines `get` (or, `ofAttribute`, gives its
    /// instances an attribute `get`, a lambda) and built-in values have one too: an instance calls
    /// its class's method (or its attribute's value), any other value its own method. Arguments that
    /// suit only one of them make the other raise `TypeError` when it is the one called.
    private func eitherMethodCall(_ base: Expression, _ name: String, _ nameSpan: Span, _ arguments: [Argument],
                                  ofAttribute: Bool = false, at span: Span,
                                  _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        let receiver = f.local()
        value(base, &f, &c)
        f.emit(.store(receiver.slot))
        let held = hidden("receiver")
        c.locals[held] = receiver
        defer { c.locals[held] = nil }
        let heldExpression = Expression(kind: .name(held), span: base.span)
        f.emit(.load(receiver.slot))
        f.emit(.isInstance)
        let builtin = f.jumpForward(ifFalse: true)
        func path(_ body: (inout FunctionBuilder, inout PythonContext) -> Void) -> [Diagnostic] {
            let before = diagnostics.count
            body(&f, &c)
            let found = Array(diagnostics[before...])
            diagnostics.removeSubrange(before...)
            if !found.isEmpty {
                // These arguments don't suit this method: calling it raises, as Python would.
                f.emit(.pop)
                f.emit(.push(builder.text("\(name)() got arguments it does not take")))
                f.emit(.raise(name: nameConstant("TypeError")))
            }
            return found
        }
        let own = path { f, c in
            if ofAttribute {
                callOfValue(Expression(kind: .attribute(heldExpression, name, nameSpan: nameSpan), span: span), arguments, at: span, &f, &c)
            } else {
                userMethodCall(heldExpression, name, nameSpan, arguments, at: span, &f, &c)
            }
        }
        let done = f.jumpForward()
        f.land(builtin)
        let others = path { f, c in valueMethod(heldExpression, name, nameSpan, arguments, at: span, &f, &c) }
        f.land(done)
        // Arguments that suit neither are the program's mistake.
        if !own.isEmpty && !others.isEmpty { diagnostics += own }
    }

    /// A method of a value whose kind shows only when the program runs (`t.join()`,
    /// `items.append(x)`, `lock.acquire(timeout=1)` on a lock passed in): keyword arguments are
    /// put in the places the method takes them, and a queue's `get` and `put` that may give up
    /// raise `Empty` and `Full` as Python's do.
    private func valueMethod(_ base: Expression, _ name: String, _ nameSpan: Span, _ arguments: [Argument], at span: Span,
                             _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        /// The parameters a method takes by keyword, in order; its arguments are put in these places.
        let keywords: [String: [String]] = [
            "acquire": ["blocking", "timeout"], "wait": ["timeout"], "join": ["timeout"], "notify": ["n"], "release": ["n"],
            "result": ["timeout"],
            "get(block, timeout)": ["block", "timeout"], "put(item, block, timeout)": ["item", "block", "timeout"],
        ]
        var method = Method(rawValue: name)
        let hasKeywords = arguments.contains { $0.label != nil }
        var fixed: [String: Expression] = [:]
        switch name {
        case "get_nowait": method = .getWaiting; fixed["block"] = Expression(kind: .boolean(false), span: nameSpan)
        case "put_nowait": method = .putWaiting; fixed["block"] = Expression(kind: .boolean(false), span: nameSpan)
        case "get" where hasKeywords: method = .getWaiting
        case "put" where hasKeywords: method = .putWaiting
        default: break
        }
        guard let method else {
            error(at: nameSpan, "Interleave does not know the method '\(name)'",
                  hint: Suggestions.hint(for: name, in: Method.allCases.map(\.rawValue).filter { !$0.contains("(") }))
            return f.emit(.push(.none))
        }
        value(base, &f, &c)
        if let parameters = keywords[method.rawValue], hasKeywords || !fixed.isEmpty || method == .getWaiting || method == .putWaiting {
            var slots: [Expression?] = Array(repeating: nil, count: parameters.count)
            var position = 0
            for argument in arguments {
                let slot = argument.label.flatMap { parameters.firstIndex(of: $0) } ?? (argument.label == nil ? position : nil)
                guard let slot, slot < slots.count else {
                    error(at: argument.labelSpan ?? argument.value.span,
                          "\(name)() takes \(parameters.joined(separator: ", ")) here, not \(argument.label.map { "'\($0)'" } ?? "more")")
                    return f.emit(.push(.none))
                }
                slots[slot] = argument.value
                if argument.label == nil { position += 1 }
            }
            for (slot, parameter) in parameters.enumerated() where slots[slot] == nil { slots[slot] = fixed[parameter] }
            for slot in slots {
                if let slot { value(slot, &f, &c) } else { f.emit(.push(.none)) }
            }
            f.emit(.method(method, argc: Int32(slots.count)))
        } else {
            for argument in arguments {
                if let label = argument.label {
                    error(at: argument.labelSpan ?? argument.value.span, "\(name)() takes no keyword '\(label)' here")
                }
                value(argument.value, &f, &c)
            }
            f.emit(.method(method, argc: Int32(arguments.count)))
        }
        // A method that gives -1 where Python raises (a broken barrier's wait), for a library class
        // that declares so; no other gives -1 (waits give True or False).
        if let exception = PythonLibrary.raisesOnMinusOne[name] { raiseIfMinusOne(exception, &f) }
        if method == .getWaiting { raiseUnlessTrue("Empty", &f) }
        if method == .result && !arguments.isEmpty { raiseUnlessTrue("TimeoutError", &f) }
        if method == .putWaiting {
            raiseUnlessTrue("Full", &f)
            f.emit(.push(.none))
        }
    }

    /// A call of one of the program's functions: arguments bound to parameters, defaults filled in.
    private func callFunction(_ function: Function, _ ref: FunctionRef, _ arguments: [Argument], at span: Span,
                              _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        guard let bound = bind(arguments, to: function, at: span) else { return f.emit(.push(.none)) }
        for expression in bound { value(expression, &f, &c) }
        f.emit(.call(ref.index))
    }

    /// The expressions for a method's parameters after its first (the instance's).
    func bind(_ arguments: [Argument], to function: Function, at span: Span, skippingFirst: Bool) -> [Expression]? {
        guard skippingFirst, !function.parameters.isEmpty else { return bind(arguments, to: function, at: span) }
        var rest = function
        rest.parameters.removeFirst()
        if !rest.defaults.isEmpty { rest.defaults.removeFirst() }
        return bind(arguments, to: rest, at: span)
    }

    /// The expressions that give each parameter of `function` its value in a call, in order;
    /// nil after reporting a mismatch.
    func bind(_ arguments: [Argument], to function: Function, at span: Span) -> [Expression]? {
        var bound: [Expression?] = Array(repeating: nil, count: function.parameters.count)
        var positional = 0
        for argument in arguments {
            if let label = argument.label {
                guard let index = function.parameters.firstIndex(where: { $0.name == label }) else {
                    error(at: argument.labelSpan ?? argument.value.span, "\(function.name)() has no parameter '\(label)'",
                          hint: Suggestions.hint(for: label, in: function.parameters.map(\.name)))
                    return nil
                }
                guard bound[index] == nil else {
                    error(at: argument.value.span, "\(function.name)() got two values for '\(label)'")
                    return nil
                }
                bound[index] = argument.value
            } else {
                guard positional < bound.count else {
                    error(at: argument.value.span, "\(function.name)() takes \(function.parameters.count) argument\(function.parameters.count == 1 ? "" : "s") but more were given")
                    return nil
                }
                bound[positional] = argument.value
                positional += 1
            }
        }
        for index in bound.indices where bound[index] == nil {
            if index < function.defaults.count, let value = function.defaults[index] {
                bound[index] = value
            } else {
                error(at: span, "\(function.name)() is missing its argument '\(function.parameters[index].name)'")
                return nil
            }
        }
        return bound.map { $0! }
    }

    // MARK: Built-ins

    func builtin(_ name: String, _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder,
                 _ c: inout PythonContext) {
        if name == "print" {
            print(arguments, at: span, &f, &c)
            return f.emit(.push(.none))
        }
        if ["min", "max", "sorted"].contains(name), keyedCollection(name, arguments, at: span, &f, &c) { return }
        guard arguments.allSatisfy({ $0.label == nil }) else {
            error(at: span, "\(name)() takes no keyword arguments here")
            return f.emit(.push(.none))
        }
        switch name {
        case "range", "enumerate":
            // As a value (`zip(names, range(3))`, `list(enumerate(xs))`): the list of what a for loop over it takes.
            let names = name == "range" ? [hidden("range item")] : [hidden("index"), hidden("item")]
            let element = names.count == 1 ? Expression(kind: .name(names[0]), span: span)
                : Expression(kind: .tuple(names.map { Expression(kind: .name($0), span: span) }), span: span)
            let iterable = Expression(kind: .call(Expression(kind: .name(name), span: span), arguments), span: span)
            value(Expression(kind: .comprehension(element: element, variable: names.joined(separator: ","), variableSpan: span,
                                                  iterable: iterable, condition: nil, key: nil), span: span), &f, &c)
        case "round":
            guard (1...2).contains(arguments.count) else {
                error(at: span, "round() takes a number and, if you like, how many digits")
                return f.emit(.push(.none))
            }
            value(arguments[0].value, &f, &c)
            if arguments.count == 2 { value(arguments[1].value, &f, &c) } else { f.emit(.push(.none)) }
            f.emit(.binary(.round))
        case "zip":
            for argument in arguments { value(argument.value, &f, &c) }
            f.emit(.buildTuple(Int32(arguments.count)))
            f.emit(.collect(.zip))
        case "sum", "min", "max", "sorted", "list", "tuple", "any", "all", "set":
            let collection = Collection(rawValue: name)!
            if arguments.isEmpty && (name == "list" || name == "tuple" || name == "set") {
                f.emit(name == "tuple" ? .buildTuple(0) : .buildList(0))
                if name == "set" { f.emit(.collect(.set)) }
                return
            }
            if arguments.count > 1 && (name == "min" || name == "max") {
                // min(a, b, c): the same as min of the tuple (a, b, c).
                for argument in arguments { value(argument.value, &f, &c) }
                f.emit(.buildTuple(Int32(arguments.count)))
                return f.emit(.collect(collection))
            }
            guard arguments.count == 1 else {
                error(at: span, "\(name)() takes one list, tuple or text here")
                return f.emit(.push(.none))
            }
            if case .call(let callee, let inner) = arguments[0].value.kind, case .name("range") = callee.kind, isBuiltin("range", c) {
                // sum(range(n)), list(range(n)): the range as a list first.
                let list = f.local(), item = f.local()
                let hidden = self.hidden("range item")
                c.locals[hidden] = item
                f.emit(.buildList(0))
                f.emit(.store(list.slot))
                forLoop([hidden], span, Expression(kind: .call(callee, inner), span: arguments[0].value.span), &f, &c) { f, _ in
                    f.emit(.load(list.slot))
                    f.emit(.load(item.slot))
                    f.emit(.listAppend)
                }
                c.locals[hidden] = nil
                f.emit(.load(list.slot))
            } else {
                value(arguments[0].value, &f, &c)
            }
            f.emit(.collect(collection))
        case "compute", "io":
            // compute(0.01): CPU-bound work holding the GIL; io(0.01): blocking I/O without it.
            guard arguments.count == 1 else {
                error(at: span, "\(name)() takes the seconds it lasts, such as \(name)(0.01)")
                return f.emit(.push(.none))
            }
            value(arguments[0].value, &f, &c)
            f.emit(.seconds)
            f.emit(name == "compute" ? .compute : .io)
            f.emit(.push(.none))
        case "expect":
            // expect(condition, "what it means"): counted in the summary, failing ends the run's status 1.
            guard (1...2).contains(arguments.count) else {
                error(at: span, "expect() takes a condition and, after it, text saying what it checks")
                return f.emit(.push(.none))
            }
            var text = file.text(arguments[0].value.span)
            if arguments.count == 2 {
                guard case .string(let pieces, let holes) = arguments[1].value.kind, holes.isEmpty else {
                    error(at: arguments[1].value.span, "expect()'s text is written out, such as \"no update is lost\"")
                    return f.emit(.push(.none))
                }
                text = pieces.map { if case .text(let t) = $0 { t } else { "" } }.joined()
            }
            value(arguments[0].value, &f, &c)
            f.emitExpect(text)
            f.emit(.push(.none))
        case "len":
            guard arguments.count == 1 else {
                error(at: span, "len() takes exactly one argument (\(arguments.count) given)")
                return f.emit(.push(.none))
            }
            value(arguments[0].value, &f, &c)
            f.emit(.listLength)
        default:
            let operators: [String: UnaryOperator] = ["str": .str, "repr": .repr, "int": .int, "float": .float, "abs": .abs, "bool": .bool]
            guard let op = operators[name] else {
                error(at: span, "Interleave does not model '\(name)()' yet")
                return f.emit(.push(.none))
            }
            guard arguments.count <= 1, !(arguments.isEmpty && (name == "abs" || name == "repr")) else {
                error(at: span, "\(name)() takes one argument here")
                return f.emit(.push(.none))
            }
            guard let argument = arguments.first else {
                // str() is '', int() 0, float() 0.0, bool() False.
                let empty: [String: Value] = ["str": builder.text(""), "int": .int(0), "float": .float(0), "bool": .bool(false)]
                return f.emit(.push(empty[name] ?? .none))
            }
            value(argument.value, &f, &c)
            f.emit(.unary(op))
        }
    }

    /// `print(*values, sep=' ', end='\n')`: one printed line; f-strings' holes go straight into it.
    private func print(_ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        var separator = " "
        var end = "\n"
        var pieces: [PrintFormat.Piece] = []
        for argument in arguments {
            guard let label = argument.label else { continue }
            switch label {
            case "sep", "end":
                guard case .string(let parts, let holes) = argument.value.kind, holes.isEmpty else {
                    error(at: argument.value.span, "\(label)= takes text written out here")
                    continue
                }
                let text = parts.map { if case .text(let t) = $0 { t } else { "" } }.joined()
                if label == "sep" { separator = text } else { end = text }
            case "flush": break
            default:
                error(at: argument.labelSpan ?? argument.value.span, "print() takes no keyword '\(label)' here",
                      hint: label == "file" ? "output always goes to the run's output" : nil)
            }
        }
        for (index, argument) in arguments.filter({ $0.label == nil }).enumerated() {
            if index > 0 { pieces.append(.text(separator)) }
            if case .string(let parts, let holes) = argument.value.kind {
                for hole in holes { value(hole, &f, &c) }
                pieces += PythonCompiler.formatPieces(parts)
            } else {
                value(argument.value, &f, &c)
                pieces.append(.value)
            }
        }
        var format = PrintFormat(pieces)
        if end.hasSuffix("\n") {
            if end.count > 1 { format.pieces.append(.text(String(end.dropLast()))) }
        } else {
            format.pieces.append(.text(end))
            format.endsLine = false
        }
        f.emit(.print(builder.addFormat(format)))
    }

    // MARK: The library

    private func library(_ member: PythonLibrary.Member, _ qualified: String, _ arguments: [Argument], at span: Span,
                         _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        func positional(_ index: Int, _ label: String) -> Expression? {
            arguments.first(where: { $0.label == label })?.value
                ?? arguments.filter({ $0.label == nil }).dropFirst(index).first?.value
        }
        func requireArguments(_ count: Int) -> Bool {
            guard arguments.count == count else {
                error(at: span, "\(qualified)() takes \(count) argument\(count == 1 ? "" : "s") here (\(arguments.count) given)")
                f.emit(.push(.none))
                return false
            }
            return true
        }
        switch member {
        case .object(let kind):
            makeObject(kind, qualified, arguments, at: span, &f, &c)
        case .thread:
            thread(arguments, at: span, &f, &c)
        case .process:
            thread(arguments, process: true, at: span, &f, &c)
        case .timer:
            timer(arguments, at: span, &f, &c)
        case .logger:
            error(at: span, "Interleave names a logger at the top of the file only: logger = logging.getLogger(__name__)")
            f.emit(.push(.none))
        case .local:
            error(at: span, "Interleave makes a threading.local() only at the top of the file, bound to a name",
                  hint: "data = threading.local() at the top, then data.value = ... in each thread")
            f.emit(.push(.none))
        case .function(let function):
            switch function {
            case .sleep:
                guard requireArguments(1) else { return }
                value(arguments[0].value, &f, &c)
                f.emit(.seconds)
                f.emit(.sleep)
                f.emit(.push(.none))
            case .clock:
                guard requireArguments(0) else { return }
                f.emit(.clock)
            case .setSwitchInterval:
                guard requireArguments(1) else { return }
                value(arguments[0].value, &f, &c)
                f.emit(.switchInterval(set: true))
                f.emit(.pop)
                f.emit(.push(.none))
            case .getSwitchInterval:
                guard requireArguments(0) else { return }
                f.emit(.switchInterval(set: false))
            case .currentThread:
                guard requireArguments(0) else { return }
                f.emit(.currentThread)
            case .currentProcess:
                error(at: span, "Interleave models current_process().name only", hint: "write multiprocessing.current_process().name")
                f.emit(.push(.none))
            case .logConfig:
                if !loggingConfigs.contains(span.start) {
                    error(at: span, "Interleave reads logging.basicConfig(...) when it is a statement at the top of the file (or in an if block there)",
                          hint: "move it out of the function, to the top of the file")
                }
                f.emit(.push(.none))
            case .log(let level, let name):
                log(level, name, arguments, at: span, &f, &c)
            case .threads(let query):
                guard requireArguments(0) else { return }
                f.emit(.threadsAlive(query))
            case .getIdent:
                guard requireArguments(0) else { return }
                f.emit(.currentThread)
                f.emit(.attribute(.ident))
            case .request:
                guard let url = positional(0, "url") else {
                    error(at: span, "\(qualified)() needs the URL")
                    return f.emit(.push(.none))
                }
                value(url, &f, &c)
                f.emit(.request)
            case .socket:
                // The family and type (socket.AF_INET, socket.SOCK_STREAM) are evaluated; the
                // socket is a TCP one whatever they are.
                for argument in arguments {
                    value(argument.value, &f, &c)
                    f.emit(.pop)
                }
                f.emit(.socket)
            case .createConnection:
                guard let address = positional(0, "address") else {
                    error(at: span, "\(qualified)() needs the address: (host, port)")
                    return f.emit(.push(.none))
                }
                f.emit(.socket)
                f.emit(.dup)
                value(address, &f, &c)
                f.emit(.method(.connect, argc: 1))
                f.emit(.pop)
            case .random:
                guard requireArguments(0) else { return }
                f.emit(.random(.unit))
            case .randint, .uniform:
                guard requireArguments(2) else { return }
                value(arguments[0].value, &f, &c)
                value(arguments[1].value, &f, &c)
                f.emit(.random(function == .randint ? .integer : .uniform))
            case .choice:
                guard requireArguments(1) else { return }
                value(arguments[0].value, &f, &c)
                f.emit(.random(.choice))
            case .asCompleted:
                error(at: span, "Interleave runs as_completed() in a for loop: for future in as_completed(futures):")
                f.emit(.push(.none))
            }
        }
    }

    /// A synchronization object made as the program runs (in a function, in `__init__`, in a
    /// loop), named after what it is assigned to.
    private func makeObject(_ kind: PythonObjectKind, _ qualified: String, _ arguments: [Argument], at span: Span,
                            _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        let hint = objectNameHint
        objectNameHint = nil
        let made: MadeClass
        var parameter: PythonParameter?
        var unsupported: String?
        switch kind {
        case .lock, .rlock: made = kind == .rlock ? .rlock : .lock
        case .pool, .processPool:
            error(at: span, "Interleave makes a \(kind.rawValue) only at the top level of the file, for now",
                  hint: "write 'pool = \(qualified)(...)' or 'with \(qualified)(...) as pool:' at the top of the file")
            return f.emit(.push(.none))
        default:
            guard let library = kind.library else { return f.emit(.push(.none)) }
            (made, parameter, unsupported) = (library.made, library.parameter, library.unsupported)
        }
        var given: Expression?
        for (index, argument) in arguments.enumerated() {
            guard let parameter, index == 0, argument.label == nil || argument.label == parameter.name else {
                error(at: argument.labelSpan ?? argument.value.span,
                      parameter.map { "\(kind.rawValue)() takes only its \($0.name) here" } ?? "\(kind.rawValue)() takes no arguments",
                      hint: unsupported)
                return f.emit(.push(.none))
            }
            given = argument.value
        }
        if let owner = hint?.owner { value(owner, &f, &c) }
        switch parameter?.value {
        case nil: break
        case .lock?: if let given { value(given, &f, &c) } else { f.emit(.push(.none)) }
        case .number(let fallback, _)?:
            if let given {
                value(given, &f, &c)
            } else if let fallback {
                f.emit(.push(.int(fallback)))
            } else {
                error(at: span, "\(kind.rawValue)() needs its \(parameter!.name)")
                return f.emit(.push(.none))
            }
        }
        f.emit(.make(made, name: nameConstant(hint?.name ?? ""), owned: hint?.owner != nil))
    }

    /// `threading.Thread(target=f, args=(...), name=..., daemon=...)`: makes the thread (not
    /// started). The target is a function defined at the top, or a method of an instance
    /// (`target=account.deposit`).
    private func thread(_ arguments: [Argument], process: Bool = false, at span: Span, _ f: inout FunctionBuilder,
                        _ c: inout PythonContext) {
        var labelled: [String: Expression] = [:]
        for (index, argument) in arguments.enumerated() {
            // Thread(group, target, name, args, kwargs, *, daemon)
            let label = argument.label ?? (index < 5 ? ["group", "target", "name", "args", "kwargs"][index] : "")
            guard ["group", "target", "name", "args", "kwargs", "daemon"].contains(label) else {
                error(at: argument.labelSpan ?? argument.value.span, "threading.Thread() has no parameter '\(label)'",
                      hint: Suggestions.hint(for: label, in: ["target", "args", "kwargs", "name", "daemon"]))
                return f.emit(.push(.none))
            }
            labelled[label] = argument.value
        }
        var method: (base: Expression, name: String, span: Span)?
        var function: (syntax: Function, ref: FunctionRef)?
        if let target = labelled["target"] {
            if case .name(let name) = target.kind, c.locals[name] == nil, let found = functions[name] {
                function = found
            } else if case .attribute(let base, let name, let nameSpan) = target.kind, isUserMethod(name), qualifiedName(target) == nil {
                method = (base, name, nameSpan)
            }
        }
        guard let target = labelled["target"] else {
            error(at: span, "a thread needs its target: the function it runs",
                  hint: "threading.Thread(target=worker, args=(1,)) or threading.Thread(target=account.deposit, args=(10,))")
            return f.emit(.push(.none))
        }
        guard let given = targetArguments(args: labelled["args"], kwargs: labelled["kwargs"]) else { return f.emit(.push(.none)) }
        var called: Int32?
        if function != nil || method != nil {
            let bound = if let function { bind(given, to: function.syntax, at: span) }
                else { bindMethodArguments(method!.name, method!.span, given, at: span) }
            guard let bound else { return f.emit(.push(.none)) }
            for expression in bound { value(expression, &f, &c) }
        } else {
            // Any other value (a lambda): a function that calls it with the arguments.
            guard let trampoline = valueTarget(target, given, at: span, &f, &c) else { return f.emit(.push(.none)) }
            called = trampoline
        }
        let settings = ["name", "daemon"].compactMap { label in
            labelled[label].map { Argument(label: label, labelSpan: nil, value: $0) }
        }
        guard var spec = threadSettings(settings, allowing: ["group", "name", "daemon"], at: span, &f, &c) else {
            return f.emit(.push(.none))
        }
        if process { spec.kind = .process }
        if let called {
            spec.function = called
            spec.callsValue = true
        } else if let function {
            spec.function = function.ref.index
        } else if let method {
            // The bound method goes on top: the thread runs it with the instance first.
            value(Expression(kind: .attribute(method.base, method.name, nameSpan: method.span), span: method.span), &f, &c)
            spec.function = -1
        }
        f.emit(.create(builder.addStart(spec)))
    }

    /// The arguments `args=(...)` and `kwargs={...}` (written out) give a thread's or a timer's
    /// target; nil after reporting a mistake.
    func targetArguments(args: Expression?, kwargs: Expression?) -> [Argument]? {
        var given: [Argument] = []
        if let args {
            switch args.kind {
            case .tuple(let items), .list(let items): given = items.map { Argument(label: nil, labelSpan: nil, value: $0) }
            case .none: break
            default:
                error(at: args.span, "args= takes a tuple written out, like args=(i,)",
                      hint: "a single argument needs a comma: args=(url,)")
                return nil
            }
        }
        if let kwargs {
            if case .none = kwargs.kind { return given }
            guard case .dict(let pairs) = kwargs.kind else {
                error(at: kwargs.span, "kwargs= takes a dict written out, like kwargs={\"count\": 3}")
                return nil
            }
            for pair in pairs {
                guard case .string(let pieces, let holes) = pair.key.kind, holes.isEmpty else {
                    error(at: pair.key.span, "a keyword in kwargs= is text written out, like \"count\"")
                    return nil
                }
                let label = pieces.map { if case .text(let t) = $0 { t } else { "" } }.joined()
                given.append(Argument(label: label, labelSpan: pair.key.span, value: pair.value))
            }
        }
        return given
    }

    /// `threading.Timer(interval, function, args=None, kwargs=None)`: a thread (not started) that
    /// waits `interval` seconds on an Event of its own and then calls the function, unless
    /// `cancel()` set the Event first, as Python's Timer does.
    private func timer(_ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        let hint = objectNameHint
        objectNameHint = nil
        var labelled: [String: Expression] = [:]
        for (index, argument) in arguments.enumerated() {
            let label = argument.label ?? (index < 4 ? ["interval", "function", "args", "kwargs"][index] : "")
            guard ["interval", "function", "args", "kwargs"].contains(label) else {
                error(at: argument.labelSpan ?? argument.value.span, "threading.Timer() has no parameter '\(label)'",
                      hint: Suggestions.hint(for: label, in: ["interval", "function", "args", "kwargs"]))
                return f.emit(.push(.none))
            }
            labelled[label] = argument.value
        }
        guard let interval = labelled["interval"], let target = labelled["function"], case .name(let name) = target.kind,
              c.locals[name] == nil, let function = functions[name] else {
            error(at: labelled["function"]?.span ?? span, "threading.Timer() takes a number of seconds and a function defined with 'def' at the top",
                  hint: "threading.Timer(2.0, remind, args=(\"tea\",))")
            return f.emit(.push(.none))
        }
        guard let given = targetArguments(args: labelled["args"], kwargs: labelled["kwargs"]),
              let bound = bind(given, to: function.syntax, at: span) else { return f.emit(.push(.none)) }
        // The timer's run: wait on the Event for the interval; unless it was set, call the function; then set it.
        let run = builder.declare("Timer.run", parameters: 2 + bound.count)
        builder.define(run) { g in
            g.emit(.load(0))
            g.emit(.load(1))
            g.emit(.method(.wait, argc: 1))
            let fire = g.jumpForward(ifFalse: true)
            g.emit(.push(.none))
            g.emit(.ret)
            g.land(fire)
            for slot in 0..<bound.count { g.emit(.load(Int32(2 + slot))) }
            g.emit(.call(function.ref.index))
            g.emit(.pop)
            g.emit(.load(0))
            g.emit(.method(.set, argc: 0))
            g.emit(.pop)
        }
        if let owner = hint?.owner { value(owner, &f, &c) }
        f.emit(.make(MadeClass(.flag), name: nameConstant((hint?.name ?? "timer") + ".finished"), owned: hint?.owner != nil))
        value(interval, &f, &c)
        for expression in bound { value(expression, &f, &c) }
        f.emit(.create(builder.addStart(StartSpec(function: run.index, kind: .timer))))
    }

    /// A thread's name and daemon flag from `name=` and `daemon=` (the name's holes pushed, for
    /// `create` or `attachThread`); nil after reporting a mistake. Labels outside `allowed` are
    /// reported.
    func threadSettings(_ arguments: [Argument], allowing allowed: Set<String>, at span: Span, _ f: inout FunctionBuilder,
                        _ c: inout PythonContext) -> StartSpec? {
        var labelled: [String: Expression] = [:]
        for (index, argument) in arguments.enumerated() {
            // Thread.__init__(group, target, name, ...)
            let label = argument.label ?? (index < 3 ? ["group", "target", "name"][index] : "")
            guard allowed.contains(label) else {
                error(at: argument.labelSpan ?? argument.value.span, "threading.Thread() has no parameter '\(label)' here",
                      hint: Suggestions.hint(for: label, in: allowed.sorted()))
                return nil
            }
            labelled[label] = argument.value
        }
        var spec = StartSpec(function: -1)
        if let daemon = labelled["daemon"] {
            switch daemon.kind {
            case .boolean(let flag): spec.daemon = flag
            case .none: break
            default: error(at: daemon.span, "daemon= takes True or False written out")
            }
        }
        if let name = labelled["name"] {
            guard case .string(let pieces, let holes) = name.kind else {
                // A name in a variable: shown as str() shows it, when the thread is made.
                value(name, &f, &c)
                spec.nameFormat = PrintFormat([.value])
                return spec
            }
            if holes.isEmpty {
                spec.name = pieces.map { if case .text(let t) = $0 { t } else { "" } }.joined()
            } else {
                for hole in holes { value(hole, &f, &c) }
                spec.nameFormat = PrintFormat(PythonCompiler.formatPieces(pieces))
            }
        }
        return spec
    }

    // MARK: Objects' methods

    private func objectMethod(_ object: PythonObject, _ objectName: String, _ name: String, _ nameSpan: Span,
                              _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        let kind = object.kind
        func argument(_ label: String, _ position: Int) -> Expression? {
            arguments.first(where: { $0.label == label })?.value
                ?? arguments.filter({ $0.label == nil }).dropFirst(position).first?.value
        }
        func unknown() {
            let methods: [PythonObjectKind: [String]] = [
                .lock: ["acquire", "release"], .rlock: ["acquire", "release"],
                .pool: ["submit", "map", "shutdown"],
                .processPool: ["map", "imap", "imap_unordered", "starmap", "apply", "apply_async", "close", "join", "terminate"],
            ]
            let known = kind.library.map { $0.methods.map(\.name) } ?? methods[kind] ?? []
            error(at: nameSpan, "Interleave does not model \(kind.rawValue).\(name)() yet",
                  hint: Suggestions.hint(for: name, in: known) ?? "it models \(known.map { $0 + "()" }.joined(separator: ", "))")
            f.emit(.push(.none))
        }
        /// The method of the object as a value, run when the program runs.
        func asValue() {
            valueMethod(Expression(kind: .name(objectName), span: nameSpan), name, nameSpan, arguments, at: span, &f, &c)
        }
        let index = object.index
        if let library = kind.library {
            guard let method = library.method(name) else { return unknown() }
            if case .operate(_, _, let count?, _) = method.code, arguments.count <= 1,
               arguments.allSatisfy({ $0.label == nil || $0.label == count }) {
                // The count goes on the stack (`notify(2)`, `release(n=3)`).
            } else if !arguments.isEmpty {
                // Blocking and timeouts are values, read when the program runs (a timeout of None
                // or -1, a variable): the method of the object as a value.
                return asValue()
            }
            switch method.code {
            case .operate(let operation, let mode, let count, let then):
                if let count { if let given = argument(count, 0) { value(given, &f, &c) } else { f.emit(.push(1)) } }
                f.emit(.operate(library.kind, operation, index, mode))
                switch then {
                case .pushed: break
                case .returnsNone: f.emit(.push(.none))
                case .returnsTrue: f.emit(.push(.bool(true)))
                case .raiseOnMinusOne(let exception): raiseIfMinusOne(exception, &f)
                case .raiseUnlessTrue(let exception): raiseUnlessTrue(exception, &f)
                }
            case .lock(let operation):
                f.emit(operation == .release ? .release(object.lock) : .acquire(object.lock, .blocking))
                f.emit(operation == .release ? .push(.none) : .push(.bool(true)))
            case .value:
                asValue()
            case .needs(let what):
                error(at: span, "\(objectName).\(name)() needs \(what)")
                f.emit(.push(.none))
            }
            return
        }
        if !arguments.isEmpty && name == "acquire" && !kind.isPool { return asValue() }
        switch (kind, name) {
        case (.lock, "acquire"), (.rlock, "acquire"):
            f.emit(.acquire(index, .blocking))
            f.emit(.push(.bool(true)))
        case (.lock, "release"), (.rlock, "release"):
            f.emit(.release(index))
            f.emit(.push(.none))
        case (.pool, "submit"):
            guard let first = arguments.first, first.label == nil, case .name(let target) = first.value.kind,
                  c.locals[target] == nil, let function = functions[target] else {
                error(at: span, "\(objectName).submit takes a function defined with 'def' first: \(objectName).submit(fetch, url)")
                return f.emit(.push(.none))
            }
            guard let bound = bind(Array(arguments.dropFirst()), to: function.syntax, at: span) else { return f.emit(.push(.none)) }
            for expression in bound { value(expression, &f, &c) }
            f.emit(.poolSubmit(index, function: function.ref.index))
        case (.pool, "map"), (.processPool, "map"), (.processPool, "imap"), (.processPool, "imap_unordered"), (.processPool, "starmap"):
            // multiprocessing's map takes a chunksize=, which changes only how the work travels.
            let given = arguments.filter { $0.label != "chunksize" || kind != .processPool }
            let star = name == "starmap"
            guard given.count == 2, given.allSatisfy({ $0.label == nil }), case .name(let target) = given[0].value.kind,
                  c.locals[target] == nil, let function = functions[target], function.syntax.parameters.count >= 1 else {
                error(at: span, star ? "\(objectName).starmap takes a function defined with 'def', and a list of argument tuples: \(objectName).starmap(add, [(1, 2), (3, 4)])"
                          : "\(objectName).\(name) takes a function of one argument defined with 'def', and a list: \(objectName).\(name)(fetch, urls)")
                return f.emit(.push(.none))
            }
            // Every item submitted first, then the results in order, each waited for.
            let futures = f.local(), results = f.local()
            f.emit(.buildList(0))
            f.emit(.store(futures.slot))
            let item = hidden("map item"), future = hidden("map future"), submitted = hidden("map futures")
            let itemLocal = f.local(), futureLocal = f.local()
            c.locals[item] = itemLocal
            forLoop([item], span, given[1].value, &f, &c) { f, c in
                f.emit(.load(futures.slot))
                f.emit(.load(itemLocal.slot))
                if star {
                    f.emit(.unpack(Int32(function.syntax.parameters.count)))
                } else {
                    for fallback in function.syntax.defaults.dropFirst() {
                        if let fallback { self.value(fallback, &f, &c) } else { f.emit(.push(.none)) }
                    }
                }
                f.emit(.poolSubmit(index, function: function.ref.index))
                f.emit(.listAppend)
            }
            f.emit(.buildList(0))
            f.emit(.store(results.slot))
            c.locals[future] = futureLocal
            c.locals[submitted] = futures
            forLoop([future], span, Expression(kind: .name(submitted), span: span), &f, &c) { f, c in
                f.emit(.load(results.slot))
                f.emit(.load(futureLocal.slot))
                f.emit(.method(.result, argc: 0))
                f.emit(.listAppend)
            }
            for hidden in [item, future, submitted] { c.locals[hidden] = nil }
            f.emit(.load(results.slot))
        case (.processPool, "apply_async"), (.processPool, "apply"):
            let callArguments = arguments.filter { $0.label == nil }
            let args = arguments.first { $0.label == "args" }?.value ?? (callArguments.count > 1 ? callArguments[1].value : nil)
            guard let first = callArguments.first, case .name(let target) = first.value.kind, c.locals[target] == nil,
                  let function = functions[target], callArguments.count <= 2,
                  arguments.allSatisfy({ $0.label == nil || $0.label == "args" }) else {
                error(at: span, "\(objectName).\(name) takes a function defined with 'def' and its arguments as a tuple: \(objectName).\(name)(work, (1, 2))",
                      hint: "kwds= and callbacks are not supported yet")
                return f.emit(.push(.none))
            }
            if let args, case .tuple(let items) = args.kind {
                // Arguments written out are bound to the parameters as a call binds them.
                guard let bound = bind(items.map { Argument(label: nil, labelSpan: nil, value: $0) }, to: function.syntax, at: span) else {
                    return f.emit(.push(.none))
                }
                for expression in bound { value(expression, &f, &c) }
            } else if let args {
                value(args, &f, &c)
                f.emit(.unpack(Int32(function.syntax.parameters.count)))
            } else {
                guard let bound = bind([], to: function.syntax, at: span) else { return f.emit(.push(.none)) }
                for expression in bound { value(expression, &f, &c) }
            }
            f.emit(.poolSubmit(index, function: function.ref.index))
            if name == "apply" { f.emit(.method(.result, argc: 0)) }
        case (.processPool, "close"), (.processPool, "terminate"), (.processPool, "join"):
            guard arguments.isEmpty else {
                error(at: span, "\(objectName).\(name)() takes no arguments")
                return f.emit(.push(.none))
            }
            // close() takes no more work; join() waits for the workers to finish what was given.
            f.shutdown(PoolRef(index: index), wait: name == "join")
            f.emit(.push(.none))
        case (.pool, "shutdown"):
            var wait = true
            if let argument = argument("wait", 0) {
                guard case .boolean(let flag) = argument.kind else {
                    error(at: argument.span, "wait= takes True or False written out")
                    return f.emit(.push(.none))
                }
                wait = flag
            }
            f.shutdown(PoolRef(index: index), wait: wait)
            f.emit(.push(.none))
        case (.lock, "locked"):
            // A read of the lock's state: the method of the object as a value.
            asValue()
        default:
            unknown()
        }
    }

    /// Pops a success flag; when it is false, raises `exception` (`queue.Empty`) and the thread ends.
    /// An operation that gives -1 where Python raises `exception` (a barrier's `wait()` that found
    /// the barrier broken: `BrokenBarrierError`). Other waits give True or False, which are never -1.
    private func raiseIfMinusOne(_ exception: String, _ f: inout FunctionBuilder) {
        f.emit(.dup)
        f.emit(.push(.int(-1)))
        f.emit(.binary(.identical))
        let whole = f.jumpForward(ifFalse: true)
        f.emit(.pop)
        f.emit(.push(builder.text("")))
        f.emit(.raise(name: nameConstant(exception)))
        f.land(whole)
    }

    private func raiseUnlessTrue(_ exception: String, _ f: inout FunctionBuilder) {
        let failed = f.jumpForward(ifFalse: true)
        let done = f.jumpForward()
        f.land(failed)
        f.emit(.push(builder.text("")))
        f.emit(.raise(name: nameConstant(exception)))
        f.land(done)
    }
}
