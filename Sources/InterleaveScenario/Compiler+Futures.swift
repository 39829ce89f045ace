import InterleaveCore

/// concurrent.futures: `ThreadPoolExecutor` (declared at the top level, or with
/// `with ThreadPoolExecutor(...) as pool:` there), `pool.submit`, `pool.map`, `pool.shutdown`,
/// `future.result()`, `future.done()` and `for f in as_completed(futures)`.
extension Compiler {
    /// CPython's default `max_workers`: the cores plus four (on the default two cores, six).
    static let defaultMaxWorkers: Int64 = 6

    /// Declares the executor `name = ThreadPoolExecutor(max_workers=n)`.
    func declarePool(_ name: String, _ arguments: [Argument], at span: Span) -> ObjectRef? {
        guard let bound = bind(arguments, ["max_workers", "thread_name_prefix"], required: 0, call: "ThreadPoolExecutor", at: span)
        else { return nil }
        var workers = Compiler.defaultMaxWorkers
        if let expression = bound[0] {
            guard let value = constant(expression, what: "max_workers") else { return nil }
            guard (1...1024).contains(value) else {
                error(at: expression.span, "max_workers must be between 1 and 1024, not \(value)")
                return nil
            }
            workers = value
        }
        if let prefix = bound[1] { error(at: prefix.span, "thread_name_prefix is not supported: workers are named ThreadPoolExecutor-N_k") }
        let ref = builder.pool(name, maxWorkers: Int32(workers))
        return ObjectRef(kind: .pool, index: ref.index, name: name)
    }

    /// A top-level `with ThreadPoolExecutor(...) as name:` declares the executor `name` (the
    /// statement itself stays in the main program, where its block runs and ends by shutting it down).
    func declareWithPools(_ items: [WithItem]) {
        for item in items {
            guard let constructor = constructorName(item.value), constructor == "ThreadPoolExecutor",
                  case .call(_, let arguments) = item.value.kind else { continue }
            guard let alias = item.alias else {
                error(at: item.value.span, "name the executor to use it: 'with ThreadPoolExecutor(...) as pool:'")
                continue
            }
            guard claim(alias.name, alias.span), let object = declarePool(alias.name, arguments, at: item.value.span) else { continue }
            globals[alias.name] = .object(object)
        }
    }

    /// The executor a `with` item names: a declared one, or the one `with ThreadPoolExecutor(...) as name` declared.
    func withPool(_ item: WithItem, _ c: Context) -> ObjectRef? {
        guard constructorName(item.value) == "ThreadPoolExecutor" else { return nil }
        guard c.isMain, let alias = item.alias, case .object(let object)? = globals[alias.name], object.kind == .pool else {
            error(at: item.value.span, "an executor is made at the top level of the scenario",
                  hint: "write 'with ThreadPoolExecutor(max_workers=3) as pool:' at the top level (or 'pool = ThreadPoolExecutor(...)'), "
                      + "and pass the pool to functions that use it")
            return nil
        }
        return object
    }

    /// `pool.submit(function, *arguments)`, `pool.map(function, items)` and `pool.shutdown(wait=True)`.
    func callPoolMethod(_ object: ObjectRef, _ method: String, _ methodSpan: Span, _ arguments: [Argument], _ span: Span,
                        _ f: inout FunctionBuilder, _ c: inout Context, wantsValue: Bool) -> ValueType {
        let call = "\(object.name).\(method)"
        switch method {
        case "submit":
            guard let first = arguments.first, first.label == nil else {
                error(at: span, "\(call) takes the function to run first: \(call)(fetch, url)")
                return .invalid
            }
            guard let ref = submittable(first.value, Array(arguments.dropFirst()), span, &f, &c) else { return .invalid }
            if c.checkOnly {
                f.emit(.push(0))
                return .int
            }
            f.emit(.poolSubmit(object.index, function: ref.index))
            return wantsValue ? .int : popping(&f)
        case "map":
            guard let list = submitAll(object, arguments, call: call, span, &f, &c) else { return .invalid }
            // The results in order, each waited for.
            let results = f.local()
            f.emit(.listNew)
            f.emit(.store(results.slot))
            forEach(in: list, &f, &c) { f, _ in
                f.emit(.futureResult(.blocking))
                f.appendTop(to: results)
            }
            f.emit(.load(results.slot))
            return wantsValue ? .list : popping(&f)
        case "shutdown":
            guard let bound = bind(arguments, ["wait", "cancel_futures"], required: 0, call: call, at: span) else { return .invalid }
            var wait = true
            if let expression = bound[0] {
                guard let value = constant(expression, what: "wait") else { return .invalid }
                wait = value != 0
            }
            if let cancel = bound[1] { error(at: cancel.span, "cancel_futures is not supported: work already submitted runs") }
            f.shutdown(PoolRef(index: object.index), wait: wait)
            return .void
        default:
            error(at: methodSpan, "\(object.described) has no method '\(method)'",
                  hint: Suggestions.hint(for: method, in: object.methods) ?? "an executor has submit(), map() and shutdown()")
            return .invalid
        }
    }

    private func popping(_ f: inout FunctionBuilder) -> ValueType {
        f.emit(.pop)
        return .void
    }

    /// Pushes the arguments of a call of `function` (a scenario function's name) to submit, and
    /// returns the instance to call.
    private func submittable(_ function: Expression, _ arguments: [Argument], _ span: Span,
                             _ f: inout FunctionBuilder, _ c: inout Context) -> FunctionRef? {
        guard case .name(let name) = function.kind, let declared = functions[name] else {
            error(at: function.span, "submit() takes the name of a function defined with 'def'")
            return nil
        }
        guard let kinds = functionArguments(declared, arguments, span, startOptions: false, &f, &c) else { return nil }
        if c.checkOnly { return FunctionRef(index: 0, arity: 0) }
        return instance(of: name, kinds, at: span)
    }

    /// `pool.map(function, items)`: submits a call for each item; returns the local holding the list of futures.
    private func submitAll(_ object: ObjectRef, _ arguments: [Argument], call: String, _ span: Span,
                           _ f: inout FunctionBuilder, _ c: inout Context) -> Local? {
        guard let bound = bind(arguments, ["fn", "iterable"], required: 2, call: call, at: span, positionalOnly: true),
              case .name(let name) = bound[0]!.kind, let declared = functions[name] else {
            error(at: span, "\(call) takes a function defined with 'def' and a list: \(call)(fetch, urls)")
            return nil
        }
        guard declared.parameters.count == 1 else {
            error(at: bound[0]!.span, "\(call) calls '\(name)' with one item at a time, so it must take one parameter")
            return nil
        }
        guard listValue(bound[1]!, &f, &c, what: "\(call) goes over a list") else { return nil }
        let items = f.local()
        f.emit(.store(items.slot))
        let futures = f.local()
        f.emit(.listNew)
        f.emit(.store(futures.slot))
        guard let ref = c.checkOnly ? FunctionRef(index: 0, arity: 1) : instance(of: name, [.value], at: span) else { return nil }
        forEach(in: items, &f, &c) { f, c in
            if c.checkOnly { f.emit(.pop); f.emit(.push(0)) } else { f.emit(.poolSubmit(object.index, function: ref.index)) }
            f.appendTop(to: futures)
        }
        return futures
    }

    /// `future.result(timeout=...)` and `future.done()` on a future's value.
    func callFutureMethod(_ method: String, _ arguments: [Argument], call: String, _ span: Span,
                          _ f: inout FunctionBuilder, _ c: inout Context) -> ValueType {
        switch method {
        case "result":
            guard let bound = bind(arguments, ["timeout"], required: 0, call: call, at: span),
                  let mode = waitMode(blocking: nil, timeout: bound[0], &f, &c) else { return .invalid }
            f.emit(.futureResult(mode))
            // A timed result's success flag: Python raises TimeoutError; here the value is 0.
            if mode != .blocking { f.emit(.pop) }
            return .int
        default:
            guard bind(arguments, [], required: 0, call: call, at: span) != nil else { return .invalid }
            f.emit(.futureDone)
            return .int
        }
    }

    /// `for name in as_completed(futures)` and `for name in pool.map(function, items)`: the loops
    /// over futures. False when `iterable` is neither (an ordinary loop).
    func futureLoop(_ target: Local?, _ iterable: Expression, _ f: inout FunctionBuilder, _ c: inout Context,
                    body: (inout FunctionBuilder, inout Context) -> Void) -> Bool {
        guard case .call(let callee, let arguments) = iterable.kind else { return false }
        switch callee.kind {
        case .name("as_completed") where c.locals["as_completed"] == nil && functions["as_completed"] == nil:
            asCompleted(arguments, iterable.span, target, &f, &c, body: body)
            return true
        case .attribute(let module, "as_completed", _):
            guard file.text(module.span) == "concurrent.futures" else { return false }
            asCompleted(arguments, iterable.span, target, &f, &c, body: body)
            return true
        case .attribute(let receiver, "map", _):
            guard case .object(let object)? = objectIfAny(receiver, c), object.kind == .pool else { return false }
            guard let futures = submitAll(object, arguments, call: "\(object.name).map", iterable.span, &f, &c) else { return true }
            // Each result in order, as it is waited for: the loop's body runs as soon as the next is done.
            forEach(in: futures, &f, &c) { f, c in
                f.emit(.futureResult(.blocking))
                if let target { f.emit(.store(target.slot)) } else { f.emit(.pop) }
                body(&f, &c)
            }
            return true
        default:
            return false
        }
    }

    /// The loop of `for target in as_completed(futures)`: each future of the list as it is done.
    private func asCompleted(_ arguments: [Argument], _ span: Span, _ target: Local?, _ f: inout FunctionBuilder,
                             _ c: inout Context, body: (inout FunctionBuilder, inout Context) -> Void) {
        guard let bound = bind(arguments, ["fs"], required: 1, call: "as_completed", at: span, positionalOnly: true),
              listValue(bound[0]!, &f, &c, what: "as_completed takes a list of futures") else { return }
        let futures = f.local()
        f.emit(.store(futures.slot))
        let future = target ?? f.local()
        var breaks: [FunctionBuilder.ForwardJump] = []
        f.asCompleted(futures, into: future) { f, top in
            c.loops.append(Context.Loop(top: top, withDepth: c.withs.count))
            body(&f, &c)
            breaks = c.loops.removeLast().breaks
        }
        for jump in breaks { f.land(jump) }
    }

    /// At the end of the main program, as Python's exit does (`concurrent.futures`' exit hook):
    /// every executor shuts down and its workers finish the work they have.
    func shutdownPoolsAtExit(_ f: inout FunctionBuilder) {
        for index in 0..<builder.poolCount { f.shutdown(PoolRef(index: ObjectIndex(index)), wait: true) }
    }
}
