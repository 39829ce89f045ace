/// Calls: a function of the program entered, and values called (a `lambda`, a bound method).
extension Machine {
    /// Enters `function` with its arguments on top of thread `t`'s stack: a new frame whose
    /// locals follow them.
    mutating func enter(_ function: Int32, thread t: Int, core c: Int, pc: Int32) {
        let decl = program.functions[Int(function)]
        guard threads[t].frames.count < Machine.maxCallDepth else {
            emit(.error(.recursionTooDeep(Int32(Machine.maxCallDepth))), by: ThreadID(t))
            finishThread(t, core: c)
            return
        }
        threads[t].frames.append(Frame(returnPC: pc + 1, base: threads[t].base))
        let base = max(0, threads[t].stack.count - Int(decl.arity))
        threads[t].base = Int32(base)
        while threads[t].stack.count < base + Int(decl.localCount) { threads[t].stack.append(0) }
        threads[t].pc = decl.entry
    }

    /// The function a value calls and the arguments it puts first (a lambda's captured values, a
    /// method's instance), or nil for a value that can't be called.
    func callable(_ value: Value, in p: Int) -> (function: Int32, bound: [Value])? {
        switch object(value, in: p) {
        case .closure(let function, let captured, _)?: return (function, captured)
        case .boundMethod(let function, let receiver)?: return (function, [receiver])
        default: return nil
        }
    }

    /// `f(a, b)` of a value `f` under its `argc` arguments: its bound values go first, a lambda's
    /// defaults fill in what was not given; too many or too few raise Python's `TypeError`.
    mutating func callValue(argc: Int, thread t: Int, core c: Int, pc: Int32) {
        let p = Int(threads[t].process)
        guard argc >= 0, threads[t].stack.count - Int(threads[t].base) > argc else { return malformed(t, pc) }
        let callee = threads[t].stack[threads[t].stack.count - 1 - argc]
        guard let (function, bound) = callable(callee, in: p) else {
            return raise("TypeError", "'\(typeName(callee, in: p))' object is not callable", in: t)
        }
        var arguments = Array(threads[t].stack.suffix(argc))
        threads[t].stack.removeLast(argc + 1)
        let decl = program.functions[Int(function)]
        let wanted = Int(decl.arity) - bound.count
        if case .closure(_, _, let defaults)? = object(callee, in: p), arguments.count < wanted,
           wanted - arguments.count <= defaults.count {
            arguments += defaults.suffix(wanted - arguments.count)
        }
        guard arguments.count == wanted else {
            let name = decl.name
            return raise("TypeError", arguments.count < wanted
                ? "\(name)() missing \(wanted - arguments.count) required positional argument\(wanted - arguments.count == 1 ? "" : "s")"
                : "\(name)() takes \(wanted) positional argument\(wanted == 1 ? "" : "s") but \(arguments.count) were given", in: t)
        }
        threads[t].stack.append(contentsOf: bound + arguments)
        enter(function, thread: t, core: c, pc: pc)
    }

    /// A cell (``Instruction/makeCell(name:)``): a shared variable made now, named after the local
    /// it holds, with the value on top written into it.
    mutating func makeCell(named name: Int32, thread t: Int) {
        let p = Int(threads[t].process)
        let value = pop(t)
        guard let variable = makeVariable(named: constantText(name), by: t) else { return }
        processes[p].shared[Int(variable)] = value
        emit(.sharedWrite(variable, old: .none, new: shown(value, in: p)), by: ThreadID(t))
        threads[t].stack.append(.object(.variable, variable))
    }

    /// Pushes a `lambda` of `function`, taking its defaults' values and then its captured values off the stack.
    mutating func makeClosure(_ function: Int32, captured: Int, defaults: Int, thread t: Int) {
        let p = Int(threads[t].process)
        let defaultValues = Array(threads[t].stack.suffix(defaults))
        threads[t].stack.removeLast(defaults)
        let capturedValues = Array(threads[t].stack.suffix(captured))
        threads[t].stack.removeLast(captured)
        threads[t].stack.append(allocate(.closure(function: function, captured: capturedValues, defaults: defaultValues), in: p))
    }
}
