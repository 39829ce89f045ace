import InterleaveCore

/// Python statements.
extension PythonCompiler {
    func compileBlock(_ statements: [Statement], _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        // A pool made in a top-level `if` block is declared with the program.
        for statement in statements where !objectStatements.contains(statement.span.start) { compile(statement, &f, &c) }
    }

    func compile(_ statement: Statement, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        f.line = Int32(line(of: statement.span))
        switch statement.kind {
        case .assign(let targets, let value):
            if let made = objectLists[statement.span.start] {
                for object in made { f.emit(.push(object.value)) }
                f.emit(.buildList(Int32(made.count)))
                store(into: targets[0], &f, &c)
            } else if targets.count == 1 {
                nameWhatIsMade(by: value, assignedTo: targets[0], c)
                self.value(value, &f, &c)
                objectNameHint = nil
                instanceNameHint = nil
                store(into: targets[0], &f, &c)
            } else {
                // `a, b = b, a`: every value first, then the stores, left to right as Python
                // makes them (so `i, x[i] = 1, 9` stores into x[1]).
                if case .tuple(let items) = value.kind, items.count == targets.count {
                    for item in items { self.value(item, &f, &c) }
                } else {
                    self.value(value, &f, &c)
                    f.emit(.unpack(Int32(targets.count)))
                }
                let held = targets.map { _ in f.local() }
                for local in held.reversed() { f.emit(.store(local.slot)) }
                for (target, local) in zip(targets, held) {
                    f.emit(.load(local.slot))
                    store(into: target, &f, &c)
                }
            }
        case .augmented(let target, let op, let value):
            switch target.kind {
            case .name:
                self.value(target, &f, &c)
                self.value(value, &f, &c)
                f.emit(.binary(op))
                store(into: target, &f, &c)
            case .index(let base, let index):
                let list = f.local(), at = f.local()
                // The temporaries stand for CPython's COPY and SWAP: bookkeeping.
                self.value(base, &f, &c)
                f.bookkeeping { f in f.emit(.store(list.slot)) }
                self.value(index, &f, &c)
                f.bookkeeping { f in
                    f.emit(.store(at.slot))
                    for _ in 0..<2 {
                        f.emit(.load(list.slot))
                        f.emit(.load(at.slot))
                    }
                }
                f.emit(.listGet)
                self.value(value, &f, &c)
                f.emit(.binary(op))
                f.emit(.listSet)
            case .attribute(let base, let name, _) where threadLocalSlot(base, name, c) != nil:
                let slot = threadLocalSlot(base, name, c)!
                f.emit(.loadThreadLocal(slot))
                self.value(value, &f, &c)
                f.emit(.binary(op))
                f.emit(.storeThreadLocal(slot))
            case .attribute(let base, let name, _) where isClassName(base, c):
                // `Counter.count += 1`: the class attribute read, then written.
                self.value(target, &f, &c)
                self.value(value, &f, &c)
                f.emit(.binary(op))
                storeAttribute(base, name, &f, &c)
            case .attribute(let base, let name, _) where qualifiedName(target) == nil:
                // `self.balance += amount`: the instance once, its attribute read, then written.
                let owner = f.local()
                self.value(base, &f, &c)
                f.bookkeeping { f in
                    f.emit(.store(owner.slot))
                    f.emit(.load(owner.slot))
                }
                f.emit(.loadAttribute(nameConstant(name)))
                self.value(value, &f, &c)
                f.emit(.binary(op))
                f.bookkeeping { f in f.emit(.load(owner.slot)) }
                f.emit(.storeAttribute(nameConstant(name)))
            default:
                error(at: target.span, "Interleave can only update a name, a list item or an attribute with '\(op.symbol)='")
            }
        case .expression(let expression):
            if case .call(let callee, let arguments) = expression.kind {
                call(callee, arguments, at: expression.span, &f, &c, wantsValue: false)
            } else {
                value(expression, &f, &c)
                f.emit(.pop)
            }
        case .if(let branches, let orElse):
            var ends: [FunctionBuilder.ForwardJump] = []
            for branch in branches {
                f.line = Int32(line(of: branch.condition.span))
                value(branch.condition, &f, &c)
                let next = f.jumpForward(ifFalse: true)
                compileBlock(branch.body, &f, &c)
                ends.append(f.jumpForward())
                f.land(next)
            }
            compileBlock(orElse ?? [], &f, &c)
            for end in ends { f.land(end) }
        case .while(let condition, let body):
            let top = f.here
            value(condition, &f, &c)
            let exit = f.jumpForward(ifFalse: true)
            c.loops.append(PythonLoop(continueTarget: top, withDepth: c.withs.count))
            compileBlock(body, &f, &c)
            f.line = Int32(line(of: statement.span))
            f.emit(.jump(top))
            f.land(exit)
            for jump in c.loops.removeLast().breaks { f.land(jump) }
        case .for(let variable, let span, let iterable, let body):
            let names = variable.split(separator: ",").map(String.init)
            forLoop(names, span, iterable, &f, &c) { f, c in
                self.compileBlock(body, &f, &c)
            }
        case .with(let items, let body):
            // Each item's exit runs however the block is left: at its end, by a jump out of it,
            // or by an exception (a handler runs the exit and raises the exception again).
            var exits: [(exit: PythonWithExit, handler: FunctionBuilder.ForwardJump)] = []
            for item in items {
                guard let exit = enter(item, &f, &c) else { continue }
                exits.append((exit, f.tryBegin()))
                c.withs.append(.guarded(exit))
            }
            compileBlock(body, &f, &c)
            f.line = Int32(line(of: statement.span))
            for (exit, handler) in exits.reversed() {
                c.withs.removeLast()
                leave(.guarded(exit), &f, &c)
                cleanUp(at: handler, &f, &c) { f, c in self.leave(exit, &f, &c) }
            }
        case .try(let body, let handlers, let orElse, let final):
            tryStatement(body, handlers, orElse, final, &f, &c)
        case .raise(let exception):
            raise(exception, at: statement.span, &f, &c)
        case .return(let value):
            if c.isMain {
                error(at: statement.span, "'return' outside a function")
                return
            }
            if let value { self.value(value, &f, &c) } else { f.emit(.push(.none)) }
            if !c.withs.isEmpty {
                // The value waits in a local while the blocks are left (a `finally` may run code).
                let result = f.local()
                f.emit(.store(result.slot))
                leaveAll(down: 0, &f, &c)
                f.emit(.load(result.slot))
            }
            f.emit(.ret)
        case .break, .continue:
            let isBreak = if case .break = statement.kind { true } else { false }
            guard let loop = c.loops.last else {
                error(at: statement.span, "'\(isBreak ? "break" : "continue")' outside a loop")
                return
            }
            leaveAll(down: loop.withDepth, &f, &c)
            if isBreak {
                c.loops[c.loops.count - 1].breaks.append(f.jumpForward())
            } else {
                f.emit(.jump(loop.continueTarget))
            }
        case .expect(let condition, let message):
            // Python's assert: an AssertionError ends the thread when the condition is false.
            value(condition, &f, &c)
            let failed = f.jumpForward(ifFalse: true)
            let done = f.jumpForward()
            f.land(failed)
            if let message { value(message, &f, &c) } else { f.emit(.push(builder.text(""))) }
            f.emit(.raise(name: nameConstant("AssertionError")))
            f.land(done)
        case .classDefinition(let definition):
            if !c.isMain {
                error(at: definition.nameSpan, "a class inside a function is not supported yet",
                      hint: "define '\(definition.name)' at the top level of the file")
            } else {
                initializeClassVariables(definition.name, &f, &c)
            }
        case .function(let function):
            if !c.isMain {
                error(at: function.nameSpan, "a function inside a function is not supported yet",
                      hint: "define '\(function.name)' at the top level of the file")
            }
        case .global(let names):
            if c.isMain {
                // Allowed at the top level, where it changes nothing.
                break
            }
            for name in names where c.locals[name.name] != nil && shared[name.name] == nil {
                error(at: name.span, "'\(name.name)' is a parameter and can't be declared global")
            }
        case .pass, .pythonImport:
            break
        case .unsupported(let word):
            let hints = [
                "class": "write the program with functions and module-level variables for now",
                "del": "assign None instead",
                "nonlocal": "use a module-level variable with 'global'",
                "yield": "generators are not supported; build a list instead",
            ]
            error(at: statement.span, "'\(word)' is not supported yet by Interleave's Python",
                  hint: hints[word] ?? "see docs/PYTHON.md for the Python that runs")
        case .config, .shared, .sleep, .compute, .io, .join, .print, .repeat, .imports:
            error(at: statement.span, "this is the scenario language, not Python", hint: "save the file as .ilv")
        }
    }

    /// An object or instance made by `value` (a call of its class) takes its name from what it
    /// is assigned to: `lock = Lock()` is `lock`, `self.lock = Lock()` the instance's `lock`, and
    /// `account = Account()` at the top of the file `account`.
    private func nameWhatIsMade(by value: Expression, assignedTo target: Expression, _ c: PythonContext) {
        guard case .call(let callee, _) = value.kind else { return }
        var isClass = false
        if case .name(let name) = callee.kind, classes[name] != nil, c.locals[name] == nil { isClass = true }
        guard isClass || {
            switch member(callee) {
            case .object?, .timer?: return true
            default: return false
            }
        }() else { return }
        switch target.kind {
        case .name(let name):
            if isClass { if c.isMain { instanceNameHint = name } } else { objectNameHint = (name, nil) }
        case .attribute(let base, let name, _) where !isClass:
            objectNameHint = (name, base)
        default:
            break
        }
    }

    /// A constant naming an exception, for `raise`.
    func nameConstant(_ name: String) -> Int32 {
        guard case .ref(let index) = builder.text(name) else { return 0 }
        return index
    }

    /// Stores the value on top of the stack into `target`.
    func store(into target: Expression, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        switch target.kind {
        case .name(let name):
            if let local = c.locals[name], !c.cells.isEmpty, c.cells.contains(name) {
                f.emit(.load(local.slot))
                f.emit(.storeCell)
            } else if let local = c.locals[name] {
                f.emit(.store(local.slot))
            } else if let variable = shared[name] {
                f.emit(.storeShared(variable.index))
            } else if objects[name] != nil || functions[name] != nil {
                error(at: target.span, "'\(name)' is \(described(name)) made once at the top of the file; it can't be assigned again",
                      hint: "use another name")
            } else {
                error(at: target.span, "'\(name)' can't be assigned here")
            }
        case .index(let base, let index):
            let item = f.local()
            f.emit(.store(item.slot))
            value(base, &f, &c)
            value(index, &f, &c)
            f.emit(.load(item.slot))
            f.emit(.listSet)
        case .tuple(let items), .list(let items):
            f.emit(.unpack(Int32(items.count)))
            for item in items.reversed() { store(into: item, &f, &c) }
        case .attribute(let base, let name, _):
            if qualifiedName(target) != nil {
                return error(at: target.span, "Interleave can't assign '\(file.text(target.span))'", hint: "use a variable of your own")
            }
            storeAttribute(base, name, &f, &c)
        default:
            error(at: target.span, "can't assign to \(file.text(target.span))")
        }
    }

    /// What a module-level name is, for messages: "a Lock", "the function 'worker'".
    func described(_ name: String) -> String {
        if let object = objects[name] { return "a \(object.kind.rawValue)" }
        if functions[name] != nil { return "the function '\(name)'" }
        if let module = imports[name] { return "'\(module)'" }
        return "'\(name)'"
    }

    // MARK: Loops

    /// A `for` loop (or a comprehension's): `assign` binds each item to `names`, then `body` runs.
    func forLoop(_ names: [String], _ span: Span, _ iterable: Expression, _ f: inout FunctionBuilder, _ c: inout PythonContext,
                 body: (inout FunctionBuilder, inout PythonContext) -> Void) {
        func bind(_ f: inout FunctionBuilder, _ c: inout PythonContext) {
            if names.count == 1 {
                store(into: Expression(kind: .name(names[0]), span: span), &f, &c)
            } else {
                f.emit(.unpack(Int32(names.count)))
                for name in names.reversed() { store(into: Expression(kind: .name(name), span: span), &f, &c) }
            }
        }
        if case .call(let callee, let arguments) = iterable.kind, qualifiedName(callee) == "concurrent.futures.as_completed" {
            guard names.count == 1, arguments.count == 1, arguments[0].label == nil else {
                error(at: iterable.span, "for future in as_completed(futures): one name, one list of futures")
                return
            }
            let futures = f.local(), future = f.local()
            value(arguments[0].value, &f, &c)
            f.emit(.store(futures.slot))
            var breaks: [FunctionBuilder.ForwardJump] = []
            f.asCompleted(futures, into: future) { f, top in
                f.emit(.load(future.slot))
                bind(&f, &c)
                c.loops.append(PythonLoop(continueTarget: top, withDepth: c.withs.count))
                body(&f, &c)
                breaks = c.loops.removeLast().breaks
            }
            for jump in breaks { f.land(jump) }
            return
        }
        if case .call(let callee, let arguments) = iterable.kind, case .name(let builtin) = callee.kind,
           isBuiltin(builtin, c), builtin == "range" || builtin == "enumerate" {
            if builtin == "range" {
                rangeLoop(arguments, iterable.span, &f, &c, bind: { f, c in
                    if names.count > 1 { self.error(at: span, "a range gives one number at a time", hint: "loop with one name") }
                    bind(&f, &c)
                }, body: body)
                return
            }
            guard names.count == 2, arguments.count == 1 || arguments.count == 2, arguments.allSatisfy({ $0.label == nil || $0.label == "start" }) else {
                error(at: iterable.span, "Interleave loops over enumerate(items) with two names: for i, item in enumerate(items)")
                return
            }
            sequenceLoop(arguments[0].value, &f, &c, index: { f, c in
                if arguments.count == 2 {
                    self.value(arguments[1].value, &f, &c)
                    f.emit(.binary(.add))
                }
                self.store(into: Expression(kind: .name(names[0]), span: span), &f, &c)
            }, bind: { f, c in
                self.store(into: Expression(kind: .name(names[1]), span: span), &f, &c)
            }, body: body)
            return
        }
        sequenceLoop(iterable, &f, &c, index: nil, bind: bind, body: body)
    }

    /// `for x in range(...)`: a counted loop on hidden locals.
    private func rangeLoop(_ arguments: [Argument], _ span: Span, _ f: inout FunctionBuilder, _ c: inout PythonContext,
                           bind: (inout FunctionBuilder, inout PythonContext) -> Void,
                           body: (inout FunctionBuilder, inout PythonContext) -> Void) {
        guard (1...3).contains(arguments.count), arguments.allSatisfy({ $0.label == nil }) else {
            error(at: span, "range takes one to three numbers: range(stop), range(start, stop) or range(start, stop, step)")
            return
        }
        let counter = f.local(), stop = f.local(), step = f.local()
        var descending = false
        if arguments.count == 1 {
            f.emit(.push(0))
        } else {
            value(arguments[0].value, &f, &c)
        }
        f.emit(.store(counter.slot))
        value(arguments[arguments.count == 1 ? 0 : 1].value, &f, &c)
        f.emit(.store(stop.slot))
        if arguments.count == 3 {
            let stepExpression = arguments[2].value
            switch stepExpression.kind {
            case .integer(let n) where n != 0: descending = n < 0
            default:
                error(at: stepExpression.span, "range's step must be a whole number written out (not 0)",
                      hint: "for example range(10, 0, -1)")
            }
            value(stepExpression, &f, &c)
        } else {
            f.emit(.push(1))
        }
        f.emit(.store(step.slot))
        // CPython's FOR_ITER over a range: its cost on the test, the counter's upkeep bookkeeping.
        let top = f.here
        let exit = f.bookkeeping { f in
            f.emit(.load(counter.slot))
            f.emit(.load(stop.slot))
            f.emit(.binary(descending ? .greater : .less))
            let exit = f.jumpForward(ifFalse: true)
            f.charge(CPythonCosts.forIter)
            f.emit(.load(counter.slot))
            return exit
        }
        bind(&f, &c)
        f.bookkeeping { f in
            f.emit(.load(counter.slot))
            f.emit(.load(step.slot))
            f.emit(.binary(.addClamped))
            f.emit(.store(counter.slot))
        }
        loopBody(top: top, exit: exit, &f, &c, body)
    }

    /// A loop's body, the jump back to its `top`, and where it and its `break`s leave (`exit`).
    private func loopBody(top: Int32, exit: FunctionBuilder.ForwardJump, _ f: inout FunctionBuilder, _ c: inout PythonContext,
                          _ body: (inout FunctionBuilder, inout PythonContext) -> Void) {
        c.loops.append(PythonLoop(continueTarget: top, withDepth: c.withs.count))
        body(&f, &c)
        f.emit(.jump(top))
        f.land(exit)
        for jump in c.loops.removeLast().breaks { f.land(jump) }
    }

    /// A loop over a list, tuple or text, by index (so items appended while it runs are seen,
    /// as Python's list iterator sees them). `index`, if given, stores the index first.
    private func sequenceLoop(_ iterable: Expression, _ f: inout FunctionBuilder, _ c: inout PythonContext,
                              index: ((inout FunctionBuilder, inout PythonContext) -> Void)?,
                              bind: (inout FunctionBuilder, inout PythonContext) -> Void,
                              body: (inout FunctionBuilder, inout PythonContext) -> Void) {
        let sequence = f.local(), position = f.local()
        value(iterable, &f, &c)
        f.emit(.collect(.iterate))
        f.emit(.store(sequence.slot))
        f.emit(.push(0))
        f.emit(.store(position.slot))
        // CPython's FOR_ITER over a list: its cost on the test, the position's upkeep bookkeeping.
        let top = f.here
        let exit = f.bookkeeping { f in
            f.emit(.load(position.slot))
            f.emit(.load(sequence.slot))
            f.emit(.listLength)
            f.emit(.binary(.less))
            let exit = f.jumpForward(ifFalse: true)
            f.charge(CPythonCosts.forIter)
            return exit
        }
        if let index {
            f.bookkeeping { f in f.emit(.load(position.slot)) }
            index(&f, &c)
        }
        f.bookkeeping { f in
            f.emit(.load(sequence.slot))
            f.emit(.load(position.slot))
            f.emit(.listGet)
        }
        bind(&f, &c)
        f.bookkeeping { f in
            f.emit(.load(position.slot))
            f.emit(.push(1))
            f.emit(.binary(.add))
            f.emit(.store(position.slot))
        }
        loopBody(top: top, exit: exit, &f, &c, body)
    }

    // MARK: with

    /// Enters a `with` item: takes the lock (a Condition's, a Semaphore); nil after reporting.
    private func enter(_ item: WithItem, _ f: inout FunctionBuilder, _ c: inout PythonContext) -> PythonWithExit? {
        if withPools.contains(item.value.span.start), let alias = item.alias, let pool = objects[alias.name] {
            return .shutdown(pool.index)
        }
        guard case .name(let name) = item.value.kind, c.locals[name] == nil, let object = objects[name] else {
            // A value (a lock passed in, one from a list): its kind shows when the program runs.
            let held = f.local()
            value(item.value, &f, &c)
            f.bookkeeping { f in
                f.emit(.store(held.slot))
                f.emit(.load(held.slot))
            }
            f.emit(.method(.enter, argc: 0))
            if let alias = item.alias {
                // What __enter__ returns (a lock's is True; an instance's whatever its method returns).
                store(into: Expression(kind: .name(alias.name), span: alias.span), &f, &c)
            } else {
                f.emit(.pop)
            }
            return .exit(held)
        }
        if let alias = item.alias {
            error(at: alias.span, "'with \(name) as \(alias.name)' is not supported", hint: "write 'with \(name):' and use '\(name)'")
        }
        if object.kind.isLock {
            f.emit(.acquire(object.index, .blocking))
            return .release(object.index)
        }
        switch object.kind.library?.with {
        case .lock?:
            f.emit(.acquire(object.lock, .blocking))
            return .release(object.lock)
        case .operate(let enter, let exit)?:
            f.emit(.operate(object.kind.engineKind, enter, object.index, .blocking))
            return .operate(object.kind.engineKind, exit, object.index)
        case nil:
            error(at: item.value.span, "a \(object.kind.rawValue) can't be used with 'with'",
                  hint: "'with' takes a Lock, RLock, Condition or Semaphore")
            return nil
        }
    }

    /// Leaves a block: releases what it took, ends a `try`, runs a `finally` (`c.withs` holds
    /// only the blocks around it by then).
    private func leave(_ exit: PythonWithExit, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        switch exit {
        case .release(let lock): f.emit(.release(lock))
        case .operate(let kind, let method, let index):
            f.bookkeeping { f in f.emit(.push(1)) }
            f.emit(.operate(kind, method, index, .blocking))
        case .guarded(let exit):
            f.emit(.tryEnd)
            leave(exit, &f, &c)
        case .shutdown(let pool):
            f.shutdown(PoolRef(index: pool), wait: true)
        case .exit(let held):
            f.bookkeeping { f in f.emit(.load(held.slot)) }
            f.emit(.method(.exit, argc: 0))
            f.emit(.pop)
        case .handler:
            f.emit(.tryEnd)
        case .finally(let body):
            f.emit(.tryEnd)
            compileBlock(body, &f, &c)
        }
    }

    /// Leaves every block open above `depth`, innermost first, for a jump out of them; the
    /// context's blocks are as they were afterwards.
    private func leaveAll(down depth: Int, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        let open = c.withs
        for index in stride(from: open.count - 1, through: depth, by: -1) {
            c.withs = Array(open[..<index])
            leave(open[index], &f, &c)
        }
        c.withs = open
    }

    // MARK: Exceptions

    /// `try` / `except` / `else` / `finally`.
    private func tryStatement(_ body: [Statement], _ handlers: [ExceptHandler], _ orElse: [Statement]?,
                              _ final: [Statement]?, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        var finallyHandler: FunctionBuilder.ForwardJump?
        if let final {
            finallyHandler = f.tryBegin()
            c.withs.append(.finally(final))
        }
        if handlers.isEmpty {
            compileBlock(body, &f, &c)
        } else {
            let handler = f.tryBegin()
            c.withs.append(.handler)
            compileBlock(body, &f, &c)
            c.withs.removeLast()
            f.emit(.tryEnd)
            compileBlock(orElse ?? [], &f, &c)
            let done = f.jumpForward()
            f.land(handler)
            let exception = f.local()
            f.emit(.store(exception.slot))
            var ends: [FunctionBuilder.ForwardJump] = []
            for clause in handlers {
                f.line = Int32(line(of: clause.span))
                var next: FunctionBuilder.ForwardJump?
                if !clause.types.isEmpty {
                    for (index, type) in clause.types.enumerated() {
                        f.emit(.load(exception.slot))
                        f.emit(.exceptionMatches(exceptionName(type)))
                        if index > 0 { f.emit(.binary(.or)) }
                    }
                    next = f.jumpForward(ifFalse: true)
                }
                if let alias = clause.alias {
                    f.emit(.load(exception.slot))
                    store(into: Expression(kind: .name(alias.name), span: alias.span), &f, &c)
                }
                let outer = c.handling
                c.handling = exception
                compileBlock(clause.body, &f, &c)
                c.handling = outer
                ends.append(f.jumpForward())
                if let next { f.land(next) }
            }
            // No clause caught it: on it goes.
            f.emit(.load(exception.slot))
            f.emit(.reraise)
            for end in ends { f.land(end) }
            f.land(done)
        }
        if let final, let finallyHandler {
            c.withs.removeLast()
            f.emit(.tryEnd)
            compileBlock(final, &f, &c)
            cleanUp(at: finallyHandler, &f, &c) { f, c in self.compileBlock(final, &f, &c) }
        }
    }

    /// The handler a `try` block (or a `with`) began, placed after the code before it, which
    /// jumps over it: it keeps the exception, runs `cleanUp` and raises the exception again.
    private func cleanUp(at handler: FunctionBuilder.ForwardJump, _ f: inout FunctionBuilder, _ c: inout PythonContext,
                         _ cleanUp: (inout FunctionBuilder, inout PythonContext) -> Void) {
        let after = f.jumpForward()
        f.land(handler)
        let exception = f.local()
        f.emit(.store(exception.slot))
        cleanUp(&f, &c)
        f.emit(.load(exception.slot))
        f.emit(.reraise)
        f.land(after)
    }

    /// The constant naming the exception an `except` clause names; an unknown one is reported.
    private func exceptionName(_ type: Expression) -> Int32 {
        if case .name(let own) = type.kind, let known = classes[own] {
            guard known.kind == .exception else {
                error(at: type.span, "'\(own)' is not an exception class", hint: "derive it from Exception: class \(own)(Exception):")
                return nameConstant("Exception")
            }
            return nameConstant(own)
        }
        let name: String
        switch type.kind {
        case .name(let n): name = imports[n].map { String($0.split(separator: ".").last ?? "") } ?? n
        case .attribute(_, let n, _) where qualifiedName(type) != nil: name = n
        default: name = ""
        }
        guard PythonCompiler.exceptions.contains(name) else {
            error(at: type.span, "Interleave does not know the exception '\(file.text(type.span))'",
                  hint: Suggestions.hint(for: name, in: PythonCompiler.exceptions)
                      ?? "it knows Python's built-in exceptions, queue.Empty, queue.Full and the exception classes the program defines")
            return nameConstant("Exception")
        }
        return nameConstant(name)
    }

    static let exceptions = [
        "Exception", "BaseException", "ValueError", "TypeError", "RuntimeError", "KeyError", "IndexError", "LookupError",
        "ZeroDivisionError", "ArithmeticError", "OverflowError", "TimeoutError", "AssertionError", "AttributeError",
        "NameError", "NotImplementedError", "OSError", "ConnectionError", "RecursionError", "KeyboardInterrupt",
        "StopIteration", "MemoryError",
    ] + PythonExceptions.library

    /// `raise E("message")`, `raise E`, `raise e` or a bare `raise`.
    private func raise(_ exception: Expression?, at span: Span, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        guard let exception else {
            guard let handling = c.handling else {
                return error(at: span, "a bare 'raise' re-raises the exception being handled, and there is none here",
                             hint: "raise an exception by name: raise ValueError(\"what went wrong\")")
            }
            f.emit(.load(handling.slot))
            f.emit(.reraise)
            return
        }
        switch exception.kind {
        case .call(let callee, let arguments):
            let name = exceptionName(callee)
            if let message = arguments.first?.value { value(message, &f, &c) } else { f.emit(.push(builder.text(""))) }
            f.emit(.raise(name: name))
        case .name(let local) where c.locals[local] != nil:
            load(local, at: exception.span, &f, &c)
            f.emit(.reraise)
        default:
            let name = exceptionName(exception)
            f.emit(.push(builder.text("")))
            f.emit(.raise(name: name))
        }
    }
}
