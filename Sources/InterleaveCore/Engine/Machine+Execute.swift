/// The interpreter: one IR instruction of a running thread.
extension Machine {
    @inline(__always)
    mutating func pop(_ t: Int) -> Value {
        threads[t].stack.popLast() ?? .none
    }

    /// Pops a count, a duration or a timeout (in nanoseconds): a number, or 0 for anything else.
    @inline(__always)
    mutating func popInt(_ t: Int) -> Int64 {
        pop(t).integer ?? 0
    }

    /// What the instruction at `pc` costs: the program's own cost for it (a Python program's,
    /// from ``CPythonCosts``) or the configuration's ``MachineConfig/instructionCost``.
    @inline(__always)
    func cost(at pc: Int32) -> VirtualTime {
        program.costs.isEmpty ? config.instructionCost : VirtualTime(program.costs[Int(pc)])
    }

    /// Executes thread `t`'s next instruction on core `c` at the current time.
    mutating func execute(_ t: Int, core c: Int) {
        let pc = threads[t].pc
        let instruction = program.code[Int(pc)]
        // Written only when it changes: most steps stay on the line of the one before.
        let here = line(at: pc)
        if threads[t].line != here { threads[t].line = here }
        if config.policy.gil != .none && mustDropGIL(t) && isCheckPoint(instruction, at: pc) {
            dropGIL(thread: t, core: c)
            return
        }
        if steps >= config.maxSteps {
            hitStepLimit()
            return
        }
        steps &+= 1
        cores[c].nextTime = now &+ cost(at: pc)
        if let exception = threads[t].pendingRaise {
            threads[t].pendingRaise = nil
            return raise(exception, in: t)
        }
        perform(instruction, thread: t, core: c, pc: pc)
    }

    /// Does what `instruction` does for thread `t` on core `c`, as the instruction at `pc`: the
    /// interpreter's one switch, which a method called on a value (``callMethod``) also goes
    /// through, with the instruction the method stands for.
    @inline(__always)
    mutating func perform(_ instruction: Instruction, thread t: Int, core c: Int, pc: Int32) {
        let id = ThreadID(t)
        switch instruction {
        case .push(let value):
            threads[t].stack.append(value)
            threads[t].pc = pc + 1
        case .load(let slot):
            let index = Int(threads[t].base) + Int(slot)
            guard slot >= 0 && index < threads[t].stack.count else { return malformed(t, pc) }
            threads[t].stack.append(threads[t].stack[index])
            threads[t].pc = pc + 1
        case .store(let slot):
            let index = Int(threads[t].base) + Int(slot)
            guard slot >= 0 && index < threads[t].stack.count - 1 else { return malformed(t, pc) }
            threads[t].stack[index] = pop(t)
            threads[t].pc = pc + 1
        case .pop:
            _ = pop(t)
            threads[t].pc = pc + 1
        case .dup:
            threads[t].stack.append(threads[t].stack.last ?? .none)
            threads[t].pc = pc + 1
        case .binary(let op):
            let right = pop(t)
            let left = pop(t)
            guard let result = apply(op, left, right, by: id) else { return }
            threads[t].stack.append(result)
            threads[t].pc = pc + 1
        case .unary(let op):
            let value = pop(t)
            let process = Int(threads[t].process)
            switch (op, value) {
            case (.not, _): threads[t].stack.append(.bool(!isTrue(value, in: process)))
            case (.negate, .float(let x)): threads[t].stack.append(.float(-x))
            case (.str, _): threads[t].stack.append(allocate(.text(str(value, in: process)), in: process))
            case (.repr, _): threads[t].stack.append(allocate(.text(repr(value, in: process)), in: process))
            case (.bool, _): threads[t].stack.append(.bool(isTrue(value, in: process)))
            case (.int, _), (.float, _), (.abs, _):
                guard let converted = convert(op, value, by: t) else { return }
                threads[t].stack.append(converted)
            case (.negate, _):
                guard let n = value.integer else {
                    return raise("TypeError", "bad operand type for unary -: '\(typeName(value, in: process))'", in: t)
                }
                let (result, overflow) = Int64(0).subtractingReportingOverflow(n)
                if overflow { emit(.error(.overflow), by: id) }
                threads[t].stack.append(.int(result))
            }
            threads[t].pc = pc + 1
        case .loadThreadLocal(let slot):
            threads[t].stack.append(threads[t].threadLocals[Int(slot)])
            threads[t].pc = pc + 1
        case .storeThreadLocal(let slot):
            threads[t].threadLocals[Int(slot)] = pop(t)
            threads[t].pc = pc + 1
        case .listNew, .listAppend, .listGet, .listSet, .listLength:
            executeList(instruction, thread: t, pc: pc)
        case .tryBegin(let handler):
            threads[t].handlers.append(Handler(pc: handler, stackDepth: Int32(threads[t].stack.count),
                                               frameDepth: Int32(threads[t].frames.count)))
            threads[t].pc = pc + 1
        case .tryEnd:
            _ = threads[t].handlers.popLast()
            threads[t].pc = pc + 1
        case .exceptionMatches(let name):
            var matches = false
            let p = Int(threads[t].process)
            if case .exception(let raised, _)? = object(pop(t), in: p),
               case .text(let handler)? = object(.ref(name), in: p) {
                matches = PythonExceptions.matches(raised, handler, classes: program.classes)
            }
            threads[t].stack.append(.bool(matches))
            threads[t].pc = pc + 1
        case .reraise:
            let exception = pop(t)
            threads[t].pc = pc + 1
            raise(exception, in: t)
        case .buildList, .buildTuple, .buildDict, .unpack, .slice, .format, .seconds, .attribute, .currentThread, .threadsAlive, .clock, .switchInterval, .random, .raise, .collect, .socket, .makeClosure, .makeCell:
            executeValue(instruction, thread: t, core: c, pc: pc)
        case .method(let method, let argc):
            callMethod(method, argc: Int(argc), thread: t, core: c, pc: pc)
        case .request:
            request(thread: t, core: c, pc: pc)
        case .loadShared(let variable):
            let value = processes[Int(threads[t].process)].shared[Int(variable)]
            emit(.sharedRead(variable, value: shown(value, in: Int(threads[t].process))), by: id)
            threads[t].stack.append(value)
            threads[t].pc = pc + 1
        case .storeShared(let variable):
            let value = pop(t)
            let p = Int(threads[t].process)
            let old = processes[p].shared[Int(variable)]
            processes[p].shared[Int(variable)] = value
            emit(.sharedWrite(variable, old: shown(old, in: p), new: shown(value, in: p)), by: id)
            threads[t].pc = pc + 1
        case .loadCell, .storeCell:
            guard case .object(.variable, let variable) = pop(t), variable >= 0,
                  Int(variable) < processes[Int(threads[t].process)].shared.count else { return malformed(t, pc) }
            perform(instruction == .loadCell ? .loadShared(variable) : .storeShared(variable), thread: t, core: c, pc: pc)
        case .jump(let target):
            threads[t].pc = target
        case .jumpIfFalse(let target):
            threads[t].pc = isTrue(pop(t), in: Int(threads[t].process)) ? pc + 1 : target
        case .callValue(let argc):
            callValue(argc: Int(argc), thread: t, core: c, pc: pc)
        case .call(let function):
            guard function >= 0 && Int(function) < program.functions.count,
                  threads[t].stack.count - Int(threads[t].base) >= Int(program.functions[Int(function)].arity)
            else { return malformed(t, pc) }
            enter(function, thread: t, core: c, pc: pc)
        case .ret:
            let value = pop(t)
            guard let frame = threads[t].frames.popLast() else {
                finishThread(t, core: c)
                return
            }
            threads[t].stack.removeSubrange(Int(threads[t].base)...)
            threads[t].base = frame.base
            threads[t].pc = frame.returnPC
            threads[t].stack.append(value)
        case .compute:
            let duration = nonNegative(popInt(t), by: id)
            if duration == 0 {
                threads[t].pc = pc + 1
            } else {
                guard let end = later(VirtualTime(duration)) else { return pastClockLimit(t, core: c, duration: duration) }
                threads[t].computeEnd = end
                cores[c].nextTime = mustDropGIL(t) ? now : min(threads[t].computeEnd, threads[t].sliceEnd)
            }
        case .sleep, .io:
            let duration = nonNegative(popInt(t), by: id)
            threads[t].pc = pc + 1
            guard let end = later(VirtualTime(duration)) else { return pastClockLimit(t, core: c, duration: duration) }
            block(t, core: c, on: instruction == .sleep ? .sleep : .io, holder: -1, deadline: end)
        case .create(let index):
            guard index >= 0 && Int(index) < program.starts.count else { return malformed(t, pc) }
            let spec = program.starts[Int(index)]
            if spec.function < 0 {
                // `Thread(target=account.deposit)`: the target is a value, on top.
                let target = pop(t)
                guard let (function, bound) = callable(target, in: Int(threads[t].process)),
                      threads[t].stack.count - Int(threads[t].base) >= Int(program.functions[Int(function)].arity) - bound.count else {
                    return raise("TypeError", "a thread's target must be a function or a method, not '\(typeName(target, in: Int(threads[t].process)))'", in: t)
                }
                create(t, spec: spec, function: function, bound: bound)
            } else {
                guard threads[t].stack.count - Int(threads[t].base) >= Int(program.functions[Int(spec.function)].arity)
                else { return malformed(t, pc) }
                create(t, spec: spec)
            }
            threads[t].pc = pc + 1
        case .make(let made, let name, let owned):
            make(made, name: name, owned: owned, thread: t, pc: pc)
        case .instantiate(let c, let name):
            instantiate(class: c, name: name, thread: t, pc: pc)
        case .loadAttribute(let name):
            loadAttribute(name, thread: t, pc: pc)
        case .storeAttribute(let name):
            storeAttribute(name, thread: t, pc: pc)
        case .callMethod(let name, let argc):
            callMethod(named: name, argc: Int(argc), thread: t, core: c, pc: pc)
        case .isInstance:
            let value = pop(t)
            if case .instance? = object(value, in: Int(threads[t].process)) {
                threads[t].stack.append(.bool(true))
            } else {
                threads[t].stack.append(.bool(false))
            }
            threads[t].pc = pc + 1
        case .attachThread(let index):
            attachThread(index, thread: t, pc: pc)
        case .start:
            threads[t].pc = pc + 1
            start(t, core: c, handle: pop(t))
        case .join(let mode):
            let timeout = mode == .timeout ? popInt(t) : 0
            let handle = pop(t)
            join(t, core: c, handle: handle, mode: mode, timeout: timeout)
        case .isAlive:
            let handle = pop(t)
            var alive = false
            if case .thread(let other) = handle, other >= 0 && Int(other) < threads.count { alive = threads[Int(other)].isAlive }
            threads[t].stack.append(.bool(alive))
            threads[t].pc = pc + 1
        case .acquire(let lock, let mode):
            let timeout = mode == .timeout ? popInt(t) : 0
            acquire(t, core: c, lock: Int(lock), mode: mode, timeout: timeout)
        case .release(let lock):
            release(t, lock: Int(lock))
        case .operate(let kind, let method, let index, let mode):
            operate(kind, method, index, mode, thread: t, core: c, pc: pc)
        case .poolSubmit(let pool, let function):
            poolSubmit(t, core: c, pool: Int(pool), function: function)
        case .poolTake(let pool):
            poolTake(t, core: c, pool: Int(pool))
        case .poolRun:
            poolRun(t, core: c, pc: pc)
        case .poolDone:
            poolDone(t)
        case .poolFailed:
            poolDone(t, failed: true)
        case .poolShutdown(let pool):
            poolShutdown(t, pool: Int(pool))
        case .poolWorkers(let pool):
            poolWorkers(t, pool: Int(pool))
        case .futureResult(let mode):
            let timeout = mode == .timeout ? popInt(t) : 0
            futureResult(t, core: c, handle: pop(t), mode: mode, timeout: timeout)
        case .futureDone:
            futureDone(t, handle: pop(t))
        case .futureWaitAny:
            futureWaitAny(t, core: c, list: pop(t))
        case .print(let index):
            let format = program.formats[Int(index)]
            let count = min(format.holeCount, threads[t].stack.count)
            let values = threads[t].stack.suffix(count)
            output(render(format, values, in: Int(threads[t].process)), endingLine: format.endsLine, by: t)
            threads[t].stack.removeLast(count)
            threads[t].pc = pc + 1
        case .expect(let index):
            let passed = isTrue(pop(t), in: Int(threads[t].process))
            emit(.expectation(index, passed: passed), by: id)
            threads[t].pc = pc + 1
        }
    }

    /// Prints `text` for thread `t`: a `printed` event for each line it completes (its process's
    /// output is one stream, so a line another thread began goes on), the rest kept until its
    /// line ends.
    mutating func output(_ text: String, endingLine: Bool, by t: Int) {
        let p = Int(threads[t].process)
        if endingLine && processes[p].pendingOutput.isEmpty && !text.contains("\n") {
            return emit(.printed(text), by: ThreadID(t))
        }
        var lines = (processes[p].pendingOutput + text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        processes[p].pendingOutput = endingLine ? "" : lines.removeLast()
        processes[p].pendingWriter = ThreadID(t)
        for line in lines { emit(.printed(line), by: ThreadID(t)) }
    }

    /// Executes a list instruction on a list of thread `t`'s process.
    mutating func executeList(_ instruction: Instruction, thread t: Int, pc: Int32) {
        let id = ThreadID(t)
        let p = Int(threads[t].process)
        switch instruction {
        case .listNew:
            threads[t].stack.append(allocate(.list([]), in: p))
        case .listAppend:
            let value = pop(t)
            guard case .ref(let handle) = pop(t), changeList(handle, in: p, { $0.append(value) }) != nil else { return malformed(t, pc) }
        case .listGet, .listSet:
            let value = instruction == .listSet ? pop(t) : .none
            let key = pop(t)
            let list = pop(t)
            if instruction == .listSet, case .ref(let handle) = list, setListItem(handle, key, value, in: p) {
                threads[t].pc = pc + 1
                return
            }
            guard case .ref(let handle) = list, let object = object(list, in: p) else {
                return raise("TypeError", "'\(typeName(list, in: p))' object is not subscriptable", in: t)
            }
            if case .dict = object {
                return dictItem(get: instruction == .listGet, handle: handle, key: key, value: value, thread: t, pc: pc)
            }
            guard let written = key.integer else {
                return raise("TypeError", "\(object.typeName) indices must be integers, not \(typeName(key, in: p))", in: t)
            }
            let items: [Value]
            switch object {
            case .tuple where instruction == .listSet && program.raisesExceptions:
                return raise("TypeError", "'tuple' object does not support item assignment", in: t)
            case .list(let elements), .tuple(let elements): items = elements
            case .text(let text) where instruction == .listGet:
                let characters = Array(text)
                let index = written < 0 ? written &+ Int64(characters.count) : written
                guard index >= 0 && index < characters.count else {
                    return raise("IndexError", "string index out of range", in: t)
                }
                threads[t].stack.append(allocate(.text(String(characters[Int(index)])), in: p))
                threads[t].pc = pc + 1
                return
            default:
                return raise("TypeError", "'\(object.typeName)' object does not support item \(instruction == .listGet ? "access" : "assignment")", in: t)
            }
            let count = items.count
            // Python's negative indexes count from the end.
            let index = written < 0 ? written &+ Int64(count) : written
            if (index < 0 || index >= count) && program.raisesExceptions {
                return raise("IndexError", "\(object.typeName) index out of range", in: t)
            } else if index < 0 || index >= count {
                emit(.error(.indexOutOfRange(index: written, count: Int64(count))), by: id)
                if instruction == .listGet { threads[t].stack.append(0) }
            } else if instruction == .listGet {
                threads[t].stack.append(items[Int(index)])
            }   // a list's item in range is set above, in place
        case .listLength:
            let list = pop(t)
            switch object(list, in: p) {
            case .list(let items)?, .tuple(let items)?: threads[t].stack.append(.int(Int64(items.count)))
            case .text(let text)?: threads[t].stack.append(.int(Int64(text.count)))
            case .bytes(let data)?: threads[t].stack.append(.int(Int64(data.utf8.count)))
            case .set(let items)?: threads[t].stack.append(.int(Int64(items.count)))
            case .dict(let keys, _)?: threads[t].stack.append(.int(Int64(keys.count)))
            default: return raise("TypeError", "object of type '\(typeName(list, in: p))' has no len()", in: t)
            }
        default:
            return malformed(t, pc)
        }
        threads[t].pc = pc + 1
    }

    /// `list[index] = value` on a list with an index in range, done on the array taken out of the
    /// heap so that it is changed in place, not copied; false (nothing done) for anything else,
    /// which the general path reports.
    private mutating func setListItem(_ handle: Int32, _ key: Value, _ value: Value, in p: Int) -> Bool {
        guard let written = key.integer else { return false }
        return changeList(handle, in: p) { items in
            let index = written < 0 ? written &+ Int64(items.count) : written
            guard index >= 0 && index < items.count else { return false }
            items[Int(index)] = value
            return true
        } ?? false
    }

    /// `Thread.start()` (or a process's) of `handle` by thread `t`: a thread's starter waits
    /// until the new thread runs; a process's goes on after paying for the new process.
    mutating func start(_ t: Int, core c: Int, handle: Value) {
        let id = ThreadID(t)
        guard case .thread(let child) = handle, child >= 0 && Int(child) < threads.count else {
            emit(.error(.invalidThreadHandle(handle.integer ?? -1)), by: id)
            return
        }
        guard threads[Int(child)].status == .created else {
            misuse(.startedTwice(child), "RuntimeError", "threads can only be started once", by: t)
            return
        }
        startThread(child, by: id)
        if threads[Int(child)].process != threads[t].process {
            // multiprocessing: the parent pays for the new process and goes on.
            cores[c].nextTime = now &+ config.processStartCost
        } else {
            // threading: start() waits until the new thread runs (its `_started` event),
            // releasing the GIL meanwhile, so the new thread usually runs first.
            threads[Int(child)].starter = id
            block(t, core: c, on: .start(child), holder: child, deadline: noDeadline)
        }
    }

    /// Reports an instruction that does not fit the thread's state and skips it.
    mutating func malformed(_ t: Int, _ pc: Int32) {
        emit(.error(.malformedProgram(pc: pc)), by: ThreadID(t))
        threads[t].pc = pc + 1
    }

    /// Creates the thread or process `spec` describes, popping its arguments, and pushes its
    /// handle. A method or a lambda (`function`, with its first arguments, `bound`) runs instead
    /// of the spec's function when given; a `threading.Thread` subclass's thread (`subclass`) is named without a target.
    mutating func create(_ t: Int, spec: StartSpec, function: Int32? = nil, bound: [Value] = [], subclass: Bool = false) {
        let function = function ?? spec.function
        let decl = program.functions[Int(function)]
        var formattedName: String?
        if let format = spec.nameFormat {
            let count = min(format.holeCount, threads[t].stack.count)
            formattedName = render(format, threads[t].stack.suffix(count), in: Int(threads[t].process))
            threads[t].stack.removeLast(count)
        }
        let argc = min(Int(decl.arity) - bound.count, threads[t].stack.count)
        var arguments = Array(threads[t].stack.suffix(max(0, argc)))
        threads[t].stack.removeLast(max(0, argc))
        arguments.insert(contentsOf: bound, at: 0)
        var shownFunction = decl.name
        if spec.callsValue, let first = arguments.first, let (target, _) = callable(first, in: Int(threads[t].process)) {
            shownFunction = program.functions[Int(target)].name
        }
        var process = threads[t].process
        if spec.kind == .process {
            process = fork(Int(threads[t].process))
            // A new process gets copies of its arguments (multiprocessing pickles them).
            arguments = arguments.map { copy($0, from: Int(threads[t].process), to: Int(process)) }
        }
        // As Python numbers them: `Thread-N` counts the threads that were not given a name.
        if formattedName == nil && spec.name == nil && spec.kind != .process { unnamedThreads += 1 }
        let name = formattedName ?? spec.name ?? (spec.kind == .process ? "Process-\(process)" : "Thread-\(unnamedThreads)")
            + (subclass || spec.kind == .timer || (spec.kind == .process && program.raisesExceptions) ? "" : " (\(shownFunction))")
        // Python: a thread's daemon flag defaults to its creator's.
        let daemon = spec.daemon ?? threads[t].daemon
        let child = makeThread(function: function, process: process, name: name, daemon: daemon,
                               priority: spec.priority, arguments: arguments)
        emit(.threadCreated(child: child, name: name, process: process, daemon: daemon), by: ThreadID(t))
        if spec.kind == .timer, case .object(.flag, let flag)? = arguments.first { threads[Int(child)].timerFlag = flag }
        threads[t].stack.append(.thread(child))
    }

    /// A new process, made as `parent`'s fork: a Python program's starts with copies of its
    /// parent's variables as they are; a scenario's with their initial values.
    mutating func fork(_ parent: Int) -> ProcessID {
        let process = ProcessID(processes.count)
        processes.append(ProcessState(program: program))
        processes[Int(process)].gil.interval = processes[parent].gil.interval     // a fork keeps its parent's
        // Instances' attributes made so far have their places too.
        while processes[Int(process)].shared.count < processes[0].shared.count { processes[Int(process)].shared.append(.none) }
        if program.raisesExceptions {
            for v in processes[parent].shared.indices {
                processes[Int(process)].shared[v] = copy(processes[parent].shared[v], from: parent, to: Int(process))
            }
        }
        return process
    }

    /// A duration or count that must not be negative: negative values are reported and read as 0.
    mutating func nonNegative(_ value: Int64, by id: ThreadID) -> Int64 {
        if value < 0 {
            emit(.error(.negativeValue(value)), by: id)
            return 0
        }
        return value
    }
}
