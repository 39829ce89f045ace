import InterleaveCore

/// Expressions: values on the stack, and the names that stand for objects.
extension Compiler {
    /// Emits code that pushes the value of `expression` (nothing for a call that gives none).
    /// `wantsValue` false lets a call statement skip pushing a result it would drop.
    @discardableResult
    func value(_ expression: Expression, _ f: inout FunctionBuilder, _ c: inout Context,
               wantsValue: Bool = true) -> ValueType {
        switch expression.kind {
        case .integer(let number), .duration(let number):
            f.emit(.push(.int(number)))
            return .int
        case .boolean(let flag):
            f.emit(.push(.bool(flag)))
            return .int
        case .none:
            error(at: expression.span, "None is not a value here", hint: "use 0, or leave out a timeout to wait without one")
            return .invalid
        case .name(let name):
            return load(name, expression.span, &f, c)
        case .string:
            error(at: expression.span, "text can only be printed", hint: "print it: print \(file.text(expression.span))")
            return .invalid
        case .unary(let op, let operand):
            int(operand, &f, &c)
            f.emit(.unary(op))
            return .int
        case .binary(let op, let left, let right):
            int(left, &f, &c)
            int(right, &f, &c)
            f.emit(.binary(op))
            return .int
        case .logical(let isAnd, let left, let right):
            // Python's short circuit: the right side is evaluated only when it decides.
            int(left, &f, &c)
            f.emit(.dup)
            if !isAnd { f.emit(.unary(.not)) }
            let done = f.jumpForward(ifFalse: true)
            f.emit(.pop)
            int(right, &f, &c)
            f.land(done)
            return .int
        case .call(let callee, let arguments):
            return call(callee, arguments, expression.span, &f, &c, wantsValue: wantsValue)
        case .attribute(let base, let attribute, let nameSpan):
            if let variable = threadLocal(base, attribute, c) {
                f.emit(.loadThreadLocal(variable.index))
                return .int
            }
            if case .object(let object)? = objectIfAny(base, c), object.methods.contains(attribute) {
                error(at: expression.span, "\(attribute) is a method of \(object.described)", hint: "call it: \(file.text(expression.span))()")
                return .invalid
            }
            if case .name(let module) = base.kind, Compiler.modules.contains(module), c.locals[module] == nil {
                error(at: expression.span, "\(file.text(expression.span)) is not a value", hint: "call it with ()")
                return .invalid
            }
            error(at: nameSpan, "\(file.text(base.span)) has no attribute '\(attribute)'",
                  hint: attribute == "daemon" || attribute == "name" ? "a thread's \(attribute) can be set when it is made, not read" : nil)
            return .invalid
        case .index(let list, let index):
            guard listValue(list, &f, &c) else { return .invalid }
            int(index, &f, &c)
            f.emit(.listGet)
            return .int
        case .list(let items):
            f.emit(.listNew)
            for item in items {
                f.emit(.dup)
                int(item, &f, &c)
                f.emit(.listAppend)
            }
            return .list
        case .tuple:
            error(at: expression.span, "a tuple is only for a thread's arguments (args=(...))",
                  hint: "use a list [a, b] to keep several values")
            return .invalid
        case .comprehension(let element, let variable, let variableSpan, let iterable, _, _):
            let list = f.local()
            f.emit(.listNew)
            f.emit(.store(list.slot))
            // The comprehension's variable is its own, as in Python 3: a fresh slot, forgotten after.
            let outer = c.locals[variable]
            if globals[variable] == nil { c.locals[variable] = .value(f.local()) }
            forLoop(variable, variableSpan, iterable, &f, &c) { f, c in
                f.emit(.load(list.slot))
                self.int(element, &f, &c)
                f.emit(.listAppend)
            }
            c.locals[variable] = outer
            f.emit(.load(list.slot))
            return .list
        case .start(let call, let process):
            return start(call, process: process, startNow: true, &f, &c) ? .int : .invalid
        case .lambda:
            error(at: expression.span, "'lambda' is only for a condition's wait_for",
                  hint: "write cond.wait_for(lambda: ready == 1)")
            return .invalid
        case .float, .conditional, .dict, .slice, .bytes:
            // Only the Python parser makes these.
            error(at: expression.span, "this is Python, not the scenario language", hint: "save the file as .py")
            return .invalid
        case .invalid:
            return .invalid
        }
    }

    /// Emits a number; anything else is reported.
    func int(_ expression: Expression, _ f: inout FunctionBuilder, _ c: inout Context) {
        switch value(expression, &f, &c) {
        case .list:
            error(at: expression.span, "expected a number, but \(file.text(expression.span)) is a list",
                  hint: "take one element with [index], or its length with len(...)")
        case .void:
            error(at: expression.span, "\(file.text(expression.span)) gives no value")
        case .int, .invalid:
            break
        }
    }

    /// Emits a duration in nanoseconds: a number with a unit, or an expression of them.
    func duration(_ expression: Expression, _ f: inout FunctionBuilder, _ c: inout Context) {
        if case .integer(let number) = expression.kind, number != 0 {
            error(at: expression.span, "a duration needs a unit",
                  hint: "write \(number)s, \(number)ms, \(number)us or \(number)ns")
        } else if let number = Compiler.fold(expression), number < 0 {
            error(at: expression.span, "a duration can't be negative")
        }
        int(expression, &f, &c)
    }

    /// Emits a list handle; false (after reporting) if the expression is not a list.
    @discardableResult
    func listValue(_ expression: Expression, _ f: inout FunctionBuilder, _ c: inout Context,
                   what: String? = nil) -> Bool {
        if case .name(let name) = expression.kind, case .unknown? = c.locals[name] {
            f.emit(.push(0))
            return true
        }
        let type = value(expression, &f, &c)
        switch type {
        case .list: return true
        case .invalid: return false
        case .int, .void:
            error(at: expression.span, "\(file.text(expression.span)) is not a list",
                  hint: what ?? "make a list with [...] or [start f(i) for i in range(n)]")
            return false
        }
    }

    /// Pushes what a name holds.
    private func load(_ name: String, _ span: Span, _ f: inout FunctionBuilder, _ c: Context) -> ValueType {
        if let binding = c.locals[name] {
            switch binding {
            case .value(let local), .unknown(let local):
                f.emit(.load(local.slot))
                return .int
            case .list(let local):
                f.emit(.load(local.slot))
                return .list
            case .object(let object):
                error(at: span, "'\(name)' is \(object.described), not a value",
                      hint: "use its methods, like \(name).\(object.methods[0])()")
                return .invalid
            }
        }
        switch globals[name] {
        case .shared(let variable)?:
            f.emit(.loadShared(variable.index))
            return .int
        case .object(let object)?:
            error(at: span, "'\(name)' is \(object.described), not a value",
                  hint: "use its methods, like \(name).\(object.methods[0])()")
        case .function?:
            error(at: span, "'\(name)' is a function", hint: "call it: \(name)(...), or start it: start \(name)(...)")
        case .threadLocalNamespace?:
            error(at: span, "'\(name)' is a thread-local namespace", hint: "use its attributes, like \(name).value")
        case nil:
            unknownName(name, span, c)
        }
        return .invalid
    }

    /// Reports a name that means nothing here, with the likeliest intended one.
    func unknownName(_ name: String, _ span: Span, _ c: Context) {
        if !c.isMain && mainLocalNames.contains(name) {
            error(at: span, "'\(name)' belongs to the main program, and functions can't see it",
                  hint: "pass it as an argument, or declare it at the top level with 'shared \(name) = 0'")
            return
        }
        if name == "true" || name == "false" || name == "none" || name == "null" {
            error(at: span, "unknown name '\(name)'", hint: "write \(name == "true" ? "True" : name == "false" ? "False" : "None")")
            return
        }
        let candidates = c.locals.keys.sorted() + globalNames + ["range", "len", "Thread", "Process"]
        error(at: span, "unknown name '\(name)'",
              hint: Suggestions.hint(for: name, in: candidates)
                  ?? (c.isMain ? "assign it first, or declare it (shared, Lock(), def, ...)" : "assign it first, or make it a parameter"))
    }

    /// The object an expression names, or nil after reporting (silently for an unknown parameter).
    func object(_ expression: Expression, _ c: Context, use: String) -> ObjectRef? {
        switch objectIfAny(expression, c) {
        case .object(let object)?: return object
        case .unknown?: return nil
        case nil:
            if case .name(let name) = expression.kind, c.locals[name] == nil, globals[name] == nil {
                unknownName(name, expression.span, c)
            } else {
                error(at: expression.span, "\(use) needs a synchronization object, but \(file.text(expression.span)) is not one",
                      hint: "declare one at the top level, like 'lock = Lock()'")
            }
            return nil
        }
    }

    enum ObjectLookup {
        case object(ObjectRef)
        /// A parameter of a function checked without a caller.
        case unknown
    }

    /// What object a plain name stands for, without reporting anything.
    func objectIfAny(_ expression: Expression, _ c: Context) -> ObjectLookup? {
        guard case .name(let name) = expression.kind else { return nil }
        if let binding = c.locals[name] {
            switch binding {
            case .object(let object): return .object(object)
            case .unknown: return .unknown
            default: return nil
            }
        }
        if case .object(let object)? = globals[name] { return .object(object) }
        return nil
    }

    /// The thread-local variable `base.attribute` names, declared on first use, if `base` is a namespace.
    func threadLocal(_ base: Expression, _ attribute: String, _ c: Context) -> ThreadLocalVariable? {
        guard case .name(let name) = base.kind, c.locals[name] == nil, case .threadLocalNamespace? = globals[name] else { return nil }
        let key = name + "." + attribute
        if let variable = threadLocals[key] { return variable }
        let variable = builder.threadLocal(key)
        threadLocals[key] = variable
        return variable
    }

    /// Matches call arguments to parameter names: the expression for each name (nil where not
    /// given), or nil after reporting a mismatch.
    func bind(_ arguments: [Argument], _ names: [String], required: Int, call: String, at span: Span,
              positionalOnly: Bool = false) -> [Expression?]? {
        var bound = [Expression?](repeating: nil, count: names.count)
        var ok = true
        var positional = 0
        for argument in arguments {
            if let label = argument.label, !positionalOnly {
                guard let index = names.firstIndex(of: label) else {
                    error(at: argument.labelSpan ?? argument.value.span, "\(call)() has no parameter '\(label)'",
                          hint: Suggestions.hint(for: label, in: names)
                              ?? (names.isEmpty ? "\(call)() takes no arguments" : "its parameters: \(names.joined(separator: ", "))"))
                    ok = false
                    continue
                }
                if bound[index] != nil {
                    error(at: argument.labelSpan ?? argument.value.span, "'\(label)' is given twice")
                    ok = false
                }
                bound[index] = argument.value
            } else if argument.label != nil {
                error(at: argument.labelSpan ?? argument.value.span, "\(call)() takes no keyword arguments")
                ok = false
            } else {
                guard positional < names.count else {
                    let takes = names.isEmpty ? "no arguments" : names.count == 1 ? "1 argument" : "\(names.count) arguments"
                    error(at: argument.value.span, "\(call)() takes \(takes), but more were given",
                          hint: names.isEmpty ? nil : "its parameters: \(names.joined(separator: ", "))")
                    return nil
                }
                bound[positional] = argument.value
                positional += 1
            }
        }
        for index in 0..<required where bound[index] == nil && ok {
            error(at: span, "\(call)() is missing its argument '\(names[index])'",
                  hint: "it takes \(names.prefix(required).joined(separator: ", "))")
            ok = false
        }
        return ok ? bound : nil
    }
}
