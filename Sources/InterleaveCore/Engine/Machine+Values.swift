/// Python values at run time: the heap they point into, their truth, their text and arithmetic.
extension Machine {
    /// The heap object `value` points at in process `p`, if it points at one.
    @inline(__always)
    func object(_ value: Value, in p: Int) -> HeapObject? {
        guard case .ref(let index) = value, index >= 0, Int(index) < processes[p].heap.count else { return nil }
        return processes[p].heap[Int(index)]
    }

    /// Runs `change` on the list at `handle` in process `p`'s heap, in place: the heap lets go of
    /// the array meanwhile, so `change` holds its only reference and changing it copies nothing.
    /// Nil (nothing run) when `handle` is not a list. `change` must not read the heap's slot.
    mutating func changeList<Result>(_ handle: Int32, in p: Int, _ change: (inout [Value]) -> Result) -> Result? {
        guard handle >= 0, Int(handle) < processes[p].heap.count, case .list(var items) = processes[p].heap[Int(handle)] else {
            return nil
        }
        processes[p].heap[Int(handle)] = .text("")
        defer { processes[p].heap[Int(handle)] = .list(items) }
        return change(&items)
    }

    /// Puts `object` on process `p`'s heap and returns the value that points at it.
    mutating func allocate(_ object: HeapObject, in p: Int) -> Value {
        processes[p].heap.append(object)
        return .ref(Int32(processes[p].heap.count - 1))
    }

    /// Python's truth of a value: zero, empty text and empty lists are false.
    func isTrue(_ value: Value, in p: Int) -> Bool {
        switch value {
        case .int(let n): return n != 0
        case .float(let x): return x != 0
        case .bool(let b): return b
        case .none: return false
        case .thread, .future, .object: return true
        case .ref:
            switch object(value, in: p) {
            case .text(let text)?, .bytes(let text)?: return !text.isEmpty
            case .list(let items)?, .tuple(let items)?, .set(let items)?: return !items.isEmpty
            case .dict(let keys, _)?: return !keys.isEmpty
            default: return true
            }
        }
    }

    /// Python's type name for a value, for messages.
    func typeName(_ value: Value, in p: Int) -> String {
        switch value {
        case .int: return "int"
        case .float: return "float"
        case .bool: return "bool"
        case .none: return "NoneType"
        case .thread: return "Thread"
        case .future: return "Future"
        case .object(let kind, let index): return objectTypeName(kind, index)
        case .ref:
            if case .instance(let instance)? = object(value, in: p), instance.classIndex >= 0 && Int(instance.classIndex) < program.classes.count {
                return program.classes[Int(instance.classIndex)].name
            }
            return object(value, in: p)?.typeName ?? "object"
        }
    }

    /// Python's name for the class of a program's object: `Lock`, `RLock`, `Event`, `Queue`.
    func objectTypeName(_ kind: ObjectKind, _ index: ObjectIndex) -> String {
        switch kind {
        case .lock:
            guard index >= 0 && Int(index) < locks.count else { return "Lock" }
            return locks[Int(index)].kind == .rlock ? "RLock" : "Lock"
        case .pool: return "ThreadPoolExecutor"
        default: return library.typeName(of: kind, Int(index)) ?? kind.word
        }
    }

    /// The name a program's object was declared or made with.
    func objectName(_ kind: ObjectKind, _ index: ObjectIndex) -> String {
        if let declared = program.name(of: kind, index) { return declared }
        let made = Int(index) - program.count(of: kind)
        let names = madeNames[Int(kind.rawValue)]
        return made >= 0 && made < names.count ? names[made] : "\(kind.word) \(index)"
    }

    /// Python's `str()` of a value.
    func str(_ value: Value, in p: Int) -> String {
        switch object(value, in: p) {
        case .text(let text)?: return text
        case .exception(_, let message)?: return message
        default: break
        }
        return repr(value, in: p)
    }

    /// Python's `repr()` of a value (nested lists are cut off at a depth of 8).
    func repr(_ value: Value, in p: Int, depth: Int = 0) -> String {
        switch value {
        case .int(let n): return String(n)
        case .float(let x): return PythonFloat.repr(x)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .thread(let id):
            guard id >= 0 && Int(id) < threads.count else { return "<Thread \(id)>" }
            let thread = threads[Int(id)]
            let state: String
            switch thread.status {
            case .created: state = "initial"
            case .finished: state = "stopped"
            default: state = "started"
            }
            return "<Thread(\(thread.name), \(state)\(thread.daemon ? " daemon" : ""))>"
        case .future(let f): return "<Future \(f)>"
        case .object(let kind, let index): return "<\(objectTypeName(kind, index)) '\(objectName(kind, index))'>"
        case .ref:
            guard depth < 8 else { return "[...]" }
            switch object(value, in: p) {
            case .text(let text)?: return PythonText.repr(text)
            case .list(let items)?:
                return "[" + items.map { repr($0, in: p, depth: depth + 1) }.joined(separator: ", ") + "]"
            case .tuple(let items)?:
                let inner = items.map { repr($0, in: p, depth: depth + 1) }.joined(separator: ", ")
                return "(" + inner + (items.count == 1 ? ",)" : ")")
            case .set(let items)?:
                return items.isEmpty ? "set()" : "{" + items.map { repr($0, in: p, depth: depth + 1) }.joined(separator: ", ") + "}"
            case .dict(let keys, let values)?:
                return "{" + zip(keys, values).map { repr($0, in: p, depth: depth + 1) + ": " + repr($1, in: p, depth: depth + 1) }
                    .joined(separator: ", ") + "}"
            case .response(let status, _, _)?: return "<Response [\(status)]>"
            case .bytes(let data)?: return PythonText.bytesRepr(data)
            case .socket(let socket)?:
                return "<socket.socket \(socket.closed ? "[closed]" : socket.host.map { "connected to '\($0)'" } ?? "not connected")>"
            case .instance(let instance)?:
                let className = instance.classIndex >= 0 && Int(instance.classIndex) < program.classes.count
                    ? program.classes[Int(instance.classIndex)].name : "object"
                if instance.thread >= 0 { return "<\(className)" + repr(.thread(instance.thread), in: p).dropFirst(7) }
                return "<__main__.\(className) object '\(instance.name)'>"
            case .boundMethod(let function, let receiver)?:
                return "<bound method \(program.functions[Int(function)].name) of \(repr(receiver, in: p, depth: depth + 1))>"
            case .closure(let function, _, _)?:
                return "<function \(program.functions[Int(function)].name)>"
            case .exception(let name, let message)?:
                // A KeyError's message is already the key's repr.
                return "\(name)(\(message.isEmpty ? "" : name == "KeyError" ? message : PythonText.repr(message)))"
            case nil: return "<object>"
            }
        }
    }

    /// The text a format's holes make with `values` in them, in order.
    func render(_ format: PrintFormat, _ values: ArraySlice<Value>, in p: Int) -> String {
        var out = ""
        var next = values.startIndex
        for piece in format.pieces {
            switch piece {
            case .text(let text): out += text
            case .value, .formatted:
                guard next < values.endIndex else { continue }
                let value = values[next]
                next += 1
                if case .formatted(let spec, let asRepr) = piece {
                    let shown = asRepr ? repr(value, in: p) : nil
                    out += PythonFormat.apply(spec, to: value, text: shown ?? str(value, in: p))
                } else {
                    out += str(value, in: p)
                }
            }
        }
        return out
    }

    /// Python's `==` between two values (lists and text compare by content).
    func equal(_ a: Value, _ b: Value, in p: Int, depth: Int = 0) -> Bool {
        if a == b { return true }
        if let x = a.number, let y = b.number { return x == y }
        // Lists that hold themselves compare to this depth, then as unequal (Python raises RecursionError).
        guard depth < 64 else { return false }
        switch (object(a, in: p), object(b, in: p)) {
        case (.text(let x)?, .text(let y)?), (.bytes(let x)?, .bytes(let y)?): return x == y
        case (.list(let x)?, .list(let y)?), (.tuple(let x)?, .tuple(let y)?):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1, in: p, depth: depth + 1) }
        case (.set(let x)?, .set(let y)?):
            return x.count == y.count && x.allSatisfy { item in y.contains { equal($0, item, in: p, depth: depth + 1) } }
        case (.dict(let keys, let values)?, .dict(let otherKeys, let otherValues)?):
            return keys.count == otherKeys.count && zip(keys, values).allSatisfy { key, value in
                otherKeys.firstIndex { equal($0, key, in: p, depth: depth + 1) }
                    .map { equal(otherValues[$0], value, in: p, depth: depth + 1) } ?? false
            }
        default: return false
        }
    }

    /// The most items or characters a repetition (`"ab" * n`, `[0] * n`) makes: past it, a MemoryError.
    static let maxRepetition = 1 << 24

    /// A binary operator on two values, as Python applies it; an operation Python refuses
    /// (`1 + "a"`) is an uncaught `TypeError` in thread `id`, and nil.
    mutating func apply(_ op: BinaryOperator, _ a: Value, _ b: Value, by id: ThreadID) -> Value? {
        if op == .round { return round(a, digits: b, by: Int(id)) }
        if let (result, error) = Value.arithmetic(op, a, b) {
            if error == .divisionByZero && program.raisesExceptions {
                // CPython's words for each case.
                let isFloat: Bool
                switch (a, b) {
                case (.float, _), (_, .float): isFloat = true
                default: isFloat = false
                }
                let message: String
                switch op {
                case .divide: message = isFloat ? "float floor division by zero" : "integer division or modulo by zero"
                case .modulo: message = isFloat ? "float modulo" : "integer modulo by zero"
                default: message = isFloat ? "float division by zero" : "division by zero"
                }
                raise("ZeroDivisionError", message, in: Int(id))
                return nil
            }
            if let error { emit(.error(error), by: id) }
            return result
        }
        let p = Int(threads[Int(id)].process)
        switch op {
        case .equal: return .bool(equal(a, b, in: p))
        case .notEqual: return .bool(!equal(a, b, in: p))
        case .and: return isTrue(a, in: p) ? b : a
        case .or: return isTrue(a, in: p) ? a : b
        case .contains:
            switch object(a, in: p) {
            case .list(let items)?, .tuple(let items)?, .dict(let items, _)?, .set(let items)?: return .bool(items.contains { equal($0, b, in: p) })
            case .text(let text)?:
                if case .text(let part)? = object(b, in: p) { return .bool(part.isEmpty || text.contains(part)) }
                raise("TypeError", "'in <string>' requires string as left operand, not \(typeName(b, in: p))", in: Int(id))
                return nil
            default:
                raise("TypeError", "argument of type '\(typeName(a, in: p))' is not iterable", in: Int(id))
                return nil
            }
        default: break
        }
        switch (op, object(a, in: p), object(b, in: p)) {
        case (.add, .text(let x)?, .text(let y)?): return allocate(.text(x + y), in: p)
        case (.add, .bytes(let x)?, .bytes(let y)?): return allocate(.bytes(x + y), in: p)
        case (.add, .list(let x)?, .list(let y)?): return allocate(.list(x + y), in: p)
        case (.add, .tuple(let x)?, .tuple(let y)?): return allocate(.tuple(x + y), in: p)
        case (.multiply, .text?, nil), (.multiply, .list?, nil):
            guard case .int(let n) = b else { break }
            let count = max(0, n)
            let length: Int
            if case .text(let text)? = object(a, in: p) { length = text.count } else if case .list(let items)? = object(a, in: p) {
                length = items.count
            } else { length = 0 }
            guard count == 0 || length == 0 || count <= Int64(Machine.maxRepetition / max(1, length)) else {
                raise("MemoryError", "a repetition of \(count) would make more than \(Machine.maxRepetition) items", in: Int(id))
                return nil
            }
            if case .text(let text)? = object(a, in: p) {
                return allocate(.text(String(repeating: text, count: Int(count))), in: p)
            }
            if case .list(let items)? = object(a, in: p) {
                return allocate(.list(Array([[Value]](repeating: items, count: Int(count)).joined())), in: p)
            }
        case (.less, _, _), (.lessOrEqual, _, _), (.greater, _, _), (.greaterOrEqual, _, _):
            guard let order = compare(a, b, in: p) else { break }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case (.modulo, .text(let x)?, let tuple):
            // `"%s of %d" % (a, b)` takes a tuple's items; anything else is the one value.
            var values = [b]
            if case .tuple(let items)? = tuple { values = items }
            return allocate(.text(PythonFormat.percent(x, values, texts: values.map { str($0, in: p) },
                                                       reprs: values.map { repr($0, in: p) })), in: p)
        default: break
        }
        let comparison = [BinaryOperator.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op)
        raise("TypeError", comparison
            ? "'\(op.symbol)' not supported between instances of '\(typeName(a, in: p))' and '\(typeName(b, in: p))'"
            : "unsupported operand type(s) for \(op.symbol): '\(typeName(a, in: p))' and '\(typeName(b, in: p))'", in: Int(id))
        return nil
    }

    /// An exception the program does not catch: thread `t` reports it and ends, as a Python
    /// thread does.
    mutating func raise(_ exception: String, _ message: String, in t: Int) {
        raise(allocate(.exception(name: exception, message: message), in: Int(threads[t].process)), in: t)
    }

    /// A misuse of an object: in a Python program the exception Python raises (`RuntimeError:
    /// release unlocked lock`); in a scenario an error event, and the thread goes on.
    mutating func misuse(_ error: UserError, _ exception: String, _ message: String, by t: Int) {
        if program.raisesExceptions {
            raise(exception, message, in: t)
        } else {
            emit(.error(error), by: ThreadID(t))
        }
    }

    /// Raises the exception object `exception` in thread `t`: the innermost `try` block's
    /// handler gets it (the calls and the stack unwound to where the block began), or, with no
    /// `try` block left, the thread reports it and ends.
    mutating func raise(_ exception: Value, in t: Int) {
        raiseCount &+= 1
        if let handler = threads[t].handlers.popLast() {
            while threads[t].frames.count > Int(handler.frameDepth), let frame = threads[t].frames.popLast() {
                threads[t].base = frame.base
            }
            let depth = min(Int(handler.stackDepth), threads[t].stack.count)
            threads[t].stack.removeSubrange(depth...)
            threads[t].stack.append(exception)
            threads[t].pc = handler.pc
            return
        }
        var name = "Exception", message = ""
        if case .exception(let kind, let text)? = object(exception, in: Int(threads[t].process)) {
            name = kind
            message = text
        }
        emit(.error(.uncaught(exception: name, message: message)), by: ThreadID(t))
        if case .running(let core) = threads[t].status {
            finishThread(t, core: Int(core))
        }
    }
}

extension Value {
    /// A binary operator on numbers, truth values and `None`, without the heap: the result and any
    /// error to report; nil when an operand is on the heap or Python would refuse the operation.
    @inlinable
    public static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value) -> (Value, UserError?)? {
        // `round` is the machine's (it may raise).
        if op == .round { return nil }
        if case .int(let x) = a, case .int(let y) = b { return integers(op, x, y) }
        switch op {
        case .identical: return (.bool(a == b), nil)
        case .contains: return nil
        case .equal, .notEqual:
            switch (a, b) {
            case (.ref, .ref): return nil
            default:
                var same = a == b
                if !same, let x = a.number, let y = b.number { same = x == y }
                return (.bool(op == .equal ? same : !same), nil)
            }
        case .and, .or:
            switch (a, b) {
            case (.ref, _), (_, .ref): return nil
            default:
                let truth: Bool
                switch a {
                case .int(let n): truth = n != 0
                case .float(let x): truth = x != 0
                case .bool(let t): truth = t
                case .none: truth = false
                default: truth = true
                }
                return (op == .and ? (truth ? b : a) : (truth ? a : b), nil)
            }
        default: break
        }
        // Bools are ints; a float on either side makes the result a float.
        guard let x = a.number, let y = b.number else { return nil }
        if case .float = a {} else if case .float = b {} else if op != .trueDivide && op != .power {
            return integers(op, a.integer!, b.integer!)
        }
        switch op {
        case .add: return (.float(x + y), nil)
        case .subtract: return (.float(x - y), nil)
        case .multiply: return (.float(x * y), nil)
        case .trueDivide:
            if y == 0 { return (.float(0), .divisionByZero) }
            return (.float(x / y), nil)
        case .divide:
            if y == 0 { return (.float(0), .divisionByZero) }
            return (.float((x / y).rounded(.down)), nil)
        case .modulo:
            if y == 0 { return (.float(0), .divisionByZero) }
            let r = x - (x / y).rounded(.down) * y
            return (.float(r), nil)
        case .power:
            if case .int(let base) = a, case .int(let exponent) = b, exponent >= 0 {
                let (result, overflow) = integerPower(base, exponent)
                return (.int(result), overflow ? .overflow : nil)
            }
            return (.float(PythonFloat.power(x, y)), nil)
        case .less: return (.bool(x < y), nil)
        case .lessOrEqual: return (.bool(x <= y), nil)
        case .greater: return (.bool(x > y), nil)
        case .greaterOrEqual: return (.bool(x >= y), nil)
        case .addClamped: return (.float(x + y), nil)
        case .equal, .notEqual, .and, .or, .identical, .contains, .round: return nil
        }
    }

    /// `base ** exponent` (exponent ≥ 0) by repeated squaring, and whether it passed 64 bits.
    @inlinable
    static func integerPower(_ base: Int64, _ exponent: Int64) -> (Int64, Bool) {
        var result: Int64 = 1, square = base, left = exponent, overflow = false
        while left > 0 {
            if left & 1 == 1 {
                let (r, o) = result.multipliedReportingOverflow(by: square)
                result = r
                overflow = overflow || o
            }
            left >>= 1
            if left > 0 {
                let (q, o) = square.multipliedReportingOverflow(by: square)
                square = q
                overflow = overflow || o
            }
        }
        return (result, overflow)
    }

    /// Python integer semantics on 64 bits: floor division and modulo; overflow and division by
    /// zero are errors (the result is what 64 bits hold, and 0 after a division by zero).
    @inlinable
    static func integers(_ op: BinaryOperator, _ a: Int64, _ b: Int64) -> (Value, UserError?) {
        switch op {
        case .add:
            let (r, o) = a.addingReportingOverflow(b)
            return (.int(r), o ? .overflow : nil)
        case .subtract:
            let (r, o) = a.subtractingReportingOverflow(b)
            return (.int(r), o ? .overflow : nil)
        case .multiply:
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return (.int(r), o ? .overflow : nil)
        case .divide, .modulo:
            if b == 0 { return (.int(0), .divisionByZero) }
            if b == -1 && a == .min { return (.int(op == .divide ? .min : 0), op == .divide ? .overflow : nil) }
            var (q, r) = a.quotientAndRemainder(dividingBy: b)
            if r != 0 && (r < 0) != (b < 0) {
                // Round towards minus infinity; r and b have opposite signs, so r + b cannot overflow.
                q -= 1
                r += b
            }
            return (.int(op == .divide ? q : r), nil)
        case .trueDivide:
            if b == 0 { return (.float(0), .divisionByZero) }
            return (.float(Double(a) / Double(b)), nil)
        case .power:
            if b < 0 { return (.float(PythonFloat.power(Double(a), Double(b))), nil) }
            let (result, overflow) = integerPower(a, b)
            return (.int(result), overflow ? .overflow : nil)
        case .equal: return (.bool(a == b), nil)
        case .notEqual: return (.bool(a != b), nil)
        case .less: return (.bool(a < b), nil)
        case .lessOrEqual: return (.bool(a <= b), nil)
        case .greater: return (.bool(a > b), nil)
        case .greaterOrEqual: return (.bool(a >= b), nil)
        case .identical: return (.bool(a == b), nil)
        case .contains, .round: return (.none, nil)
        case .and: return (a != 0 ? .int(b) : .int(a), nil)
        case .or: return (a != 0 ? .int(a) : .int(b), nil)
        case .addClamped:
            let (r, o) = a.addingReportingOverflow(b)
            return (.int(o ? (b > 0 ? .max : .min) : r), nil)
        }
    }
}

extension Machine {
    /// A value as an event carries it: numbers, truth values and None as they are, anything else
    /// as its `repr()` (cut to 200 characters).
    func shown(_ value: Value, in p: Int) -> EventValue {
        switch value {
        case .int(let n): return .int(n)
        case .float(let x): return .float(bits: x.bitPattern)
        case .bool(let b): return .bool(b)
        case .none: return .none
        default:
            let text = repr(value, in: p)
            return .shown(text.count > 200 ? String(text.prefix(199)) + "…" : text)
        }
    }

    /// `value` as process `to` gets it from process `from`: objects are copied onto its heap, as
    /// multiprocessing pickles arguments.
    mutating func copy(_ value: Value, from: Int, to: Int, depth: Int = 0, madeBy maker: Int? = nil) -> Value {
        guard from != to, let object = object(value, in: from), depth < 64 else { return value }
        switch object {
        case .list(let items):
            return allocate(.list(items.map { copy($0, from: from, to: to, depth: depth + 1, madeBy: maker) }), in: to)
        case .tuple(let items):
            return allocate(.tuple(items.map { copy($0, from: from, to: to, depth: depth + 1, madeBy: maker) }), in: to)
        case .set(let items):
            return allocate(.set(items.map { copy($0, from: from, to: to, depth: depth + 1, madeBy: maker) }), in: to)
        case .dict(let keys, let values):
            return allocate(.dict(keys: keys.map { copy($0, from: from, to: to, depth: depth + 1, madeBy: maker) },
                                  values: values.map { copy($0, from: from, to: to, depth: depth + 1, madeBy: maker) }), in: to)
        case .instance(var instance):
            // A fork keeps the attributes' variables (each process has its own values of them); a
            // copy sent to a running process (`maker`) is a new object with variables of its own.
            for (i, field) in instance.fields.enumerated() where Int(field.variable) < processes[to].shared.count {
                let held = copy(processes[from].shared[Int(field.variable)], from: from, to: to, depth: depth + 1, madeBy: maker)
                var variable = field.variable
                if let maker, let made = makeVariable(named: instance.name + "." + constantText(field.name), by: maker) {
                    variable = made
                }
                processes[to].shared[Int(variable)] = held
                instance.fields[i].variable = variable
            }
            return allocate(.instance(instance), in: to)
        case .boundMethod(let function, let receiver):
            return allocate(.boundMethod(function: function, receiver: copy(receiver, from: from, to: to, depth: depth + 1, madeBy: maker)), in: to)
        case .closure(let function, let captured, let defaults):
            let copies = (captured + defaults).map { copy($0, from: from, to: to, depth: depth + 1, madeBy: maker) }
            return allocate(.closure(function: function, captured: Array(copies.prefix(captured.count)),
                                     defaults: Array(copies.dropFirst(captured.count))), in: to)
        default:
            return allocate(object, in: to)
        }
    }
}
