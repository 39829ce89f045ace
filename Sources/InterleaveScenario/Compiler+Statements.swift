import InterleaveCore

/// Statements: assignments, control flow, `with`, time, joins, print and expect.
extension Compiler {
    func compileBlock(_ statements: [Statement], _ f: inout FunctionBuilder, _ c: inout Context) {
        for statement in statements { compile(statement, &f, &c) }
    }

    func compile(_ statement: Statement, _ f: inout FunctionBuilder, _ c: inout Context) {
        f.line = Int32(line(of: statement.span))
        switch statement.kind {
        case .config, .shared, .function:
            let what: String
            switch statement.kind {
            case .config: what = "'config' lines"
            case .shared: what = "'shared' declarations"
            default: what = "functions ('def')"
            }
            error(at: statement.span, "\(what) belong at the top level of the scenario",
                  hint: "move it out of the block, to the start of a line")
        case .assign(let targets, let value):
            assign(targets, value, &f, &c)
        case .augmented(let target, let op, let value):
            augment(target, op, value, &f, &c)
        case .expression(let expression):
            if case .binary(.equal, let left, _) = expression.kind {
                error(at: expression.span, "this line compares two values and does nothing",
                      hint: "to assign, write \(file.text(left.span)) = ...; to check, write expect \(file.text(expression.span))")
                return
            }
            if case .attribute(_, _, _) = expression.kind {
                error(at: expression.span, "this line only names a value and does nothing",
                      hint: "to call a method, add parentheses: \(file.text(expression.span))()")
                return
            }
            let type = value(expression, &f, &c, wantsValue: false)
            if type == .int || type == .list { f.emit(.pop) }
        case .if(let branches, let orElse):
            var ends: [FunctionBuilder.ForwardJump] = []
            for (index, branch) in branches.enumerated() {
                f.line = Int32(line(of: branch.condition.span))
                int(branch.condition, &f, &c)
                let next = f.jumpForward(ifFalse: true)
                compileBlock(branch.body, &f, &c)
                if index < branches.count - 1 || orElse != nil { ends.append(f.jumpForward()) }
                f.land(next)
            }
            if let orElse { compileBlock(orElse, &f, &c) }
            for end in ends { f.land(end) }
        case .while(let condition, let body):
            let top = f.here
            int(condition, &f, &c)
            let exit = f.jumpForward(ifFalse: true)
            c.loops.append(Context.Loop(top: top, withDepth: c.withs.count))
            compileBlock(body, &f, &c)
            f.emit(.jump(top))
            f.land(exit)
            let loop = c.loops.removeLast()
            for jump in loop.breaks { f.land(jump) }
        case .for(let variable, let variableSpan, let iterable, let body):
            forLoop(variable, variableSpan, iterable, &f, &c) { f, c in self.compileBlock(body, &f, &c) }
        case .repeat(let count, let body):
            let counter = f.local()
            int(count, &f, &c)
            f.emit(.store(counter.slot))
            counted(from: nil, to: counter, step: 1, variable: nil, &f, &c) { f, c in self.compileBlock(body, &f, &c) }
        case .with(let items, let body):
            with(items[...], body, &f, &c)
        case .sleep(let duration):
            self.duration(duration, &f, &c)
            f.emit(.sleep)
        case .compute(let duration):
            self.duration(duration, &f, &c)
            f.emit(.compute)
        case .io(let duration):
            self.duration(duration, &f, &c)
            f.emit(.io)
        case .join(let targets, let all):
            if all {
                guard let started = c.started else { return }
                forEach(in: started, &f, &c) { f, _ in f.emit(.join(.blocking)) }
            }
            // Evaluate every target first, so `join start f(), start g()` runs both at once.
            let evaluated = targets.compactMap { joinTarget($0, &f, &c) }
            for (local, isList) in evaluated {
                if isList {
                    forEach(in: local, &f, &c) { f, _ in f.emit(.join(.blocking)) }
                } else {
                    f.emit(.load(local.slot))
                    f.emit(.join(.blocking))
                }
            }
        case .print(let arguments):
            print(arguments, &f, &c)
        case .expect(let condition, let message):
            int(condition, &f, &c)
            var text = file.text(condition.span)
            if let message {
                if case .string(let pieces, _) = message.kind, pieces.allSatisfy({ if case .text = $0 { true } else { false } }) {
                    text = pieces.map { if case .text(let t) = $0 { t } else { "" } }.joined()
                } else {
                    error(at: message.span, "an expectation's message must be plain text in quotes")
                }
            }
            f.emitExpect(text)
        case .return(let value):
            guard !c.isMain else {
                error(at: statement.span, "'return' outside a function", hint: "the main program ends at the end of the file")
                return
            }
            if let value {
                let type = self.value(value, &f, &c)
                if type == .list {
                    error(at: value.span, "functions return numbers, not lists")
                } else if type == .void {
                    error(at: value.span, "\(file.text(value.span)) gives no value to return")
                }
            } else {
                f.emit(.push(0))
            }
            releaseWiths(from: 0, &f, &c)
            f.emit(.ret)
        case .global(let names):
            for name in names {
                if case .shared? = globals[name.name] { continue }
                error(at: name.span, "'\(name.name)' is not a shared variable",
                      hint: "declare it at the top level with 'shared \(name.name) = 0'; 'global' is then optional")
            }
        case .imports(let modules):
            for module in modules where !Compiler.modules.contains(module.name) {
                error(at: module.span, "Interleave has no module '\(module.name)'",
                      hint: "threading, queue, multiprocessing and time are built in; other modules can't be simulated")
            }
        case .pythonImport, .unsupported, .try, .raise, .classDefinition:
            // Only the Python parser makes these.
            error(at: statement.span, "this is Python, not the scenario language", hint: "save the file as .py")
        case .pass:
            break
        case .break, .continue:
            let isBreak = if case .break = statement.kind { true } else { false }
            guard var loop = c.loops.popLast() else {
                error(at: statement.span, "'\(isBreak ? "break" : "continue")' outside a loop")
                return
            }
            releaseWiths(from: loop.withDepth, &f, &c)
            if isBreak {
                loop.breaks.append(f.jumpForward())
            } else if let top = loop.top {
                f.emit(.jump(top))
            } else {
                loop.continues.append(f.jumpForward())
            }
            c.loops.append(loop)
        }
    }

    // MARK: Assignment

    private func assign(_ targets: [Expression], _ value: Expression, _ f: inout FunctionBuilder, _ c: inout Context) {
        if targets.count == 2 {
            // item, ok = q.get(timeout=...): the get pushes the item, then whether it succeeded.
            if case .call(let callee, _) = value.kind, case .attribute(let receiver, "get", _) = callee.kind,
               case .unknown? = objectIfAny(receiver, c) {
                return  // a parameter of a function checked without a caller
            }
            guard case .call(let callee, let arguments) = value.kind, case .attribute(let receiver, "get", _) = callee.kind,
                  case .object(let queue)? = objectIfAny(receiver, c), queue.kind == .queue else {
                error(at: targets[1].span, "only 'item, ok = queue.get(timeout=...)' assigns two names",
                      hint: "assign one name per line")
                return
            }
            guard let mode = queueGetMode(arguments, at: value.span, &f, &c) else { return }
            if mode == .blocking {
                error(at: value.span, "a blocking get always succeeds, so there is no 'ok' to assign",
                      hint: "write 'item = \(file.text(value.span))', or give it a timeout or block=False")
                return
            }
            f.emit(.operate(.queue, .get, queue.index, mode))
            // The flag is on top; assign left to right, as Python does.
            let flag = f.local()
            f.emit(.store(flag.slot))
            store(into: targets[0], type: .int, &f, &c)
            f.emit(.load(flag.slot))
            store(into: targets[1], type: .int, &f, &c)
            return
        }
        if targets.count > 2 {
            error(at: targets[2].span, "only 'item, ok = queue.get(timeout=...)' assigns several names")
            return
        }
        let target = targets[0]
        // Check the target before compiling the value, so a bad target reports once.
        if case .name(let name) = target.kind, let global = globals[name], c.locals[name] == nil {
            switch global {
            case .shared: break
            case .object(let object):
                error(at: target.span, "'\(name)' is \(object.described) and can't be assigned to",
                      hint: "objects are declared once, at the top level; choose another name")
                return
            case .function:
                error(at: target.span, "'\(name)' is a function and can't be assigned to", hint: "choose another name")
                return
            case .threadLocalNamespace:
                error(at: target.span, "'\(name)' is a thread-local namespace and can't be assigned to",
                      hint: "assign its attributes instead, like \(name).value = 1")
                return
            }
        }
        if case .index(let list, let index) = target.kind {
            guard listValue(list, &f, &c) else { return }
            int(index, &f, &c)
            int(value, &f, &c)
            f.emit(.listSet)
            return
        }
        let type = self.value(value, &f, &c)
        if type == .void {
            error(at: value.span, "\(file.text(value.span)) gives no value to assign")
            return
        }
        store(into: target, type: type, &f, &c)
    }

    /// Stores the value on top of the stack into a name or attribute.
    func store(into target: Expression, type: ValueType, _ f: inout FunctionBuilder, _ c: inout Context) {
        switch target.kind {
        case .name(let name):
            if let binding = c.locals[name] {
                switch binding {
                case .value(let local), .unknown(let local):
                    if type == .list {
                        error(at: target.span, "'\(name)' holds a number, so it can't hold a list",
                              hint: "use another name for the list")
                    }
                    f.emit(.store(local.slot))
                case .list(let local):
                    if type == .int {
                        error(at: target.span, "'\(name)' holds a list, so it can't hold a number",
                              hint: "use another name for the number")
                    }
                    f.emit(.store(local.slot))
                case .object(let object):
                    error(at: target.span, "'\(name)' is \(object.described) here and can't be assigned to")
                }
                return
            }
            if case .shared(let variable)? = globals[name] {
                if type == .list {
                    error(at: target.span, "shared variables hold numbers, not lists")
                }
                f.emit(.storeShared(variable.index))
                return
            }
            if globals[name] != nil || Compiler.builtinNames.contains(name) || Compiler.modules.contains(name) {
                error(at: target.span, "'\(name)' can't be assigned to", hint: "choose another name")
                return
            }
            let local = f.local()
            c.locals[name] = type == .list ? .list(local) : .value(local)
            f.emit(.store(local.slot))
        case .attribute(let base, let attribute, _):
            if let variable = threadLocal(base, attribute, c) {
                if type == .list { error(at: target.span, "thread-local variables hold numbers, not lists") }
                f.emit(.storeThreadLocal(variable.index))
            } else if attribute == "daemon" || attribute == "name" {
                error(at: target.span, "a thread's \(attribute) is set when it is made",
                      hint: "write Thread(target=..., \(attribute)=...) or start f(..., \(attribute)=...)")
            } else {
                error(at: target.span, "can't assign to \(file.text(target.span))",
                      hint: "assign to a name, a shared variable, a list element or a thread-local attribute")
            }
        default:
            error(at: target.span, "can't assign to \(file.text(target.span))",
                  hint: "assign to a name, a shared variable, a list element or a thread-local attribute")
        }
    }

    /// `target op= value`: read, compute, write (for a shared variable, two visible steps).
    private func augment(_ target: Expression, _ op: BinaryOperator, _ value: Expression,
                         _ f: inout FunctionBuilder, _ c: inout Context) {
        switch target.kind {
        case .name(let name):
            if let binding = c.locals[name] {
                guard case .value(let local) = binding.valueLocal else {
                    error(at: target.span, "'\(name)' is not a number")
                    return
                }
                f.emit(.load(local.slot))
                int(value, &f, &c)
                f.emit(.binary(op))
                f.emit(.store(local.slot))
            } else if case .shared(let variable)? = globals[name] {
                f.emit(.loadShared(variable.index))
                int(value, &f, &c)
                f.emit(.binary(op))
                f.emit(.storeShared(variable.index))
            } else {
                unknownName(name, target.span, c)
            }
        case .attribute(let base, let attribute, _):
            guard let variable = threadLocal(base, attribute, c) else {
                error(at: target.span, "can't update \(file.text(target.span))")
                return
            }
            f.emit(.loadThreadLocal(variable.index))
            int(value, &f, &c)
            f.emit(.binary(op))
            f.emit(.storeThreadLocal(variable.index))
        case .index(let list, let index):
            let position = f.local()
            int(index, &f, &c)
            f.emit(.store(position.slot))
            guard listValue(list, &f, &c) else { return }
            f.emit(.load(position.slot))
            _ = listValue(list, &f, &c)
            f.emit(.load(position.slot))
            f.emit(.listGet)
            int(value, &f, &c)
            f.emit(.binary(op))
            f.emit(.listSet)
        default:
            error(at: target.span, "can't update \(file.text(target.span))")
        }
    }

    // MARK: Loops

    /// `for variable in range(...)` or `for variable in a_list`.
    func forLoop(_ variable: String, _ variableSpan: Span, _ iterable: Expression,
                 _ f: inout FunctionBuilder, _ c: inout Context,
                 body: (inout FunctionBuilder, inout Context) -> Void) {
        let target = loopVariable(variable, variableSpan, &f, &c)
        if futureLoop(target, iterable, &f, &c, body: body) { return }
        if case .call(let callee, let arguments) = iterable.kind, case .name("range") = callee.kind, c.locals["range"] == nil {
            guard let bound = bind(arguments, ["start", "stop", "step"], required: 1, call: "range", at: iterable.span,
                                   positionalOnly: true) else { return }
            var start: Expression? = bound[0], stop = bound[1]
            if stop == nil { (start, stop) = (nil, start) }
            var step: Int64 = 1
            if let expression = bound[2] {
                guard let value = constant(expression, what: "range's step") else { return }
                guard value != 0 else {
                    error(at: expression.span, "range's step can't be 0")
                    return
                }
                step = value
            }
            let counter = f.local()
            if let start { int(start, &f, &c) } else { f.emit(.push(0)) }
            f.emit(.store(counter.slot))
            let limit = f.local()
            int(stop!, &f, &c)
            f.emit(.store(limit.slot))
            counted(from: counter, to: limit, step: step, variable: target, &f, &c, body: body)
            return
        }
        guard listValue(iterable, &f, &c, what: "a for loop goes over range(...) or a list") else { return }
        let list = f.local()
        f.emit(.store(list.slot))
        forEach(in: list, &f, &c) { f, c in
            if let target { f.emit(.store(target.slot)) } else { f.emit(.pop) }
            body(&f, &c)
        }
    }

    /// The local a loop assigns, made if new.
    private func loopVariable(_ name: String, _ span: Span, _ f: inout FunctionBuilder, _ c: inout Context) -> Local? {
        if let binding = c.locals[name] {
            if case .value(let local) = binding.valueLocal { return local }
            error(at: span, "'\(name)' is not a number, so it can't be a loop variable", hint: "use another name")
            return nil
        }
        if globals[name] != nil {
            error(at: span, "'\(name)' is already a top-level name and can't be a loop variable", hint: "use another name")
            return nil
        }
        let local = f.local()
        c.locals[name] = .value(local)
        return local
    }

    /// A counted loop: `counter` (a new zeroed local when nil) runs up to `limit` by `step`; each
    /// pass copies it to `variable` and runs the body.
    func counted(from counter: Local?, to limit: Local, step: Int64, variable: Local?,
                 _ f: inout FunctionBuilder, _ c: inout Context,
                 body: (inout FunctionBuilder, inout Context) -> Void) {
        let counter = counter ?? {
            let local = f.local()
            f.emit(.push(0))
            f.emit(.store(local.slot))
            return local
        }()
        let top = f.here
        f.emit(.load(counter.slot))
        f.emit(.load(limit.slot))
        f.emit(.binary(step > 0 ? .less : .greater))
        let exit = f.jumpForward(ifFalse: true)
        if let variable {
            f.emit(.load(counter.slot))
            f.emit(.store(variable.slot))
        }
        loopBody(counter: counter, step: step, top: top, exit: exit, &f, &c, body: body)
    }

    /// Runs `body` for each element of the list in `list`, with the element on the stack.
    func forEach(in list: Local, _ f: inout FunctionBuilder, _ c: inout Context,
                 body: (inout FunctionBuilder, inout Context) -> Void) {
        let position = f.local()
        f.emit(.push(0))
        f.emit(.store(position.slot))
        let top = f.here
        f.emit(.load(position.slot))
        f.emit(.load(list.slot))
        f.emit(.listLength)
        f.emit(.binary(.less))
        let exit = f.jumpForward(ifFalse: true)
        f.emit(.load(list.slot))
        f.emit(.load(position.slot))
        f.emit(.listGet)
        loopBody(counter: position, step: 1, top: top, exit: exit, &f, &c, body: body)
    }

    /// The body of a counted loop and its end: `continue` lands on the step, the counter
    /// advances, the loop jumps back to `top`, and `break` and the exit land after it.
    private func loopBody(counter: Local, step: Int64, top: Int32, exit: FunctionBuilder.ForwardJump,
                          _ f: inout FunctionBuilder, _ c: inout Context,
                          body: (inout FunctionBuilder, inout Context) -> Void) {
        c.loops.append(Context.Loop(withDepth: c.withs.count))
        body(&f, &c)
        let loop = c.loops.removeLast()
        for jump in loop.continues { f.land(jump) }
        f.emit(.load(counter.slot))
        f.emit(.push(.int(step)))
        // Held at the limit, past which the loop ends (range(2**63 - 2, 2**63 - 1, 2) runs once).
        f.emit(.binary(.addClamped))
        f.emit(.store(counter.slot))
        f.emit(.jump(top))
        f.land(exit)
        for jump in loop.breaks { f.land(jump) }
    }

    // MARK: with

    private func with(_ items: ArraySlice<WithItem>, _ body: [Statement], _ f: inout FunctionBuilder, _ c: inout Context) {
        guard let withItem = items.first else {
            compileBlock(body, &f, &c)
            return
        }
        let item = withItem.value
        // Leaving the block happens at the `with` line, as Python's tracebacks say.
        let withLine = f.line
        if constructorName(item) == "ThreadPoolExecutor" {
            if let pool = withPool(withItem, c) {
                c.withs.append(.pool(pool.index))
                with(items.dropFirst(), body, &f, &c)
                c.withs.removeLast()
                f.line = withLine
                release(.pool(pool.index), &f)
            } else {
                with(items.dropFirst(), body, &f, &c)
            }
            return
        }
        if let alias = withItem.alias {
            error(at: alias.span, "'with ... as \(alias.name)' names only an executor made there",
                  hint: "write 'with \(file.text(item.span)):'; the object is already named")
        }
        guard let object = object(item, c, use: "'with'") else {
            with(items.dropFirst(), body, &f, &c)
            return
        }
        let held: Context.WithItem
        switch object.kind {
        case .lock, .rlock, .fairLock:
            f.emit(.acquire(object.index, .blocking))
            held = .lock(object.index)
        case .condition:
            f.emit(.acquire(object.lock, .blocking))
            held = .lock(object.lock)
        case .semaphore, .boundedSemaphore:
            f.emit(.operate(.semaphore, .acquire, object.index, .blocking))
            held = .semaphore(object.index)
        case .pool:
            held = .pool(object.index)
        default:
            error(at: item.span, "\(object.described) can't be used with 'with'",
                  hint: "'with' takes a Lock, RLock, Condition, Semaphore or ThreadPoolExecutor")
            with(items.dropFirst(), body, &f, &c)
            return
        }
        c.withs.append(held)
        with(items.dropFirst(), body, &f, &c)
        c.withs.removeLast()
        f.line = withLine
        release(held, &f)
    }

    private func release(_ item: Context.WithItem, _ f: inout FunctionBuilder) {
        switch item {
        case .lock(let index): f.emit(.release(index))
        case .semaphore(let index):
            f.emit(.push(1))
            f.emit(.operate(.semaphore, .release, index, .blocking))
        case .pool(let index):
            f.shutdown(PoolRef(index: index), wait: true)
        }
    }

    /// Releases what the `with` blocks from `depth` inwards hold, innermost first (before a jump out).
    private func releaseWiths(from depth: Int, _ f: inout FunctionBuilder, _ c: inout Context) {
        for item in c.withs[depth...].reversed() { release(item, &f) }
    }

    // MARK: print

    private func print(_ arguments: [Argument], _ f: inout FunctionBuilder, _ c: inout Context) {
        var pieces: [PrintFormat.Piece] = []
        var separator = " "
        let values = arguments.filter { argument in
            guard let label = argument.label else { return true }
            switch label {
            case "flush": break
            case "sep":
                if let text = plainText(argument.value) { separator = text } else {
                    error(at: argument.value.span, "sep must be plain text in quotes")
                }
            default:
                error(at: argument.labelSpan ?? argument.value.span, "print takes no '\(label)' argument",
                      hint: "print takes values and text, and sep=\"...\"")
            }
            return false
        }
        for (index, argument) in values.enumerated() {
            if index > 0 { pieces.append(.text(separator)) }
            pieces.append(contentsOf: format(argument.value, &f, &c))
        }
        f.emit(.print(builder.addFormat(PrintFormat(pieces))))
    }

    /// The pieces of one printed value (text with holes, or one number), pushing the holes' values.
    func format(_ expression: Expression, _ f: inout FunctionBuilder, _ c: inout Context) -> [PrintFormat.Piece] {
        guard case .string(let pieces, let holes) = expression.kind else {
            int(expression, &f, &c)
            return [.value]
        }
        var result: [PrintFormat.Piece] = []
        var next = 0
        for piece in pieces {
            switch piece {
            case .text(let text): result.append(.text(text))
            case .hole, .formattedHole:
                int(holes[next], &f, &c)
                next += 1
                result.append(.value)
            }
        }
        return result
    }

    /// The text of a string literal without holes, or nil.
    func plainText(_ expression: Expression) -> String? {
        guard case .string(let pieces, _) = expression.kind else { return nil }
        var text = ""
        for piece in pieces {
            guard case .text(let part) = piece else { return nil }
            text += part
        }
        return text
    }
}

extension LocalBinding {
    /// The binding as a number's local, if it is one (an unknown parameter counts).
    var valueLocal: LocalBinding? {
        switch self {
        case .value, .unknown: return self.normalized
        default: return nil
        }
    }

    private var normalized: LocalBinding {
        if case .unknown(let local) = self { return .value(local) }
        return self
    }
}
