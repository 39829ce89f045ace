import InterleaveCore

/// Calls: scenario functions, built-ins, and methods of objects, threads and lists.
extension Compiler {
    func call(_ callee: Expression, _ arguments: [Argument], _ span: Span,
              _ f: inout FunctionBuilder, _ c: inout Context, wantsValue: Bool) -> ValueType {
        switch callee.kind {
        case .name(let name) where c.locals[name] == nil:
            return callNamed(name, callee.span, arguments, span, &f, &c)
        case .attribute(let receiver, let method, let methodSpan):
            if case .name(let module) = receiver.kind, Compiler.modules.contains(module),
               c.locals[module] == nil, globals[module] == nil {
                return callModule(module, method, methodSpan, arguments, span, &f, &c)
            }
            switch objectIfAny(receiver, c) {
            case .object(let object)?:
                return callMethod(object, method, methodSpan, arguments, span, &f, &c, wantsValue: wantsValue)
            case .unknown?:
                // A parameter of a function checked without a caller: check what can be checked.
                for argument in arguments {
                    switch argument.value.kind {
                    case .none: continue
                    case .lambda(let body, _, _): _ = value(body, &f, &c)
                    default: _ = value(argument.value, &f, &c)
                    }
                }
                return wantsValue ? pushing(0, &f) : .void
            case nil:
                return callValueMethod(receiver, method, methodSpan, arguments, span, &f, &c)
            }
        default:
            error(at: callee.span, "\(file.text(callee.span)) can't be called", hint: "call a function by its name: f(...)")
            return .invalid
        }
    }

    private func pushing(_ value: Int64, _ f: inout FunctionBuilder) -> ValueType {
        f.emit(.push(.int(value)))
        return .int
    }

    /// `name(...)`: a scenario function or a built-in.
    private func callNamed(_ name: String, _ nameSpan: Span, _ arguments: [Argument], _ span: Span,
                           _ f: inout FunctionBuilder, _ c: inout Context) -> ValueType {
        switch name {
        case "len":
            guard let bound = bind(arguments, ["list"], required: 1, call: "len", at: span, positionalOnly: true),
                  listValue(bound[0]!, &f, &c) else { return .invalid }
            f.emit(.listLength)
            return .int
        case "range":
            error(at: span, "range(...) only drives a for loop", hint: "write 'for i in range(5):'")
            return .invalid
        case "Thread", "Process":
            return threadObject(name == "Process", arguments, span, &f, &c) ? .int : .invalid
        case "as_completed" where functions["as_completed"] == nil:
            error(at: span, "as_completed(...) only drives a for loop", hint: "write 'for future in as_completed(futures):'")
            return .invalid
        default:
            break
        }
        if Compiler.constructors.contains(name) {
            error(at: span, "objects are declared at the top level of the scenario",
                  hint: "write 'name = \(name)(...)' at the top level and use the name here")
            return .invalid
        }
        guard let function = functions[name] else {
            if globals[name] != nil {
                error(at: nameSpan, "'\(name)' is not a function and can't be called")
            } else if ["sleep", "compute", "io"].contains(name) {
                error(at: nameSpan, "unknown name '\(name)'")
            } else {
                unknownName(name, nameSpan, c)
            }
            return .invalid
        }
        guard let kinds = functionArguments(function, arguments, span, startOptions: false, &f, &c) else { return .invalid }
        if c.checkOnly { return pushing(0, &f) }
        guard let ref = instance(of: name, kinds, at: span) else { return .invalid }
        f.emit(.call(ref.index))
        return .int
    }

    /// `threading.X(...)`, `time.sleep(...)` and the like.
    private func callModule(_ module: String, _ name: String, _ nameSpan: Span, _ arguments: [Argument], _ span: Span,
                            _ f: inout FunctionBuilder, _ c: inout Context) -> ValueType {
        switch (module, name) {
        case ("time", "sleep"):
            guard let bound = bind(arguments, ["seconds"], required: 1, call: "time.sleep", at: span, positionalOnly: true)
            else { return .invalid }
            duration(bound[0]!, &f, &c)
            f.emit(.sleep)
            return .void
        case ("threading", "Thread"), ("multiprocessing", "Process"):
            return threadObject(name == "Process", arguments, span, &f, &c) ? .int : .invalid
        default:
            if Compiler.constructors.contains(name) || name == "local" {
                error(at: span, "objects are declared at the top level of the scenario",
                      hint: "write 'name = \(module).\(name)(...)' at the top level and use the name here")
            } else {
                error(at: nameSpan, "\(module).\(name) is not something Interleave simulates",
                      hint: "see the language reference (docs/LANGUAGE.md) for what scenarios can do")
            }
            return .invalid
        }
    }

    // MARK: Object methods

    private func callMethod(_ object: ObjectRef, _ method: String, _ methodSpan: Span, _ arguments: [Argument],
                            _ span: Span, _ f: inout FunctionBuilder, _ c: inout Context, wantsValue: Bool) -> ValueType {
        let call = "\(object.name).\(method)"
        func noArguments() -> Bool { bind(arguments, [], required: 0, call: call, at: span) != nil }
        /// Emits a waiting instruction and shapes its result: a success flag when wanted.
        func wait(_ mode: WaitMode, _ instruction: Instruction, blockingResult: Bool = true) -> ValueType {
            f.emit(instruction)
            if mode == .blocking {
                return wantsValue && blockingResult ? pushing(1, &f) : .void
            }
            if !wantsValue {
                f.emit(.pop)
                return .void
            }
            return .int
        }
        if object.kind == .pool {
            return callPoolMethod(object, method, methodSpan, arguments, span, &f, &c, wantsValue: wantsValue)
        }
        switch (object.kind, method) {
        case (_, "acquire") where [.lock, .rlock, .fairLock, .condition, .semaphore, .boundedSemaphore].contains(object.kind):
            // Python: -1 means no timeout for a lock; for a semaphore a negative timeout gives up at once.
            let isSemaphore = object.kind == .semaphore || object.kind == .boundedSemaphore
            guard let bound = bind(arguments, ["blocking", "timeout"], required: 0, call: call, at: span),
                  let mode = waitMode(blocking: bound[0], timeout: bound[1],
                                      negative: isSemaphore ? .givesUpAtOnce : .minusOneIsForever, &f, &c)
            else { return .invalid }
            if isSemaphore { return wait(mode, .operate(.semaphore, .acquire, object.index, mode)) }
            return wait(mode, .acquire(object.kind == .condition ? object.lock : object.index, mode))
        case (.lock, "release"), (.rlock, "release"), (.fairLock, "release"), (.condition, "release"):
            guard noArguments() else { return .invalid }
            f.emit(.release(object.kind == .condition ? object.lock : object.index))
            return .void
        case (.semaphore, "release"), (.boundedSemaphore, "release"):
            guard let bound = bind(arguments, ["n"], required: 0, call: call, at: span) else { return .invalid }
            if let n = bound[0] { int(n, &f, &c) } else { f.emit(.push(1)) }
            f.emit(.operate(.semaphore, .release, object.index, .blocking))
            return .void
        case (.flag, "set"):
            guard noArguments() else { return .invalid }
            f.emit(.operate(.flag, .set, object.index, .blocking))
            return .void
        case (.flag, "clear"):
            guard noArguments() else { return .invalid }
            f.emit(.operate(.flag, .clear, object.index, .blocking))
            return .void
        case (.flag, "is_set"), (.flag, "isSet"):
            guard noArguments() else { return .invalid }
            f.emit(.operate(.flag, .isSet, object.index, .blocking))
            return .int
        case (.flag, "wait"):
            guard let bound = bind(arguments, ["timeout"], required: 0, call: call, at: span),
                  let mode = waitMode(blocking: nil, timeout: bound[0], &f, &c) else { return .invalid }
            return wait(mode, .operate(.flag, .wait, object.index, mode))
        case (.condition, "wait"):
            guard let bound = bind(arguments, ["timeout"], required: 0, call: call, at: span),
                  let mode = waitMode(blocking: nil, timeout: bound[0], &f, &c) else { return .invalid }
            return wait(mode, .operate(.condition, .wait, object.index, mode))
        case (.condition, "wait_for"):
            guard let bound = bind(arguments, ["predicate", "timeout"], required: 1, call: call, at: span)
            else { return .invalid }
            if let timeout = bound[1] {
                error(at: timeout.span, "wait_for with a timeout is not supported",
                      hint: "write a loop: while not ready: \(object.name).wait(timeout=...)")
                return .invalid
            }
            var predicate = bound[0]!
            if case .lambda(let body, _, _) = predicate.kind { predicate = body }
            // while not predicate: wait()
            let top = f.here
            int(predicate, &f, &c)
            f.emit(.unary(.not))
            let done = f.jumpForward(ifFalse: true)
            f.emit(.operate(.condition, .wait, object.index, .blocking))
            f.emit(.jump(top))
            f.land(done)
            return wantsValue ? pushing(1, &f) : .void
        case (.condition, "notify"):
            guard let bound = bind(arguments, ["n"], required: 0, call: call, at: span) else { return .invalid }
            if let n = bound[0] { int(n, &f, &c) } else { f.emit(.push(1)) }
            f.emit(.operate(.condition, .notify, object.index, .blocking))
            return .void
        case (.condition, "notify_all"), (.condition, "notifyAll"):
            guard noArguments() else { return .invalid }
            f.emit(.operate(.condition, .notifyAll, object.index, .blocking))
            return .void
        case (.barrier, "wait"):
            guard let bound = bind(arguments, ["timeout"], required: 0, call: call, at: span),
                  let mode = waitMode(blocking: nil, timeout: bound[0], &f, &c) else { return .invalid }
            f.emit(.operate(.barrier, .wait, object.index, mode))
            if !wantsValue {
                f.emit(.pop)
                return .void
            }
            return .int
        case (.queue, "put"), (.queue, "put_nowait"):
            let nowait = method == "put_nowait"
            guard let bound = bind(arguments, nowait ? ["item"] : ["item", "block", "timeout"], required: 1, call: call, at: span)
            else { return .invalid }
            int(bound[0]!, &f, &c)
            guard let mode = nowait ? .nonBlocking : waitMode(blocking: bound[1], timeout: bound[2], negative: .invalid, &f, &c)
            else { return .invalid }
            return wait(mode, .operate(.queue, .put, object.index, mode))
        case (.queue, "get"), (.queue, "get_nowait"):
            guard let mode = method == "get_nowait"
                ? (bind(arguments, [], required: 0, call: call, at: span) != nil ? .nonBlocking : nil)
                : queueGetMode(arguments, at: span, &f, &c)
            else { return .invalid }
            f.emit(.operate(.queue, .get, object.index, mode))
            if mode != .blocking { f.emit(.pop) }
            if !wantsValue {
                f.emit(.pop)
                return .void
            }
            return .int
        default:
            let unsupported = ["task_done", "join", "qsize", "empty", "full", "locked", "reset", "abort"]
            if unsupported.contains(method) {
                error(at: methodSpan, "\(object.kind.rawValue).\(method)() is not simulated by Interleave",
                      hint: "\(object.described) has \(object.methods.map { $0 + "()" }.joined(separator: ", "))")
            } else {
                error(at: methodSpan, "\(object.described) has no method '\(method)'",
                      hint: Suggestions.hint(for: method, in: object.methods)
                          ?? "it has \(object.methods.map { $0 + "()" }.joined(separator: ", "))")
            }
            return .invalid
        }
    }

    /// The wait mode of `queue.get(block=..., timeout=...)`, pushing its timeout.
    func queueGetMode(_ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder, _ c: inout Context) -> WaitMode? {
        guard let bound = bind(arguments, ["block", "timeout"], required: 0, call: "get", at: span) else { return nil }
        return waitMode(blocking: bound[0], timeout: bound[1], negative: .invalid, &f, &c)
    }

    /// How a wait treats a negative timeout, following Python.
    enum NegativeTimeout {
        /// `Lock.acquire`: -1 waits without a timeout; other negatives are an error.
        case minusOneIsForever
        /// `Queue.get`/`put`: a negative timeout is an error.
        case invalid
        /// Event, Condition, Semaphore, Barrier, join: a negative timeout doesn't wait.
        case givesUpAtOnce
    }

    /// How a call waits, from Python's `blocking`/`block` and `timeout` arguments; pushes the timeout.
    /// A timeout of None waits without one; a negative one follows `negative`.
    func waitMode(blocking: Expression?, timeout: Expression?, negative: NegativeTimeout = .givesUpAtOnce,
                  _ f: inout FunctionBuilder, _ c: inout Context) -> WaitMode? {
        var blocks = true
        if let blocking {
            guard let flag = Compiler.fold(blocking) else {
                error(at: blocking.span, "blocking must be True or False")
                return nil
            }
            blocks = flag != 0
        }
        guard let timeout else { return blocks ? .blocking : .nonBlocking }
        if case .none = timeout.kind { return blocks ? .blocking : .nonBlocking }
        if let constant = Compiler.fold(timeout), constant < 0 {
            switch negative {
            case .minusOneIsForever:
                if constant == -1 { return blocks ? .blocking : .nonBlocking }
                error(at: timeout.span, "a timeout can't be negative", hint: "leave it out (or write -1) to wait without a timeout")
                return nil
            case .invalid:
                error(at: timeout.span, "a timeout can't be negative", hint: "leave it out to wait without a timeout")
                return nil
            case .givesUpAtOnce:
                f.emit(.push(0))
                return .timeout
            }
        }
        guard blocks else {
            error(at: timeout.span, "a non-blocking call can't have a timeout", hint: "drop blocking=False, or the timeout")
            return nil
        }
        duration(timeout, &f, &c)
        return .timeout
    }

    // MARK: Threads and lists

    /// `t.start()`, `t.join()`, `t.is_alive()`, `items.append(x)` on a value.
    private func callValueMethod(_ receiver: Expression, _ method: String, _ methodSpan: Span, _ arguments: [Argument],
                                 _ span: Span, _ f: inout FunctionBuilder, _ c: inout Context) -> ValueType {
        let call = "\(file.text(receiver.span)).\(method)"
        let type = value(receiver, &f, &c)
        switch (type, method) {
        case (.invalid, _), (.void, _):
            return .invalid
        case (.list, "append"):
            guard let bound = bind(arguments, ["item"], required: 1, call: call, at: span) else { return .invalid }
            int(bound[0]!, &f, &c)
            f.emit(.listAppend)
            return .void
        case (.list, _):
            error(at: methodSpan, "a list has no method '\(method)'", hint: "lists have append(); use len(list) and list[i]")
            return .invalid
        case (.int, "start"):
            guard bind(arguments, [], required: 0, call: call, at: span) != nil else { return .invalid }
            emitStart(keepHandle: false, &f, &c)
            return .void
        case (.int, "join"):
            guard let bound = bind(arguments, ["timeout"], required: 0, call: call, at: span),
                  let mode = waitMode(blocking: nil, timeout: bound[0], &f, &c) else { return .invalid }
            f.emit(.join(mode))
            return .void
        case (.int, "is_alive"):
            guard bind(arguments, [], required: 0, call: call, at: span) != nil else { return .invalid }
            f.emit(.isAlive)
            return .int
        case (.int, "result"), (.int, "done"):
            return callFutureMethod(method, arguments, call: call, span, &f, &c)
        case (.int, _):
            error(at: methodSpan, "\(file.text(receiver.span)) has no method '\(method)'",
                  hint: Suggestions.hint(for: method, in: ["start", "join", "is_alive", "append", "result", "done"])
                      ?? "a thread has start(), join() and is_alive(); a future has result() and done()")
            return .invalid
        }
    }

    /// Starts the thread whose handle is on the stack, keeping the handle there if asked.
    func emitStart(keepHandle: Bool, _ f: inout FunctionBuilder, _ c: inout Context) {
        if keepHandle { f.emit(.dup) }
        f.emit(.start)
    }

    /// Evaluates a `join` target into a new local: a thread handle, or a list of them (`isList`).
    func joinTarget(_ target: Expression, _ f: inout FunctionBuilder, _ c: inout Context) -> (Local, isList: Bool)? {
        if case .object(let object)? = objectIfAny(target, c) {
            error(at: target.span, "'join' waits for threads, and \(object.described) is not one")
            return nil
        }
        let type = value(target, &f, &c)
        switch type {
        case .int, .list:
            let local = f.local()
            f.emit(.store(local.slot))
            return (local, type == .list)
        case .void:
            error(at: target.span, "\(file.text(target.span)) is not a thread")
            return nil
        case .invalid:
            return nil
        }
    }

    /// `start f(args)` / `start process f(args)`: creates the thread, starts it if `startNow`,
    /// and leaves its handle on the stack. False after reporting a problem.
    func start(_ call: Expression, process: Bool, startNow: Bool, _ f: inout FunctionBuilder, _ c: inout Context) -> Bool {
        guard case .call(let callee, let arguments) = call.kind else { return false }
        guard case .name(let name) = callee.kind, let function = functions[name] else {
            if case .name(let name) = callee.kind, globals[name] == nil, c.locals[name] == nil {
                unknownName(name, callee.span, c)
            } else {
                error(at: callee.span, "'start' takes a call of a function defined with 'def'")
            }
            return false
        }
        let options = arguments.filter { ["name", "daemon", "priority"].contains($0.label ?? "") }
        let passed = arguments.filter { !["name", "daemon", "priority"].contains($0.label ?? "") }
        guard let kinds = functionArguments(function, passed, call.span, startOptions: true, &f, &c) else { return false }
        guard create(function, kinds, options: options, process: process, at: call.span, &f, &c) else { return false }
        if startNow { emitStart(keepHandle: true, &f, &c) }
        return true
    }

    /// `Thread(target=f, args=(...), name=..., daemon=..., priority=...)` or `Process(...)`:
    /// creates the thread without starting it and pushes its handle.
    private func threadObject(_ process: Bool, _ arguments: [Argument], _ span: Span,
                              _ f: inout FunctionBuilder, _ c: inout Context) -> Bool {
        let kind = process ? "Process" : "Thread"
        guard let bound = bind(arguments, ["target", "args", "name", "daemon", "priority"], required: 1, call: kind, at: span)
        else { return false }
        let target = bound[0]!
        guard case .name(let name) = target.kind, let function = functions[name] else {
            error(at: target.span, "target= takes the name of a function defined with 'def'")
            return false
        }
        var values: [Expression] = []
        if let args = bound[1] {
            switch args.kind {
            case .tuple(let items), .list(let items): values = items
            default:
                error(at: args.span, "args= takes a tuple of arguments", hint: "write args=(\(file.text(args.span)),) — note the comma")
                return false
            }
        }
        let passed = values.map { Argument(label: nil, labelSpan: nil, value: $0) }
        guard let kinds = functionArguments(function, passed, span, startOptions: true, &f, &c) else { return false }
        var options: [Argument] = []
        for (index, label) in [(2, "name"), (3, "daemon"), (4, "priority")] {
            if let value = bound[index] { options.append(Argument(label: label, labelSpan: value.span, value: value)) }
        }
        return create(function, kinds, options: options, process: process, at: span, &f, &c)
    }

    /// Pushes a scenario function's arguments, returning the kind of each (objects push nothing).
    func functionArguments(_ function: Function, _ arguments: [Argument], _ span: Span, startOptions: Bool,
                                   _ f: inout FunctionBuilder, _ c: inout Context) -> [ArgumentKind]? {
        guard let bound = bind(arguments, function.parameters.map(\.name), required: function.parameters.count,
                               call: function.name, at: span) else { return nil }
        var kinds: [ArgumentKind] = []
        for expression in bound.compactMap({ $0 }) {
            switch objectIfAny(expression, c) {
            case .object(let object)?:
                kinds.append(.object(object))
                continue
            case .unknown?, nil:
                break
            }
            switch value(expression, &f, &c) {
            case .list:
                if startOptions {
                    error(at: expression.span, "a list can't be passed to a new thread",
                          hint: "a list belongs to the thread that made it; pass numbers, or objects like a Queue")
                    return nil
                }
                kinds.append(.list)
            case .void:
                error(at: expression.span, "\(file.text(expression.span)) gives no value to pass")
                return nil
            case .int, .invalid:
                kinds.append(.value)
            }
        }
        return kinds
    }

    /// Emits `create` for a new thread or process running `function`, after its name's values.
    private func create(_ function: Function, _ kinds: [ArgumentKind], options: [Argument], process: Bool, at span: Span,
                        _ f: inout FunctionBuilder, _ c: inout Context) -> Bool {
        var spec = StartSpec(function: -1, kind: process ? .process : .thread)
        for option in options {
            switch option.label {
            case "daemon":
                guard let flag = Compiler.fold(option.value) else {
                    error(at: option.value.span, "daemon must be True or False")
                    return false
                }
                spec.daemon = flag != 0
            case "priority":
                guard let priority = constant(option.value, what: "a priority") else { return false }
                guard (-1000...1000).contains(priority) else {
                    error(at: option.value.span, "a priority must be between -1000 and 1000")
                    return false
                }
                spec.priority = Int32(priority)
            default:
                if let text = plainText(option.value) {
                    spec.name = text
                } else if case .string = option.value.kind {
                    spec.nameFormat = PrintFormat(format(option.value, &f, &c))
                } else {
                    error(at: option.value.span, "a thread's name must be text in quotes", hint: "for example name=\"worker-{i}\"")
                    return false
                }
            }
        }
        if c.checkOnly {
            f.emit(.push(0))
            return true
        }
        guard let ref = instance(of: function.name, kinds, at: span) else { return false }
        spec.function = ref.index
        f.emit(.create(builder.addStart(spec)))
        // `join all` joins what this function made, daemons aside.
        if let started = c.started, spec.daemon != true {
            f.emit(.dup)
            f.appendTop(to: started)
        }
        return true
    }
}
