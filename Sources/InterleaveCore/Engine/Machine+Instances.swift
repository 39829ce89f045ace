/// Objects a program makes as it runs, and instances of its classes: their attributes are shared
/// variables (each read and write a visible step), their methods are the program's functions.
extension Machine {
    /// Makes a synchronization object for thread `t` (``Instruction/make(_:name:owned:)``) and
    /// pushes it; announced by an `objectMade` event, after which events name it by its index.
    mutating func make(_ made: MadeClass, name: Int32, owned: Bool, thread t: Int, pc: Int32) {
        let p = Int(threads[t].process)
        let primitive = made.kind.primitive
        guard made.kind == .lock || primitive.map({ Int(made.variant) < $0.python.count }) == true else { return malformed(t, pc) }
        let python = primitive?.python[Int(made.variant)]
        let argument = python?.parameter != nil ? pop(t) : Value.none
        var base = ""
        if case .text(let text)? = object(.ref(name), in: p) { base = text }
        if owned, case .instance(let instance)? = object(pop(t), in: p) { base = instance.name + "." + base }
        let value: Value
        if let primitive, let python {
            guard let spec = primitive.spec(for: python, argument: argument, named: base, thread: t, in: &self) else { return }
            value = makeObject(spec, named: base, by: t)
            library.add(spec, config: config)
        } else {
            value = makeObject(.lock(reentrant: made == .rlock), named: base, by: t)
            locks.append(LockState(kind: made == .rlock ? .rlock : .lock))
        }
        threads[t].stack.append(value)
        threads[t].pc = pc + 1
    }

    /// `argument` as a whole number in `range`, what a made object takes (`what` names it in
    /// messages: "a barrier's parties"); nil after raising Python's TypeError or ValueError.
    mutating func madeNumber(_ argument: Value, _ what: String, _ range: ClosedRange<Int64>, thread t: Int) -> Int64? {
        guard let n = argument.integer, case .int = argument else {
            raise("TypeError", "\(what) must be an int, not '\(typeName(argument, in: Int(threads[t].process)))'", in: t)
            return nil
        }
        guard range.contains(n) else {
            raise("ValueError", "\(what) must be from \(range.lowerBound) to \(range.upperBound) here, not \(n)", in: t)
            return nil
        }
        return n
    }

    /// Announces the next object `spec` makes, named `name` (or `name#2` and so on when the name is
    /// taken), and returns it as a value. The caller adds its state.
    mutating func makeObject(_ spec: ObjectSpec, named name: String, by t: Int) -> Value {
        let kind = spec.kind
        let index = ObjectIndex(program.count(of: kind) + madeNames[Int(kind.rawValue)].count)
        let unique = uniqueName(name.isEmpty ? kind.word : name, kind: kind)
        madeNames[Int(kind.rawValue)].append(unique)
        emit(.objectMade(spec, index: index, name: unique), by: ThreadID(t))
        return .object(kind, index)
    }

    /// A shared variable made as the program runs (an attribute, a class's, a cell), announced
    /// and given a place in every process, holding None; its index.
    mutating func makeVariable(named name: String, by t: Int) -> Int32? {
        guard case .object(_, let variable) = makeObject(.variable, named: name, by: t) else { return nil }
        for q in processes.indices { processes[q].shared.append(.none) }
        return variable
    }

    /// `name`, or `name#n` when `n - 1` objects of `kind` were given that name before.
    private mutating func uniqueName(_ name: String, kind: ObjectKind) -> String {
        let key = "\(kind.rawValue) \(name)"
        let uses = (nameUses[key] ?? (program.name(of: kind, 0) == nil ? 0 : declaredUses(name, kind))) + 1
        nameUses[key] = uses
        return uses == 1 ? name : "\(name)#\(uses)"
    }

    /// How many of the program's own objects of `kind` are called `name` (0 or 1).
    private func declaredUses(_ name: String, _ kind: ObjectKind) -> Int {
        (0..<program.count(of: kind)).contains { program.name(of: kind, Int32($0)) == name } ? 1 : 0
    }

    /// Pushes a new instance of class `c` (``Instruction/instantiate(class:name:)``).
    mutating func instantiate(class c: Int32, name: Int32, thread t: Int, pc: Int32) {
        let p = Int(threads[t].process)
        guard c >= 0 && Int(c) < program.classes.count else { return malformed(t, pc) }
        var base = program.classes[Int(c)].name
        var numbered = true
        if name >= 0, case .text(let text)? = object(.ref(name), in: p) {
            base = text
            numbered = false
        }
        let key = "instance \(base)"
        let uses = (nameUses[key] ?? 0) + 1
        nameUses[key] = uses
        let unique = numbered ? "\(base)-\(uses)" : uses == 1 ? base : "\(base)#\(uses)"
        threads[t].stack.append(allocate(.instance(Instance(classIndex: c, name: unique)), in: p))
        threads[t].pc = pc + 1
    }

    /// The function of method `name` (a text constant) of class `c` or its bases, if it has one.
    func lookupMethod(_ name: Int32, in c: Int32) -> Int32? {
        firstInClassChain(c) { decl in decl.methods.first { $0.name == name }?.function }
    }

    /// The shared variable of class attribute `name` (a text constant) of class `c` or its bases, if it has one.
    func lookupClassVariable(_ name: Int32, in c: Int32) -> Int32? {
        firstInClassChain(c) { decl in decl.variables.first { $0.name == name }?.variable }
    }

    /// What `find` gives for class `c` or, failing that, its nearest base that gives something.
    private func firstInClassChain<T>(_ c: Int32, _ find: (ClassDecl) -> T?) -> T? {
        var current = c
        var depth = 0
        while current >= 0 && Int(current) < program.classes.count && depth < 64 {
            if let found = find(program.classes[Int(current)]) { return found }
            current = program.classes[Int(current)].base
            depth += 1
        }
        return nil
    }

    /// The text of constant `name`, for messages.
    func constantText(_ name: Int32) -> String {
        if case .text(let text)? = object(.ref(name), in: 0) { return text }
        return "?"
    }

    /// A `threading.Thread` subclass's instance stands for its thread where a thread is wanted.
    func threadOf(_ value: Value, in p: Int) -> Value {
        if case .instance(let instance)? = object(value, in: p), instance.thread >= 0 { return .thread(instance.thread) }
        return value
    }

    /// Reads attribute `name` of the value on top of thread `t`'s stack (``Instruction/loadAttribute(_:)``).
    mutating func loadAttribute(_ name: Int32, thread t: Int, pc: Int32) {
        let p = Int(threads[t].process)
        let receiver = pop(t)
        if case .instance(let instance)? = object(receiver, in: p) {
            if let field = instance.fields.first(where: { $0.name == name }) {
                let value = processes[p].shared[Int(field.variable)]
                emit(.sharedRead(field.variable, value: shown(value, in: p)), by: ThreadID(t))
                threads[t].stack.append(value)
                threads[t].pc = pc + 1
                return
            }
            if let variable = lookupClassVariable(name, in: instance.classIndex) {
                // No attribute of its own: the class's (`count = 0` in the class body).
                let value = processes[p].shared[Int(variable)]
                emit(.sharedRead(variable, value: shown(value, in: p)), by: ThreadID(t))
                threads[t].stack.append(value)
                threads[t].pc = pc + 1
                return
            }
            if let function = lookupMethod(name, in: instance.classIndex) {
                threads[t].stack.append(allocate(.boundMethod(function: function, receiver: receiver), in: p))
                threads[t].pc = pc + 1
                return
            }
        }
        if let builtin = Attribute(rawValue: constantText(name)),
           let value = attribute(builtin, of: threadOf(receiver, in: p), in: p) {
            threads[t].stack.append(value)
            threads[t].pc = pc + 1
            return
        }
        if case .object(let kind, let index) = receiver, let primitive = kind.primitive,
           index >= 0 && Int(index) < library.count(of: kind),
           let value = primitive.attribute(constantText(name), Int(index), in: self) {
            // A library object's (`barrier.parties`).
            threads[t].stack.append(value)
            threads[t].pc = pc + 1
            return
        }
        raise("AttributeError", "'\(typeName(receiver, in: p))' object has no attribute '\(constantText(name))'", in: t)
    }

    /// Sets attribute `name` of an instance (``Instruction/storeAttribute(_:)``); the first
    /// assignment makes the attribute's shared variable, named after the instance (`account.balance`).
    mutating func storeAttribute(_ name: Int32, thread t: Int, pc: Int32) {
        let p = Int(threads[t].process)
        let receiver = pop(t)
        let value = pop(t)
        // A thread's own attributes (`t.daemon = True`, `self.daemon = True` in a Thread subclass).
        if case .thread(let id) = threadOf(receiver, in: p), ["daemon", "name"].contains(constantText(name)) {
            return setThreadAttribute(constantText(name), of: Int(id), to: value, thread: t, pc: pc)
        }
        guard case .ref(let handle) = receiver, case .instance(var instance)? = object(receiver, in: p) else {
            return raise("AttributeError", "'\(typeName(receiver, in: p))' object attribute '\(constantText(name))' can't be set", in: t)
        }
        let variable: Int32
        if let field = instance.fields.first(where: { $0.name == name }) {
            variable = field.variable
        } else {
            // A Thread subclass's instance goes by its thread's name (`worker-1.result`).
            let owner = instance.thread >= 0 && Int(instance.thread) < threads.count ? threads[Int(instance.thread)].name : instance.name
            guard let made = makeVariable(named: owner + "." + constantText(name), by: t) else { return }
            variable = made
            instance.fields.append(Instance.Field(name: name, variable: variable))
            processes[p].heap[Int(handle)] = .instance(instance)
        }
        let old = processes[p].shared[Int(variable)]
        processes[p].shared[Int(variable)] = value
        emit(.sharedWrite(variable, old: shown(old, in: p), new: shown(value, in: p)), by: ThreadID(t))
        threads[t].pc = pc + 1
    }

    /// `thread.daemon = flag` before the thread starts (Python refuses it after); a thread's name
    /// is given when it is made, so that every event names it the same way.
    private mutating func setThreadAttribute(_ name: String, of id: Int, to value: Value, thread t: Int, pc: Int32) {
        guard id >= 0 && id < threads.count else { return malformed(t, pc) }
        guard name == "daemon" else {
            return raise("AttributeError", "Interleave takes a thread's name when it is made: Thread(name=...) or super().__init__(name=...)", in: t)
        }
        guard threads[id].status == .created else {
            return raise("RuntimeError", "cannot set daemon status of active thread", in: t)
        }
        threads[id].daemon = isTrue(value, in: Int(threads[t].process))
        threads[t].pc = pc + 1
    }

    /// Calls method `name` of the value under `argc` arguments (``Instruction/callMethod(name:argc:)``).
    mutating func callMethod(named name: Int32, argc: Int, thread t: Int, core c: Int, pc: Int32) {
        let p = Int(threads[t].process)
        guard argc >= 0, threads[t].stack.count - Int(threads[t].base) > argc else { return malformed(t, pc) }
        let receiver = threads[t].stack[threads[t].stack.count - 1 - argc]
        if case .instance(let instance)? = object(receiver, in: p), let function = lookupMethod(name, in: instance.classIndex) {
            guard Int(program.functions[Int(function)].arity) == argc + 1 else {
                threads[t].stack.removeLast(argc + 1)
                return raise("TypeError", "\(constantText(name))() takes \(program.functions[Int(function)].arity - 1) arguments but \(argc) were given", in: t)
            }
            // The instance and the arguments are in place as the method's parameters.
            return perform(.call(function), thread: t, core: c, pc: pc)
        }
        guard let builtin = Method(rawValue: constantText(name)) else {
            threads[t].stack.removeLast(argc + 1)
            return raise("AttributeError", "'\(typeName(receiver, in: p))' object has no attribute '\(constantText(name))'", in: t)
        }
        callMethod(builtin, argc: argc, thread: t, core: c, pc: pc)
    }

    /// Makes the thread of a `threading.Thread` subclass's instance (``Instruction/attachThread(_:)``).
    mutating func attachThread(_ index: Int32, thread t: Int, pc: Int32) {
        let p = Int(threads[t].process)
        guard index >= 0 && Int(index) < program.starts.count else { return malformed(t, pc) }
        let spec = program.starts[Int(index)]
        let receiver = threads[t].stack.last ?? .none
        guard case .ref(let handle) = receiver, case .instance(var instance)? = object(receiver, in: p),
              let run = lookupMethod(builtinName("run"), in: instance.classIndex) else {
            return malformed(t, pc)
        }
        guard instance.thread < 0 else {
            _ = pop(t)
            return raise("RuntimeError", "Thread.__init__() called twice on one thread", in: t)
        }
        // The name's holes were pushed before the instance.
        _ = pop(t)
        create(t, spec: spec, function: run, bound: [receiver], subclass: true)
        guard case .thread(let id) = pop(t) else { return }
        instance.thread = id
        processes[p].heap[Int(handle)] = .instance(instance)
        threads[t].pc = pc + 1
    }

    /// The text constant the compiler keeps for `text` (-1 when the program has none).
    func builtinName(_ text: String) -> Int32 {
        Int32(program.constants.firstIndex(of: .text(text)) ?? -1)
    }
}
