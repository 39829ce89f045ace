/// Python's built-in values at work: building them, their methods and attributes, conversions.
extension Machine {
    /// Executes an instruction that makes or reads a value without touching anything shared.
    mutating func executeValue(_ instruction: Instruction, thread t: Int, core c: Int, pc: Int32) {
        let p = Int(threads[t].process)
        switch instruction {
        case .buildList(let count), .buildTuple(let count):
            let n = min(Int(count), threads[t].stack.count - Int(threads[t].base))
            guard n >= 0 else { return malformed(t, pc) }
            let items = Array(threads[t].stack.suffix(n))
            threads[t].stack.removeLast(n)
            let isList = if case .buildList = instruction { true } else { false }
            threads[t].stack.append(allocate(isList ? .list(items) : .tuple(items), in: p))
        case .buildDict(let count):
            let n = min(Int(count) * 2, threads[t].stack.count - Int(threads[t].base))
            guard n >= 0 else { return malformed(t, pc) }
            let pairs = Array(threads[t].stack.suffix(n))
            threads[t].stack.removeLast(n)
            var keys: [Value] = []
            var values: [Value] = []
            for i in stride(from: 0, to: pairs.count - 1, by: 2) {
                if let at = keys.firstIndex(where: { equal($0, pairs[i], in: p) }) {
                    values[at] = pairs[i + 1]
                } else {
                    keys.append(pairs[i])
                    values.append(pairs[i + 1])
                }
            }
            threads[t].stack.append(allocate(.dict(keys: keys, values: values), in: p))
        case .unpack(let count):
            let value = pop(t)
            let items: [Value]
            switch object(value, in: p) {
            case .list(let elements)?, .tuple(let elements)?: items = elements
            case .text(let text)?: items = text.map { allocate(.text(String($0)), in: p) }
            default:
                return raise("TypeError", "cannot unpack non-iterable \(typeName(value, in: p)) object", in: t)
            }
            guard items.count == Int(count) else {
                return raise("ValueError", items.count > Int(count)
                    ? "too many values to unpack (expected \(count))"
                    : "not enough values to unpack (expected \(count), got \(items.count))", in: t)
            }
            threads[t].stack.append(contentsOf: items)
        case .slice:
            let end = pop(t), start = pop(t), sequence = pop(t)
            func bound(_ value: Value, _ count: Int, default fallback: Int) -> Int? {
                if value == .none { return fallback }
                guard let n = value.integer, case .int = value else { return nil }
                let i = n < 0 ? Int64(count) + n : n
                return Int(max(0, min(Int64(count), i)))
            }
            func cut<T>(_ items: [T]) -> [T]? {
                guard let from = bound(start, items.count, default: 0), let to = bound(end, items.count, default: items.count) else {
                    return nil
                }
                return from < to ? Array(items[from..<to]) : []
            }
            var result: HeapObject?
            switch object(sequence, in: p) {
            case .list(let items)?: result = cut(items).map { .list($0) }
            case .tuple(let items)?: result = cut(items).map { .tuple($0) }
            case .text(let text)?: result = cut(Array(text)).map { .text(String($0)) }
            default:
                return raise("TypeError", "'\(typeName(sequence, in: p))' object is not subscriptable", in: t)
            }
            guard let result else {
                return raise("TypeError", "slice indices must be integers or None", in: t)
            }
            threads[t].stack.append(allocate(result, in: p))
        case .format(let index):
            guard index >= 0 && Int(index) < program.formats.count else { return malformed(t, pc) }
            let format = program.formats[Int(index)]
            let count = min(format.holeCount, threads[t].stack.count)
            let text = render(format, threads[t].stack.suffix(count), in: p)
            threads[t].stack.removeLast(count)
            threads[t].stack.append(allocate(.text(text), in: p))
        case .seconds:
            let value = pop(t)
            guard let seconds = value.number else {
                return raise("TypeError", "'\(typeName(value, in: p))' object cannot be interpreted as a number of seconds", in: t)
            }
            guard seconds >= 0 else { return raise("ValueError", "sleep length must be non-negative", in: t) }
            // Past the clock's limit: the sleep itself reports it.
            let nanoseconds = seconds * 1e9
            threads[t].stack.append(.int(nanoseconds < 9.2e18 ? Int64(nanoseconds.rounded()) : .max))
        case .attribute(let attribute):
            let value = threadOf(pop(t), in: p)
            guard let result = self.attribute(attribute, of: value, in: p) else {
                return raise("AttributeError", "'\(typeName(value, in: p))' object has no attribute '\(attribute.rawValue)'", in: t)
            }
            threads[t].stack.append(result)
        case .currentThread:
            threads[t].stack.append(.thread(ThreadID(t)))
        case .threadsAlive(let query):
            // The threads of this process that started and have not ended, the first its main thread.
            let alive = threads.indices.filter { Int(threads[$0].process) == p && threads[$0].isAlive }
            switch query {
            case .count: threads[t].stack.append(.int(Int64(alive.count)))
            case .list: threads[t].stack.append(allocate(.list(alive.map { .thread(ThreadID($0)) }), in: p))
            case .main: threads[t].stack.append(.thread(ThreadID(threads.firstIndex { Int($0.process) == p } ?? 0)))
            case .process:
                let first = threads.firstIndex { Int($0.process) == p } ?? 0
                threads[t].stack.append(allocate(.text(p == 0 ? "MainProcess" : threads[first].name), in: p))
            }
        case .clock:
            threads[t].stack.append(.float(Double(now) / 1e9))
        case .switchInterval(let set):
            if set {
                // As CPython's `sys.setswitchinterval`: seconds, a real number above 0, kept in
                // whole microseconds and at least one (`ceval_gil.h`). A GIL waiter already
                // waiting keeps its interval; the next one waits the new one.
                let value = pop(t)
                guard let seconds = value.number else {
                    return raise("TypeError", "must be real number, not \(typeName(value, in: p))", in: t)
                }
                guard seconds > 0 else { return raise("ValueError", "switch interval must be strictly positive", in: t) }
                let microseconds = max(1, min(seconds * 1e6, 3.6e9)).rounded(.down)
                processes[p].gil.interval = VirtualTime(microseconds) * 1000
            }
            threads[t].stack.append(.float(Double(switchInterval(process: p)) / 1e9))
        case .socket:
            threads[t].stack.append(allocate(.socket(NetworkSocket()), in: p))
        case .makeClosure(let function, let captured, let defaults):
            guard function >= 0 && Int(function) < program.functions.count, captured >= 0, defaults >= 0,
                  threads[t].stack.count - Int(threads[t].base) >= Int(captured + defaults) else { return malformed(t, pc) }
            makeClosure(function, captured: Int(captured), defaults: Int(defaults), thread: t)
        case .makeCell(let name):
            makeCell(named: name, thread: t)
        case .random(let draw):
            guard let value = random(draw, thread: t) else { return }
            threads[t].stack.append(value)
        case .collect(.iterate):
            let value = pop(t)
            switch object(value, in: p) {
            case .list?, .tuple?, .text?: threads[t].stack.append(value)
            case .dict(let keys, _)?, .set(let keys)?: threads[t].stack.append(allocate(.list(keys), in: p))
            default: return raise("TypeError", "'\(typeName(value, in: p))' object is not iterable", in: t)
            }
        case .collect(let collection):
            let value = pop(t)
            guard let items = items(of: value, in: p) else {
                return raise("TypeError", "'\(typeName(value, in: p))' object is not iterable", in: t)
            }
            guard let result = collect(collection, items, in: p, thread: t) else { return }
            threads[t].stack.append(result)
        case .raise(let name):
            let message = pop(t)
            let exception: String
            if case .text(let text)? = object(.ref(name), in: p) { exception = text } else { exception = "Exception" }
            return raise(exception, str(message, in: p), in: t)
        default:
            return malformed(t, pc)
        }
        threads[t].pc = pc + 1
    }

    /// An attribute of a built-in value, or nil if it has none of that name.
    mutating func attribute(_ attribute: Attribute, of value: Value, in p: Int) -> Value? {
        switch (attribute, value) {
        case (.name, .thread(let id)) where id >= 0 && Int(id) < threads.count:
            return allocate(.text(threads[Int(id)].name), in: p)
        case (.ident, .thread(let id)), (.nativeID, .thread(let id)):
            return .int(Int64(id) + 1)
        case (.daemon, .thread(let id)) where id >= 0 && Int(id) < threads.count:
            return .bool(threads[Int(id)].daemon)
        default: break
        }
        if case .response(let status, let body, let url)? = object(value, in: p) {
            switch attribute {
            case .statusCode, .status: return .int(status)
            case .text: return allocate(.text(body), in: p)
            case .url: return allocate(.text(url), in: p)
            default: break
            }
        }
        return nil
    }

    /// `int(x)`, `float(x)` and `abs(x)`; nil after raising the `ValueError` or `TypeError` Python would.
    mutating func convert(_ op: UnaryOperator, _ value: Value, by t: Int) -> Value? {
        let p = Int(threads[t].process)
        switch (op, value) {
        case (.abs, .float(let x)): return .float(Swift.abs(x))
        case (.abs, _):
            guard let n = value.integer else { break }
            return n == .min ? .int(n) : .int(Swift.abs(n))
        case (.float, _):
            if let x = value.number { return .float(x) }
            if case .text(let text)? = object(value, in: p), let x = Double(text.trimmed) { return .float(x) }
            if case .text(let text)? = object(value, in: p) {
                raise("ValueError", "could not convert string to float: \(PythonText.repr(text))", in: t)
                return nil
            }
        case (.int, .float(let x)):
            guard x.isFinite, Swift.abs(x) < 9.2e18 else {
                raise("OverflowError", "cannot convert float \(PythonFloat.repr(x)) to integer", in: t)
                return nil
            }
            return .int(Int64(x))
        case (.int, _):
            if let n = value.integer { return .int(n) }
            if case .text(let text)? = object(value, in: p) {
                if let n = Int64(text.trimmed.replacingUnderscores) { return .int(n) }
                raise("ValueError", "invalid literal for int() with base 10: \(PythonText.repr(text))", in: t)
                return nil
            }
        default: break
        }
        raise("TypeError", "\(op)() can't take a '\(typeName(value, in: p))'", in: t)
        return nil
    }

    /// A number drawn from the program's generator; nil after raising for bad arguments.
    mutating func random(_ draw: RandomDraw, thread t: Int) -> Value? {
        let unit = Double(programRandom.next() >> 11) * 0x1.0p-53
        switch draw {
        case .unit: return .float(unit)
        case .integer, .uniform:
            let high = pop(t)
            let low = pop(t)
            if draw == .uniform {
                guard let a = low.number, let b = high.number else { break }
                return .float(a + (b - a) * unit)
            }
            guard let a = low.integer, let b = high.integer else { break }
            guard a <= b else {
                raise("ValueError", "empty range in randrange(\(a), \(b + 1))", in: t)
                return nil
            }
            let span = UInt64(bitPattern: b &- a) &+ 1
            let offset = span == 0 ? programRandom.next() : programRandom.next().multipliedFullWidth(by: span).high
            return .int(a &+ Int64(bitPattern: offset))
        case .choice:
            let items = pop(t)
            guard case .list(let elements)? = object(items, in: Int(threads[t].process)) ?? nil else {
                if case .tuple(let elements)? = object(items, in: Int(threads[t].process)), !elements.isEmpty {
                    return elements[Int(unit * Double(elements.count))]
                }
                break
            }
            guard !elements.isEmpty else {
                raise("IndexError", "Cannot choose from an empty sequence", in: t)
                return nil
            }
            return elements[Int(unit * Double(elements.count))]
        }
        raise("TypeError", "random was given values it can't draw from", in: t)
        return nil
    }

    /// Calls `method` of the value under its `argc` arguments on thread `t`'s stack.
    mutating func callMethod(_ method: Method, argc: Int, thread t: Int, core c: Int, pc: Int32) {
        let p = Int(threads[t].process)
        guard argc >= 0, threads[t].stack.count - Int(threads[t].base) > argc else { return malformed(t, pc) }
        // An instance whose class has a method of this name (`__enter__`, `start`): that method.
        if case .instance(let instance)? = object(threads[t].stack[threads[t].stack.count - 1 - argc], in: p),
           case let name = builtinName(method.rawValue), name >= 0, let function = lookupMethod(name, in: instance.classIndex) {
            // `with` leaves through `__exit__(self, kind, value, traceback)`: no exception's details are passed.
            var argc = argc
            if method == .exit && argc == 0 && program.functions[Int(function)].arity == 4 {
                threads[t].stack.append(contentsOf: [.none, .none, .none])
                argc = 3
            }
            return callMethod(named: name, argc: argc, thread: t, core: c, pc: pc)
        }
        let arguments = Array(threads[t].stack.suffix(argc))
        threads[t].stack.removeLast(argc)
        // A Thread subclass's instance: its thread's methods (`worker.start()`).
        let receiver = threadOf(pop(t), in: p)
        func fail(_ exception: String = "AttributeError", _ message: String? = nil) {
            raise(exception, message ?? "'\(typeName(receiver, in: p))' object has no attribute '\(method.rawValue)'", in: t)
        }
        func wrongArguments() {
            raise("TypeError", "\(typeName(receiver, in: p)).\(method.rawValue)() takes other arguments than the \(argc) given", in: t)
        }
        // Threads: the thread instructions do the work (and may wait).
        if case .thread = receiver {
            switch method {
            case .start where argc == 0:
                // `start()` returns None; it is pushed before the starter waits.
                threads[t].stack.append(.none)
                threads[t].pc = pc + 1
                return start(t, core: c, handle: receiver)
            case .join where argc <= 1:
                let timeout: Int64
                var mode = WaitMode.blocking
                if let limit = arguments.first, limit != .none {
                    guard let seconds = limit.number else { return wrongArguments() }
                    mode = .timeout
                    timeout = Int64(max(0, min(seconds, 9e9)) * 1e9)
                } else {
                    timeout = 0
                }
                threads[t].pc = pc
                let raisedBefore = raiseCount
                join(t, core: c, handle: receiver, mode: mode, timeout: timeout)
                if raiseCount == raisedBefore { threads[t].stack.append(.none) }
                return
            case .cancel where argc == 0:
                guard case .thread(let id) = receiver, id >= 0 && Int(id) < threads.count, threads[Int(id)].timerFlag >= 0 else {
                    return fail()
                }
                perform(.operate(.flag, .set, threads[Int(id)].timerFlag, .blocking), thread: t, core: c, pc: pc)
                threads[t].stack.append(.none)     // setting an Event never raises
                return
            case .isAlive where argc == 0:
                guard case .thread(let id) = receiver, id >= 0 && Int(id) < threads.count else { return fail() }
                threads[t].stack.append(.bool(threads[Int(id)].isAlive))
                threads[t].pc = pc + 1
                return
            default:
                return fail()
            }
        }
        if case .future = receiver {
            switch (method, arguments.count) {
            case (.get, 0), (.get, 1), (.getWaiting, 2):
                // An AsyncResult's get(timeout): the code after `get(t)` takes no success flag
                // (it can't tell a dict's get from this one) and after `get(timeout=t)` a queue's,
                // so the result is waited for as long as it takes.
                threads[t].stack.append(receiver)
                if method == .getWaiting { threads[t].stack.append(.int(.max)) }
                perform(.futureResult(method == .getWaiting ? .timeout : .blocking), thread: t, core: c, pc: pc)
            case (.result, 0), (.result, 1):
                threads[t].stack.append(receiver)
                var mode = WaitMode.blocking
                if let limit = arguments.first {
                    // With a timeout argument the compiled code after it takes a success flag (and
                    // raises TimeoutError without one); a timeout of None never times out.
                    var nanoseconds = Int64.max
                    if limit != .none {
                        guard let seconds = limit.number, seconds >= 0 else { return wrongArguments() }
                        nanoseconds = Int64(min(seconds, 9e9) * 1e9)
                    }
                    threads[t].stack.append(.int(nanoseconds))
                    mode = .timeout
                }
                perform(.futureResult(mode), thread: t, core: c, pc: pc)
            case (.done, 0), (.ready, 0):
                threads[t].stack.append(receiver)
                perform(.futureDone, thread: t, core: c, pc: pc)
            default:
                fail()
            }
            return
        }
        if case .object(let kind, let index) = receiver {
            return callObjectMethod(method, kind, index, arguments, thread: t, core: c, pc: pc)
        }
        if case .ref(let handle) = receiver, case .list? = object(receiver, in: p),
           let result = changeListInPlace(method, handle: handle, arguments, in: p) {
            switch result {
            case .success(let value): threads[t].stack.append(value)
            case .failure(let failure): return fail(failure.exception, failure.message)
            }
            threads[t].pc = pc + 1
            return
        }
        guard case .ref(let handle) = receiver, let object = object(receiver, in: p) else { return fail() }
        var result: Value = .none
        switch object {
        case .list(var items):
            // `append`, `insert`, `pop`, `clear` and `reverse` are done in place, above.
            switch (method, arguments.count) {
            case (.extend, 1):
                switch self.object(arguments[0], in: p) {
                case .list(let more)?, .tuple(let more)?: items += more
                default: return fail("TypeError", "'\(typeName(arguments[0], in: p))' object is not iterable")
                }
            case (.remove, 1):
                guard let index = items.firstIndex(where: { equal($0, arguments[0], in: p) }) else {
                    return fail("ValueError", "list.remove(x): x not in list")
                }
                items.remove(at: index)
            case (.index, 1):
                guard let index = items.firstIndex(where: { equal($0, arguments[0], in: p) }) else {
                    return fail("ValueError", "\(repr(arguments[0], in: p)) is not in list")
                }
                result = .int(Int64(index))
            case (.count, 1): result = .int(Int64(items.filter { equal($0, arguments[0], in: p) }.count))
            case (.sort, 0):
                guard let sorted = sortedValues(items, in: p) else {
                    return fail("TypeError", "'<' not supported between the list's items")
                }
                items = sorted
            default: return fail()
            }
            processes[p].heap[Int(handle)] = .list(items)
        case .tuple(let items):
            switch (method, arguments.count) {
            case (.index, 1):
                guard let index = items.firstIndex(where: { equal($0, arguments[0], in: p) }) else {
                    return fail("ValueError", "tuple.index(x): x not in tuple")
                }
                result = .int(Int64(index))
            case (.count, 1): result = .int(Int64(items.filter { equal($0, arguments[0], in: p) }.count))
            default: return fail()
            }
        case .text(let text) where method == .encode && argc <= 1:
            result = allocate(.bytes(text), in: p)
        case .text(let text):
            guard let value = textMethod(method, text, arguments, in: p, thread: t) else { return }
            result = value
        case .dict(var keys, var values):
            func index(of key: Value) -> Int? { keys.firstIndex { equal($0, key, in: p) } }
            switch (method, arguments.count) {
            case (.get, 1), (.get, 2): result = index(of: arguments[0]).map { values[$0] } ?? (arguments.count == 2 ? arguments[1] : .none)
            case (.keys, 0): result = allocate(.list(keys), in: p)
            case (.values, 0): result = allocate(.list(values), in: p)
            case (.items, 0): result = allocate(.list(zip(keys, values).map { allocate(.tuple([$0, $1]), in: p) }), in: p)
            case (.copy, 0): result = allocate(.dict(keys: keys, values: values), in: p)
            case (.setdefault, 1), (.setdefault, 2):
                if let at = index(of: arguments[0]) {
                    result = values[at]
                } else {
                    result = arguments.count == 2 ? arguments[1] : .none
                    keys.append(arguments[0])
                    values.append(result)
                }
            case (.pop, 1), (.pop, 2):
                if let at = index(of: arguments[0]) {
                    keys.remove(at: at)
                    result = values.remove(at: at)
                } else if arguments.count == 2 {
                    result = arguments[1]
                } else {
                    return fail("KeyError", repr(arguments[0], in: p))
                }
            case (.update, 1):
                let other: HeapObject? = self.object(arguments[0], in: p)
                guard case .dict(let more, let moreValues)? = other else {
                    return fail("TypeError", "dict.update() takes a dict here")
                }
                for (key, value) in zip(more, moreValues) {
                    if let at = index(of: key) { values[at] = value } else {
                        keys.append(key)
                        values.append(value)
                    }
                }
            case (.clear, 0):
                keys.removeAll()
                values.removeAll()
            default: return fail()
            }
            processes[p].heap[Int(handle)] = .dict(keys: keys, values: values)
        case .set(var items):
            func others(_ value: Value) -> [Value]? { self.items(of: value, in: p) }
            switch (method, arguments.count) {
            case (.add, 1): items = distinct(items + [arguments[0]], in: p)
            case (.update, 1):
                guard let more = others(arguments[0]) else { return fail("TypeError", "'\(typeName(arguments[0], in: p))' object is not iterable") }
                items = distinct(items + more, in: p)
            case (.remove, 1), (.discard, 1):
                guard let at = items.firstIndex(where: { equal($0, arguments[0], in: p) }) else {
                    if method == .remove { return fail("KeyError", repr(arguments[0], in: p)) }
                    break
                }
                items.remove(at: at)
            case (.pop, 0):
                guard !items.isEmpty else { return fail("KeyError", "'pop from an empty set'") }
                result = items.removeFirst()
            case (.clear, 0): items.removeAll()
            case (.copy, 0): result = allocate(.set(items), in: p)
            case (.union, 1), (.intersection, 1), (.difference, 1), (.issubset, 1), (.issuperset, 1):
                guard let more = others(arguments[0]) else { return fail("TypeError", "'\(typeName(arguments[0], in: p))' object is not iterable") }
                func inside(_ value: Value, _ list: [Value]) -> Bool { list.contains { equal($0, value, in: p) } }
                switch method {
                case .union: result = allocate(.set(distinct(items + more, in: p)), in: p)
                case .intersection: result = allocate(.set(items.filter { inside($0, more) }), in: p)
                case .difference: result = allocate(.set(items.filter { !inside($0, more) }), in: p)
                case .issubset: result = .bool(items.allSatisfy { inside($0, more) })
                default: result = .bool(more.allSatisfy { inside($0, items) })
                }
            default: return fail()
            }
            processes[p].heap[Int(handle)] = .set(items)
        case .response(_, _, let url):
            switch (method, argc) {
            case (.raiseForStatus, 0), (.exit, 0): break
            case (.enter, 0): result = receiver
            case (.json, 0):
                // The modelled server answers JSON with the URL it was asked for.
                result = allocate(.dict(keys: [allocate(.text("url"), in: p)], values: [allocate(.text(url), in: p)]), in: p)
            default: return fail()
            }
        case .bytes(let data):
            guard method == .decode, argc <= 1 else { return fail() }
            result = allocate(.text(data), in: p)
        case .socket(let socket):
            if !socketMethod(method, socket, handle: handle, arguments, thread: t, core: c, pc: pc) { fail() }
            return
        case .exception, .instance, .boundMethod, .closure:
            return fail()
        }
        threads[t].stack.append(result)
        threads[t].pc = pc + 1
    }

    /// A list method that changes the list and reads no other object (`append`, `insert`, `pop`,
    /// `clear`, `reverse`), done on the array taken out of the heap so that it is changed in place,
    /// not copied at every call; nil for any other method, which the general path does.
    private mutating func changeListInPlace(_ method: Method, handle: Int32, _ arguments: [Value],
                                            in p: Int) -> Result<Value, ListMethodFailure>? {
        switch (method, arguments.count) {
        case (.append, 1), (.insert, 2), (.pop, 0), (.pop, 1), (.clear, 0), (.reverse, 0): break
        default: return nil
        }
        if method == .insert && arguments[0].integer == nil {
            return .failure(ListMethodFailure(exception: "TypeError", message: "'\(typeName(arguments[0], in: p))' object cannot be interpreted as an integer"))
        }
        return changeList(handle, in: p) { items -> Result<Value, ListMethodFailure> in
            switch method {
            case .append: items.append(arguments[0])
            case .insert:
                let at = arguments[0].integer ?? 0
                let index = at < 0 ? max(0, items.count + Int(max(at, -Int64(items.count)))) : min(items.count, Int(min(at, Int64(items.count))))
                items.insert(arguments[1], at: index)
            case .pop:
                guard !items.isEmpty else { return .failure(ListMethodFailure(exception: "IndexError", message: "pop from empty list")) }
                let at = arguments.first?.integer ?? -1
                let index = at < 0 ? Int64(items.count) + at : at
                guard index >= 0 && index < items.count else {
                    return .failure(ListMethodFailure(exception: "IndexError", message: "pop index out of range"))
                }
                return .success(items.remove(at: Int(index)))
            case .clear: items.removeAll()
            default: items.reverse()
            }
            return .success(.none)
        }
    }

    /// A method of one of the program's synchronization objects held as a value: it does what
    /// the instruction for that object does (`lock.acquire()` is `acquire`), then pushes what
    /// Python's method returns. A library object's methods are its ``Primitive``'s.
    private mutating func callObjectMethod(_ method: Method, _ kind: ObjectKind, _ index: ObjectIndex, _ arguments: [Value],
                                           thread t: Int, core c: Int, pc: Int32) {
        let call = ObjectCall(kind: kind, index: index, arguments: arguments, thread: t, core: c, pc: pc,
                              raisedBefore: raiseCount)
        func fail() {
            raise("AttributeError", "'\(objectTypeName(kind, index))' object has no attribute '\(method.rawValue)' taking \(arguments.count) argument\(arguments.count == 1 ? "" : "s")", in: t)
        }
        if let primitive = kind.primitive {
            guard index >= 0 && Int(index) < library.count(of: kind),
                  primitive.call(method, Int(index), call, in: &self) else { return fail() }
            return
        }
        switch (kind, method) {
        case (.lock, .acquire), (.lock, .enter):
            call.acquire(method, in: &self) { mode, m in call.perform(.acquire(index, mode), in: &m) }
        case (.lock, .release), (.lock, .exit):
            perform(.release(index), thread: t, core: c, pc: pc)
            call.returns(.none, in: &self)
        case (.lock, .locked):
            threads[t].stack.append(.bool(index >= 0 && Int(index) < locks.count && locks[Int(index)].owner >= 0))
            threads[t].pc = pc + 1
        default:
            fail()
        }
    }

    /// `d[key]` (pushes the value, or raises `KeyError`) or `d[key] = value`.
    mutating func dictItem(get: Bool, handle: Int32, key: Value, value: Value, thread t: Int, pc: Int32) {
        let p = Int(threads[t].process)
        guard case .dict(var keys, var values) = processes[p].heap[Int(handle)] else { return malformed(t, pc) }
        let at = keys.firstIndex { equal($0, key, in: p) }
        if get {
            guard let at else { return raise("KeyError", repr(key, in: p), in: t) }
            threads[t].stack.append(values[at])
        } else {
            if case .ref = key, case .list? = object(key, in: p) {
                return raise("TypeError", "unhashable type: 'list'", in: t)
            }
            processes[p].heap[Int(handle)] = .text("")
            if let at { values[at] = value } else {
                keys.append(key)
                values.append(value)
            }
            processes[p].heap[Int(handle)] = .dict(keys: keys, values: values)
        }
        threads[t].pc = pc + 1
    }

    /// A method of text; nil after raising.
    private mutating func textMethod(_ method: Method, _ text: String, _ arguments: [Value], in p: Int, thread t: Int) -> Value? {
        func argument(_ i: Int) -> String? {
            guard i < arguments.count, case .text(let value)? = object(arguments[i], in: p) else { return nil }
            return value
        }
        func make(_ value: String) -> Value { allocate(.text(value), in: p) }
        switch (method, arguments.count) {
        case (.join, 1):
            let items: [Value]
            switch object(arguments[0], in: p) {
            case .list(let elements)?, .tuple(let elements)?: items = elements
            default:
                raise("TypeError", "can only join an iterable", in: t)
                return nil
            }
            var parts: [String] = []
            for (i, item) in items.enumerated() {
                guard case .text(let part)? = object(item, in: p) else {
                    raise("TypeError", "sequence item \(i): expected str instance, \(typeName(item, in: p)) found", in: t)
                    return nil
                }
                parts.append(part)
            }
            return make(parts.joined(separator: text))
        case (.split, 0):
            return allocate(.list(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map { make(String($0)) }), in: p)
        case (.split, 1):
            guard let separator = argument(0), !separator.isEmpty else { break }
            let parts = text.splitting(by: separator)
            return allocate(.list(parts.map { make($0) }), in: p)
        case (.strip, 0): return make(text.trimmed)
        case (.lstrip, 0): return make(String(text.drop(while: { $0.isWhitespace })))
        case (.rstrip, 0): return make(String(text.reversed().drop(while: { $0.isWhitespace }).reversed()))
        case (.upper, 0): return make(text.uppercased())
        case (.lower, 0): return make(text.lowercased())
        case (.capitalize, 0):
            return make(text.prefix(1).uppercased() + text.dropFirst().lowercased())
        case (.title, 0):
            // Each word's first letter up, the rest down.
            var out = ""
            var startOfWord = true
            for char in text {
                out += startOfWord ? char.uppercased() : char.lowercased()
                startOfWord = !char.isLetter
            }
            return make(out)
        case (.startswith, 1):
            guard let prefix = argument(0) else { break }
            return .bool(text.hasPrefix(prefix))
        case (.endswith, 1):
            guard let suffix = argument(0) else { break }
            return .bool(text.hasSuffix(suffix))
        case (.replace, 2):
            guard let old = argument(0), let new = argument(1), !old.isEmpty else { break }
            return make(text.splitting(by: old).joined(separator: new))
        case (.count, 1):
            guard let part = argument(0), !part.isEmpty else { break }
            return .int(Int64(text.splitting(by: part).count - 1))
        case (.zfill, 1), (.ljust, 1), (.rjust, 1), (.center, 1):
            guard let width = arguments[0].integer else { break }
            let spec = (method == .zfill ? "0>" : method == .ljust ? "<" : method == .rjust ? ">" : "^") + String(min(width, 1_000))
            return make(PythonFormat.apply(spec, to: .none, text: text))
        case (.format, _):
            // "{} and {}".format(a, b): each {} in turn (positional holes only).
            var out = ""
            var next = 0
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{") {
                out += rest[..<open]
                guard let close = rest[open...].firstIndex(of: "}") else { break }
                let spec = rest[rest.index(after: open)..<close]
                let colon = spec.firstIndex(of: ":")
                let value = next < arguments.count ? arguments[next] : .none
                next += 1
                let shown = str(value, in: p)
                out += colon.map { PythonFormat.apply(String(spec[spec.index(after: $0)...]), to: value, text: shown) } ?? shown
                rest = rest[rest.index(after: close)...]
            }
            return make(out + rest)
        default:
            raise("AttributeError", "'str' object has no attribute '\(method.rawValue)' taking \(arguments.count) argument\(arguments.count == 1 ? "" : "s")", in: t)
            return nil
        }
        raise("TypeError", "str.\(method.rawValue)() was given arguments of the wrong type", in: t)
        return nil
    }

    /// The items of a list, tuple or text (each character as text); nil for anything else.
    mutating func items(of value: Value, in p: Int) -> [Value]? {
        switch object(value, in: p) {
        case .list(let items)?, .tuple(let items)?, .set(let items)?: return items
        case .text(let text)?: return text.map { allocate(.text(String($0)), in: p) }
        case .dict(let keys, _)?: return keys
        default: return nil
        }
    }

    /// `items` with each value once (Python's `==`), in the order they first come.
    func distinct(_ items: [Value], in p: Int) -> [Value] {
        var kept: [Value] = []
        for item in items where !kept.contains(where: { equal($0, item, in: p) }) { kept.append(item) }
        return kept
    }

    /// `sum`, `min`, `max`, `sorted`, `list`, `tuple`, `any` or `all` of `items`; nil after raising.
    mutating func collect(_ collection: Collection, _ items: [Value], in p: Int, thread t: Int) -> Value? {
        switch collection {
        case .iterate: return allocate(.list(items), in: p)
        case .set: return allocate(.set(distinct(items, in: p)), in: p)
        case .list: return allocate(.list(items), in: p)
        case .tuple: return allocate(.tuple(items), in: p)
        case .zip:
            var columns: [[Value]] = []
            for iterable in items {
                guard let column = self.items(of: iterable, in: p) else {
                    raise("TypeError", "'\(typeName(iterable, in: p))' object is not iterable", in: t)
                    return nil
                }
                columns.append(column)
            }
            let count = columns.map(\.count).min() ?? 0
            let rows = (0..<count).map { row in allocate(.tuple(columns.map { $0[row] }), in: p) }
            return allocate(.list(rows), in: p)
        case .any: return .bool(items.contains { isTrue($0, in: p) })
        case .all: return .bool(items.allSatisfy { isTrue($0, in: p) })
        case .sum:
            var total: Value = .int(0)
            for item in items {
                guard let next = apply(.add, total, item, by: ThreadID(t)) else { return nil }
                total = next
            }
            return total
        case .sorted, .min, .max:
            guard let sorted = sortedValues(items, in: p) else {
                raise("TypeError", "'<' not supported between the items' types", in: t)
                return nil
            }
            if collection == .sorted { return allocate(.list(sorted), in: p) }
            guard let pick = collection == .min ? sorted.first : sorted.last else {
                raise("ValueError", "\(collection.rawValue)() arg is an empty sequence", in: t)
                return nil
            }
            return pick
        }
    }

    /// The values in ascending order, if they can be compared (numbers with numbers, text with
    /// text, tuples and lists item by item); the sort is stable, as Python's is.
    func sortedValues(_ items: [Value], in p: Int) -> [Value]? {
        var comparable = true
        let sorted = items.enumerated().sorted { a, b in
            switch compare(a.element, b.element, in: p) {
            case .some(let order): return order != 0 ? order < 0 : a.offset < b.offset
            case .none:
                comparable = false
                return a.offset < b.offset
            }
        }
        return comparable ? sorted.map(\.element) : nil
    }

    /// -1, 0 or 1 as `a` is less than, equal to or greater than `b` in Python's order; nil when
    /// Python would refuse to compare them.
    func compare(_ a: Value, _ b: Value, in p: Int, depth: Int = 0) -> Int? {
        if let x = a.number, let y = b.number { return x < y ? -1 : x > y ? 1 : 0 }
        switch (object(a, in: p), object(b, in: p)) {
        case (.text(let x)?, .text(let y)?): return x < y ? -1 : x > y ? 1 : 0
        case (.tuple(let x)?, .tuple(let y)?), (.list(let x)?, .list(let y)?):
            guard depth < 16 else { return nil }
            for (u, v) in zip(x, y) {
                guard let order = compare(u, v, in: p, depth: depth + 1) else { return nil }
                if order != 0 { return order }
            }
            return x.count < y.count ? -1 : x.count > y.count ? 1 : 0
        default: return nil
        }
    }
}

extension String {
    /// Without leading and trailing whitespace (Python's `strip()`).
    var trimmed: String {
        String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }

    /// Without `_` between digits (Python's `int("1_000")`).
    var replacingUnderscores: String { filter { $0 != "_" } }

    /// The pieces between occurrences of `separator` (Python's `split(separator)`).
    func splitting(by separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.range(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

extension Substring {
    /// The first range where `other` occurs (no Foundation here).
    func range(of other: String) -> Range<Index>? {
        guard !other.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(other) {
                return index..<self.index(index, offsetBy: other.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}

extension Machine {
    /// Python's `round(x)` (an int) and `round(x, n)`; nil after raising a TypeError.
    mutating func round(_ value: Value, digits: Value, by t: Int) -> Value? {
        let p = Int(threads[t].process)
        guard let x = value.number, digits == .none || digits.integer != nil, case let n = digits.integer ?? 0 else {
            raise("TypeError", "type \(typeName(value, in: p)) doesn't define __round__ method", in: t)
            return nil
        }
        if case .float(let f) = value {
            guard digits != .none else {
                let rounded = f.rounded(.toNearestOrEven)
                guard rounded.isFinite && Swift.abs(rounded) < 9.2e18 else {
                    raise(f.isNaN ? "ValueError" : "OverflowError", "cannot convert float \(PythonFloat.repr(f)) to integer", in: t)
                    return nil
                }
                return .int(Int64(rounded))
            }
            // As CPython does: the decimal digits of the exact value, read back.
            if n >= 0 { return .float(n > 17 ? f : Double(PythonFloat.fixed(f, Int(n))) ?? f) }
            guard n > -300 else { return .float(0) }
            let scale = (0..<Int(-n)).reduce(1.0) { product, _ in product * 10 }
            return .float((f / scale).rounded(.toNearestOrEven) * scale)
        }
        // An int (or a bool) rounds to an int: to a multiple of 10^-n when n is negative.
        guard digits != .none, n < 0, n > -19, let i = value.integer else { return .int(value.integer ?? Int64(x)) }
        // In 128 bits: the multiple next to an int near the 64-bit limits may pass them.
        let scale = (0..<Int(-n)).reduce(Int128(1)) { product, _ in product * 10 }
        let wide = Int128(i)
        let down = wide / scale * scale - (wide % scale < 0 ? scale : 0)
        let rest = wide - down
        let up = rest * 2 > scale || (rest * 2 == scale && (down / scale) % 2 != 0)
        guard let result = Int64(exactly: up ? down + scale : down) else {
            raise("OverflowError", "round() of \(i) passes 64 bits, the most Interleave's ints hold", in: t)
            return nil
        }
        return .int(result)
    }
}

/// The exception a list method done in place raises instead of returning.
struct ListMethodFailure: Error {
    let exception: String
    let message: String
}
