import InterleaveCore

/// Compiles a parsed scenario to the engine's IR, checking names, kinds and arguments.
///
/// Top-level `config`, `shared`, object declarations and `def`s are gathered first; the rest of
/// the top level is the main thread's function. Functions are compiled on demand, one instance
/// per combination of object arguments (`philosopher(fork1, fork2)`), since objects are fixed
/// operands in the IR. Functions nobody calls are still checked.
final class Compiler {
    let file: SourceFile
    let builder: ProgramBuilder
    var diagnostics: [Diagnostic] = []
    var settings = ScenarioSettings()

    var globals: [String: Global] = [:]
    /// Global names in declaration order, for suggestions.
    var globalNames: [String] = []
    /// Where each global was declared.
    var globalSpans: [String: Span] = [:]
    var functions: [String: Function] = [:]
    /// Functions in definition order.
    var functionOrder: [String] = []
    var instances: [InstanceKey: FunctionRef] = [:]
    var pendingInstances: [(key: InstanceKey, ref: FunctionRef)] = []
    var calledFunctions: Set<String> = []
    var threadLocals: [String: ThreadLocalVariable] = [:]
    /// Names the main program assigns (so a function using one gets a precise hint).
    var mainLocalNames: Set<String> = []
    /// Whether the parser reported errors (then an empty program is no news).
    var hadSyntaxErrors = false

    /// Instances of one function beyond which object arguments must be too varied to be intended.
    static let maxInstances = 256

    init(file: SourceFile, name: String) {
        self.file = file
        builder = ProgramBuilder(name: name)
    }

    /// Compiles `statements`; the program is meaningful only when no error was reported.
    func compile(_ statements: [Statement]) -> Program {
        var main: [Statement] = []
        for statement in statements {
            if !declare(statement) { main.append(statement) }
        }
        if main.isEmpty && !hadSyntaxErrors {
            let end = file.bytes.count
            error(at: Span(end, end), statements.isEmpty ? "the scenario is empty" : "the scenario has nothing to run",
                  hint: "add statements at the top level, such as 'start worker()'; 'interleave show workers' shows an example")
        }
        let mainRef = builder.declare("main")
        builder.setMain(mainRef)
        builder.define(mainRef) { f in
            var context = Context(function: "main", isMain: true)
            prepare(main, &f, &context)
            compileBlock(main, &f, &context)
            shutdownPoolsAtExit(&f)
            mainLocalNames = Set(context.locals.keys)
        }
        while !pendingInstances.isEmpty {
            let (key, ref) = pendingInstances.removeFirst()
            compileInstance(key, ref)
        }
        for name in functionOrder where !calledFunctions.contains(name) {
            checkUncalled(functions[name]!)
        }
        return builder.build()
    }

    // MARK: Declarations

    /// Records a top-level declaration; false if the statement belongs to the main program.
    private func declare(_ statement: Statement) -> Bool {
        switch statement.kind {
        case .config(let key, let keySpan, let value):
            configure(key, keySpan, value)
            return true
        case .shared(let name, let span, let value):
            guard claim(name, span) else { return true }
            let initial = constant(value, what: "a shared variable's starting value") ?? 0
            globals[name] = .shared(builder.shared(name, initial))
            return true
        case .function(let function):
            if let earlier = functions[function.name] {
                error(at: function.nameSpan, "function '\(function.name)' is defined twice",
                      hint: "the first definition is on line \(line(of: earlier.nameSpan)); rename one of them")
                return true
            }
            guard claim(function.name, function.nameSpan) else { return true }
            functions[function.name] = function
            functionOrder.append(function.name)
            globals[function.name] = .function
            return true
        case .with(let items, _):
            // `with ThreadPoolExecutor(...) as pool:` declares the pool; the block runs in the main program.
            declareWithPools(items)
            return false
        case .assign(let targets, let value):
            guard targets.count == 1, case .name(let name) = targets[0].kind, let constructor = constructorName(value)
            else { return false }
            declareObject(name, targets[0].span, constructor, value)
            return true
        default:
            return false
        }
    }

    /// Reserves a global name; false (after reporting) if it is taken.
    func claim(_ name: String, _ span: Span) -> Bool {
        if let earlier = globalSpans[name] {
            error(at: span, "'\(name)' is already declared", hint: "it was declared on line \(line(of: earlier)); choose another name")
            return false
        }
        if Compiler.builtinNames.contains(name) || Compiler.modules.contains(name) {
            error(at: span, "'\(name)' is a built-in name and can't be redeclared", hint: "choose another name")
            return false
        }
        globalSpans[name] = span
        globalNames.append(name)
        return true
    }

    /// The constructor a declaration calls (`Lock`, `threading.Lock`, `queue.Queue`, ...), if any.
    func constructorName(_ value: Expression) -> String? {
        guard case .call(let callee, _) = value.kind else { return nil }
        switch callee.kind {
        case .name(let name) where Compiler.constructors.contains(name): return name
        case .attribute(let module, let name, _):
            // `threading.Lock`, `concurrent.futures.ThreadPoolExecutor`.
            guard Compiler.modules.contains(file.text(module.span)), Compiler.constructors.contains(name) || name == "local"
            else { return nil }
            return name
        default: return nil
        }
    }

    static let constructors: Set<String> = [
        "Lock", "RLock", "FairLock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier", "Queue",
        "ThreadPoolExecutor",
    ]
    static let modules: Set<String> = ["threading", "queue", "multiprocessing", "time", "concurrent.futures", "concurrent"]
    static let builtinNames: Set<String> = ["range", "len", "Thread", "Process"]

    private func declareObject(_ name: String, _ span: Span, _ constructor: String, _ value: Expression) {
        guard case .call(_, let arguments) = value.kind, claim(name, span) else { return }
        func count(_ label: String, _ what: String, default fallback: Int64?, range: ClosedRange<Int64>) -> Int64 {
            guard let bound = bind(arguments, [label], required: fallback == nil ? 1 : 0, call: constructor, at: value.span),
                  let expression = bound[0] else { return fallback ?? 1 }
            guard let number = constant(expression, what: what) else { return fallback ?? 1 }
            guard range.contains(number) else {
                error(at: expression.span, "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
                return fallback ?? 1
            }
            return number
        }
        let object: ObjectRef
        switch constructor {
        case "local":
            _ = bind(arguments, [], required: 0, call: "threading.local", at: value.span)
            globals[name] = .threadLocalNamespace
            return
        case "Lock", "RLock", "FairLock":
            _ = bind(arguments, [], required: 0, call: constructor, at: value.span)
            let kind: LockDecl.Kind = constructor == "Lock" ? .lock : constructor == "RLock" ? .rlock : .fair
            let ref = builder.lock(name, kind: kind)
            object = ObjectRef(kind: ObjectRef.Kind(rawValue: constructor)!, index: ref.index, name: name)
        case "Event":
            _ = bind(arguments, [], required: 0, call: constructor, at: value.span)
            object = ObjectRef(kind: .flag, index: builder.flag(name).index, name: name)
        case "Condition":
            var lock: LockRef?
            if let bound = bind(arguments, ["lock"], required: 0, call: constructor, at: value.span), let expression = bound[0] {
                if case .name(let lockName) = expression.kind, case .object(let ref)? = globals[lockName],
                   [.lock, .rlock, .fairLock].contains(ref.kind) {
                    lock = LockRef(index: ref.index)
                } else {
                    error(at: expression.span, "a Condition takes a Lock or RLock declared before it",
                          hint: "declare the lock first, then 'cond = Condition(lock)'")
                }
            }
            let ref = builder.condition(name, lock: lock)
            object = ObjectRef(kind: .condition, index: ref.index, name: name, lock: ref.lock.index)
        case "Semaphore", "BoundedSemaphore":
            let initial = count("value", "a semaphore's value", default: 1, range: 0...1_000_000_000)
            let bounded = constructor == "BoundedSemaphore"
            object = ObjectRef(kind: bounded ? .boundedSemaphore : .semaphore,
                               index: builder.semaphore(name, initial, bounded: bounded).index, name: name)
        case "Barrier":
            let parties = count("parties", "a barrier's parties", default: nil, range: 1...1_000_000)
            object = ObjectRef(kind: .barrier, index: builder.barrier(name, parties: Int32(parties)).index, name: name)
        case "ThreadPoolExecutor":
            guard let pool = declarePool(name, arguments, at: value.span) else { return }
            object = pool
        default:
            let size = count("maxsize", "a queue's maxsize", default: 0, range: -1...1_000_000_000)
            object = ObjectRef(kind: .queue, index: builder.queue(name, maxSize: Int32(max(0, size))).index, name: name)
        }
        globals[name] = .object(object)
    }

    private func configure(_ key: String, _ keySpan: Span, _ value: Expression) {
        func number(_ range: ClosedRange<Int64>) -> Int64? {
            guard let number = constant(value, what: "'\(key)'") else { return nil }
            guard range.contains(number) else {
                error(at: value.span, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
                return nil
            }
            return number
        }
        func duration() -> VirtualTime? {
            guard case .duration(let ns) = value.kind else {
                error(at: value.span, "'\(key)' takes a duration", hint: "for example: config \(key) = 5ms")
                return nil
            }
            guard ns >= 1 && ns <= 3_600_000_000_000 else {
                error(at: value.span, "'\(key)' must be more than 0 and at most 3600s")
                return nil
            }
            return VirtualTime(ns)
        }
        switch key {
        case "policy":
            let name: String
            switch value.kind {
            case .name(let text): name = text
            case .string(let pieces, _) where pieces.count == 1: if case .text(let text) = pieces[0] { name = text } else { name = "" }
            case .binary(.subtract, let a, let b):
                // gil-legacy reads as a subtraction.
                if case .name(let x) = a.kind, case .name(let y) = b.kind { name = "\(x)-\(y)" } else { name = "" }
            default: name = ""
            }
            guard Policy.names.contains(name) else {
                error(at: value.span, "unknown policy '\(file.text(value.span))'",
                      hint: (Suggestions.hint(for: name, in: Policy.names).map { $0 + " " } ?? "")
                          + "Policies: \(Policy.names.joined(separator: ", ")).")
                return
            }
            settings.policy = name
        case "cores": settings.cores = number(1...256).map(Int.init)
        case "seed": settings.seed = number(0...Int64.max).map(UInt64.init)
        case "depth": settings.depth = number(Int64(Policy.pctDepths.lowerBound)...Int64(Policy.pctDepths.upperBound)).map(Int.init)
        case "max_steps": settings.maxSteps = number(1...Int64.max).map(UInt64.init)
        case "switch_interval": settings.switchInterval = duration()
        case "quantum": settings.quantum = duration()
        default:
            error(at: keySpan, "unknown setting '\(key)'",
                  hint: (Suggestions.hint(for: key, in: ScenarioSettings.keys).map { $0 + " " } ?? "")
                      + "Settings: \(ScenarioSettings.keys.joined(separator: ", ")).")
        }
    }

    // MARK: Function instances

    /// The instance of `name` for these argument kinds, declared now and compiled later if new.
    func instance(of name: String, _ arguments: [ArgumentKind], at span: Span) -> FunctionRef? {
        let key = InstanceKey(function: name, arguments: arguments)
        calledFunctions.insert(name)
        if let ref = instances[key] { return ref }
        let count = instances.keys.lazy.filter { $0.function == name }.count
        guard count < Compiler.maxInstances else {
            error(at: span, "'\(name)' is called with more than \(Compiler.maxInstances) different combinations of objects",
                  hint: "pass numbers, or fewer distinct objects")
            return nil
        }
        let runtime = arguments.filter { if case .object = $0 { return false } else { return true } }.count
        let ref = builder.declare(name, parameters: runtime)
        instances[key] = ref
        pendingInstances.append((key, ref))
        return ref
    }

    private func compileInstance(_ key: InstanceKey, _ ref: FunctionRef) {
        let function = functions[key.function]!
        builder.define(ref) { f in
            var context = Context(function: function.name, isMain: false)
            var slot = 0
            for (parameter, kind) in zip(function.parameters, key.arguments) {
                switch kind {
                case .object(let object): context.locals[parameter.name] = .object(object)
                case .value:
                    context.locals[parameter.name] = .value(f.parameter(slot))
                    slot += 1
                case .list:
                    context.locals[parameter.name] = .list(f.parameter(slot))
                    slot += 1
                }
            }
            prepare(function.body, &f, &context)
            compileBlock(function.body, &f, &context)
        }
    }

    /// Checks a function nobody calls, with its parameters' kinds unknown; its code is dropped.
    private func checkUncalled(_ function: Function) {
        let scratch = ProgramBuilder(name: "check")
        let ref = scratch.declare(function.name, parameters: function.parameters.count)
        scratch.define(ref) { f in
            var context = Context(function: function.name, isMain: false, checkOnly: true)
            for (slot, parameter) in function.parameters.enumerated() {
                context.locals[parameter.name] = .unknown(f.parameter(slot))
            }
            prepare(function.body, &f, &context)
            compileBlock(function.body, &f, &context)
        }
    }

    /// Sets up what a function body needs before its first statement (the list for `join all`).
    private func prepare(_ body: [Statement], _ f: inout FunctionBuilder, _ context: inout Context) {
        if Compiler.usesJoinAll(body) {
            f.emit(.listNew)
            let list = f.local()
            f.emit(.store(list.slot))
            context.started = list
        }
    }

    private static func usesJoinAll(_ body: [Statement]) -> Bool {
        body.contains { statement in
            switch statement.kind {
            case .join(_, let all): return all
            case .if(let branches, let orElse):
                return branches.contains { usesJoinAll($0.body) } || usesJoinAll(orElse ?? [])
            case .while(_, let body), .for(_, _, _, let body), .repeat(_, let body), .with(_, let body):
                return usesJoinAll(body)
            default: return false
            }
        }
    }

    // MARK: Helpers

    func error(at span: Span, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(at: span, message, hint: hint))
    }

    func line(of span: Span) -> Int { file.location(of: span.start).line }

    /// The value of a constant integer expression (literals, signs, arithmetic), or nil after reporting.
    func constant(_ expression: Expression, what: String) -> Int64? {
        if let value = Compiler.fold(expression) { return value }
        if Compiler.isLiteralArithmetic(expression) {
            error(at: expression.span, "\(what) overflows 64 bits or divides by zero")
        } else {
            error(at: expression.span, "\(what) must be a constant number", hint: "write a number such as 0 or 100")
        }
        return nil
    }

    /// Whether an expression is made only of literals and arithmetic.
    static func isLiteralArithmetic(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .integer, .duration, .boolean: return true
        case .unary(.negate, let operand): return isLiteralArithmetic(operand)
        case .binary(let op, let a, let b):
            return [.add, .subtract, .multiply, .divide, .modulo].contains(op) && isLiteralArithmetic(a) && isLiteralArithmetic(b)
        default: return false
        }
    }

    /// Folds literals and arithmetic on literals; nil for anything else or an overflow.
    static func fold(_ expression: Expression) -> Int64? {
        switch expression.kind {
        case .integer(let value), .duration(let value): return value
        case .boolean(let value): return value ? 1 : 0
        case .unary(.negate, let operand):
            guard let value = fold(operand) else { return nil }
            let (result, overflow) = Int64(0).subtractingReportingOverflow(value)
            return overflow ? nil : result
        case .binary(let op, let a, let b):
            guard let x = fold(a), let y = fold(b) else { return nil }
            switch op {
            case .add: let (r, o) = x.addingReportingOverflow(y); return o ? nil : r
            case .subtract: let (r, o) = x.subtractingReportingOverflow(y); return o ? nil : r
            case .multiply: let (r, o) = x.multipliedReportingOverflow(by: y); return o ? nil : r
            case .divide, .modulo:
                // Python's floor division and modulo.
                guard y != 0, !(x == .min && y == -1) else { return nil }
                var (q, r) = (x / y, x % y)
                if r != 0 && (r < 0) != (y < 0) {
                    q -= 1
                    r += y
                }
                return op == .divide ? q : r
            default: return nil
            }
        default: return nil
        }
    }
}
