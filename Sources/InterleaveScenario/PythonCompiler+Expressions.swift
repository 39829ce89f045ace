import InterleaveCore

/// Python expressions: each leaves exactly one value on the stack.
extension PythonCompiler {
    func value(_ expression: Expression, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        switch expression.kind {
        case .integer(let number): f.emit(.push(.int(number)))
        case .float(let number): f.emit(.push(.float(number)))
        case .boolean(let truth): f.emit(.push(.bool(truth)))
        case .none: f.emit(.push(.none))
        case .string(let pieces, let holes):
            if holes.isEmpty {
                f.emit(.push(builder.text(pieces.map { if case .text(let text) = $0 { text } else { "" } }.joined())))
            } else {
                for hole in holes { value(hole, &f, &c) }
                f.emit(.format(builder.addFormat(PrintFormat(PythonCompiler.formatPieces(pieces)))))
            }
        case .bytes(let text):
            f.emit(.push(builder.constant(.bytes(text))))
        case .name(let name):
            load(name, at: expression.span, &f, &c)
        case .unary(let op, let operand):
            value(operand, &f, &c)
            f.emit(.unary(op))
        case .binary(let op, let left, let right):
            value(left, &f, &c)
            value(right, &f, &c)
            f.emit(.binary(op))
        case .logical(let isAnd, let left, let right):
            // The left value decides unless it is true (`and`) or false (`or`).
            value(left, &f, &c)
            f.emit(.dup)
            if isAnd {
                let decided = f.jumpForward(ifFalse: true)
                f.emit(.pop)
                value(right, &f, &c)
                f.land(decided)
            } else {
                let tryRight = f.jumpForward(ifFalse: true)
                let decided = f.jumpForward()
                f.land(tryRight)
                f.emit(.pop)
                value(right, &f, &c)
                f.land(decided)
            }
        case .conditional(let then, let condition, let otherwise):
            value(condition, &f, &c)
            let elseBranch = f.jumpForward(ifFalse: true)
            value(then, &f, &c)
            let done = f.jumpForward()
            f.land(elseBranch)
            value(otherwise, &f, &c)
            f.land(done)
        case .call(let callee, let arguments):
            call(callee, arguments, at: expression.span, &f, &c, wantsValue: true)
        case .attribute(let base, let name, let nameSpan):
            if let qualified = qualifiedName(expression), let constant = libraryConstant(qualified) { return f.emit(.push(constant)) }
            if let qualified = qualifiedName(expression) {
                error(at: expression.span, "'\(qualified)' is used as a value, which Interleave can't do yet",
                      hint: PythonLibrary.members[qualified] != nil ? "call it: \(qualified)(...)" : nil)
                f.emit(.push(.none))
                return
            }
            if let slot = threadLocalSlot(base, name, c) { return f.emit(.loadThreadLocal(slot)) }
            if case .name(let className) = base.kind, c.locals[className] == nil, let known = classes[className] {
                // `Counter.count`: the class attribute.
                if let variable = classVariable(name, of: known) { return f.emit(.loadShared(variable.index)) }
                error(at: nameSpan, "'\(className)' has no class attribute '\(name)'",
                      hint: "give the class its attributes in its body: \(name) = ..., or read it from an instance")
                return f.emit(.push(.none))
            }
            if case .call(let callee, let arguments) = base.kind, case .function(.currentProcess)? = member(callee) {
                // `current_process().name`: the process's name.
                guard name == "name", arguments.isEmpty else {
                    error(at: nameSpan, "Interleave models current_process().name only", hint: "write multiprocessing.current_process().name")
                    return f.emit(.push(.none))
                }
                return f.emit(.threadsAlive(.process))
            }
            if attributeNames.contains(name) || isUserMethod(name) || PythonLibrary.attributes.contains(name) {
                // An instance's attribute or method (or, on another value, a built-in attribute, or a
                // library object's: `barrier.n_waiting`).
                value(base, &f, &c)
                f.emit(.loadAttribute(nameConstant(name)))
                return
            }
            guard let attribute = Attribute(rawValue: name) else {
                error(at: nameSpan, "Interleave does not know the attribute '\(name)'",
                      hint: Suggestions.hint(for: name, in: Attribute.allCases.map(\.rawValue))
                          ?? "it knows \(Attribute.allCases.map(\.rawValue).joined(separator: ", "))")
                f.emit(.push(.none))
                return
            }
            value(base, &f, &c)
            f.emit(.attribute(attribute))
        case .index(let base, let index):
            value(base, &f, &c)
            value(index, &f, &c)
            f.emit(.listGet)
        case .slice(let base, let start, let end):
            value(base, &f, &c)
            if let start { value(start, &f, &c) } else { f.emit(.push(.none)) }
            if let end { value(end, &f, &c) } else { f.emit(.push(.none)) }
            f.emit(.slice)
        case .list(let items):
            for item in items { value(item, &f, &c) }
            f.emit(.buildList(Int32(items.count)))
        case .tuple(let items):
            for item in items { value(item, &f, &c) }
            f.emit(.buildTuple(Int32(items.count)))
        case .dict(let pairs):
            for pair in pairs {
                value(pair.key, &f, &c)
                value(pair.value, &f, &c)
            }
            f.emit(.buildDict(Int32(pairs.count)))
        case .comprehension(let element, let variable, let span, let iterable, let condition, let key):
            let list = f.local()
            f.emit(key == nil ? .buildList(0) : .buildDict(0))
            f.emit(.store(list.slot))
            // The comprehension's names are its own: fresh locals while it runs, the names
            // outside it as they were afterwards.
            let names = variable.split(separator: ",").map(String.init)
            let outside = names.map { c.locals[$0] }
            let outsideCells = c.cells
            // A name a lambda in the element uses is a cell, one for the whole comprehension (so
            // `[lambda: x for x in items]` all see the last x, as in Python).
            let usedByLambdas = hasLambdas ? PythonCompiler.namesUsedByLambdas(in: element) : []
            for name in names {
                let local = f.local()
                c.locals[name] = local
                c.cells.remove(name)
                if usedByLambdas.contains(name) {
                    f.emit(.push(.none))
                    f.emit(.makeCell(name: nameConstant(name)))
                    f.emit(.store(local.slot))
                    c.cells.insert(name)
                }
            }
            defer {
                for (name, local) in zip(names, outside) { c.locals[name] = local }
                c.cells = outsideCells
            }
            forLoop(names, span, iterable, &f, &c) { f, c in
                var skip: FunctionBuilder.ForwardJump?
                if let condition {
                    self.value(condition, &f, &c)
                    skip = f.jumpForward(ifFalse: true)
                }
                f.emit(.load(list.slot))
                if let key {
                    // `{k: v for ...}`: each pair set as `d[k] = v` sets it.
                    self.value(key, &f, &c)
                    self.value(element, &f, &c)
                    f.emit(.listSet)
                } else {
                    self.value(element, &f, &c)
                    f.emit(.listAppend)
                }
                if let skip { f.land(skip) }
            }
            f.emit(.load(list.slot))
        case .lambda(let body, let parameters, let defaults):
            lambdaValue(body, parameters, defaults, at: expression.span, &f, &c)
        case .start, .duration:
            error(at: expression.span, "this is the scenario language, not Python", hint: "save the file as .ilv")
            f.emit(.push(.none))
        case .invalid:
            f.emit(.push(.none))
        }
    }

    /// Pushes what a name holds.
    func load(_ name: String, at span: Span, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        if let local = c.locals[name] {
            f.emit(.load(local.slot))
            if !c.cells.isEmpty && c.cells.contains(name) { f.emit(.loadCell) }
        } else if let variable = shared[name] {
            f.emit(.loadShared(variable.index))
        } else if name == "__name__" {
            f.emit(.push(builder.text("__main__")))
        } else if let object = objects[name] {
            f.emit(.push(object.value))
        } else if loggers[name] != nil {
            error(at: span, "'\(name)' is a logger, which Interleave uses through its methods only", hint: "\(name).info(\"...\")")
            f.emit(.push(.none))
        } else if localNamespaces.contains(name) {
            error(at: span, "'\(name)' is a threading.local(), which Interleave uses through its attributes only",
                  hint: "read and set \(name).something")
            f.emit(.push(.none))
        } else if let qualified = imports[name], let constant = libraryConstant(qualified) {
            f.emit(.push(constant))
        } else if let function = functions[name] {
            // A function as a value (`handler = on_event`): called later as a lambda is.
            let defaults = function.syntax.defaults.compactMap { $0 }
            for expression in defaults { value(expression, &f, &c) }
            f.emit(.makeClosure(function: function.ref.index, captured: 0, defaults: Int32(defaults.count)))
        } else if imports[name] != nil {
            error(at: span, "'\(name)' is \(described(name)), which Interleave can't use as a value yet")
            f.emit(.push(.none))
        } else if PythonLibrary.builtins.contains(name) {
            error(at: span, "the built-in '\(name)' can only be called here")
            f.emit(.push(.none))
        } else {
            let known = Array(c.locals.keys).sorted() + moduleNames + PythonLibrary.builtins
            error(at: span, "name '\(name)' is not defined", hint: Suggestions.hint(for: name, in: known)
                ?? (c.isMain ? nil : "a function sees its parameters, the names it assigns and the module's names"))
            f.emit(.push(.none))
        }
    }

    /// Whether `name` means the built-in of that name here (nothing shadows it).
    func isBuiltin(_ name: String, _ c: PythonContext) -> Bool {
        PythonLibrary.builtins.contains(name) && c.locals[name] == nil && shared[name] == nil && functions[name] == nil
            && imports[name] == nil && objects[name] == nil
    }

    /// A string literal's pieces as a format's: text, and holes with their specs.
    static func formatPieces(_ pieces: [StringPiece]) -> [PrintFormat.Piece] {
        pieces.map { piece in
            switch piece {
            case .text(let text): return .text(text)
            case .hole: return .value
            case .formattedHole(_, _, let spec, let repr): return .formatted(spec: spec, repr: repr)
            }
        }
    }
}
