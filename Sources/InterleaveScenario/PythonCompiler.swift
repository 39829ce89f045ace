import InterleaveCore

/// Compiles a Python threading program, as it is, to the engine's IR.
///
/// The top level of the file is the main thread's function. Names follow Python's scopes: a
/// function's locals are its parameters and the names it assigns (unless declared `global`);
/// other names are the module's. A module-level name that some function reads, or assigns
/// through `global`, is a shared variable, whose every read and write is a visible step (as
/// `LOAD_GLOBAL` and `STORE_GLOBAL` are in CPython); the module's other names only the main
/// thread can see, so they are its locals. A synchronization object bound once at the top, made
/// with numbers written out, is declared with the program and is a fixed operand; any other is
/// made when its code runs (`objectMade`). Values (numbers, text, lists, threads, objects,
/// instances of the program's classes) are dynamic.
final class PythonCompiler {
    let file: SourceFile
    let builder: ProgramBuilder
    var diagnostics: [Diagnostic] = []
    var settings = ScenarioSettings()
    /// Whether the parser reported errors (then an empty program is no news).
    var hadSyntaxErrors = false

    /// What each imported name stands for: a module's qualified name (`threading`), or a
    /// member's (`threading.Lock` for `from threading import Lock`).
    var imports: [String: String] = [:]
    /// The program's functions (`def` at the top level), by name.
    var functions: [String: (syntax: Function, ref: FunctionRef)] = [:]
    var functionOrder: [String] = []
    /// Objects made at the top level, by the name they are bound to.
    var objects: [String: PythonObject] = [:]
    /// Module-level names the functions can see.
    var shared: [String: SharedVariable] = [:]
    /// Module-level names, in the order they are first bound (for suggestions).
    var moduleNames: [String] = []
    private var noted: Set<String> = []
    /// The statements that make the top-level objects (compiled to nothing in the main function).
    var objectStatements: Set<Int> = []
    /// The `with ThreadPoolExecutor(...) as name:` items at the top level that made a pool.
    var withPools: Set<Int> = []
    /// Module names bound once, at the top level, to an integer written out (`N = 5`).
    var moduleConstants: [String: Int64] = [:]
    /// Top-level lists of objects (`forks = [threading.Lock() for _ in range(5)]`), made when the
    /// program is compiled, by the statement that makes each (the main function builds the list).
    var objectLists: [Int: [PythonObject]] = [:]

    /// The program's classes, by name.
    var classes: [String: PythonClass] = [:]
    /// The class each method (by its key in ``functions``) belongs to.
    var methodClasses: [String: String] = [:]
    /// Every method of the program's classes, by name (to bind a call's arguments by them).
    var methodSignatures: [String: [Function]] = [:]
    /// The attribute names the program assigns somewhere (`self.balance = ...`).
    var attributeNames: Set<String> = []
    /// Names bound at the top to `threading.local()`, whose attributes are each thread's own.
    var localNamespaces: Set<String> = []
    /// Names bound at the top to `logging.getLogger(...)`, and the name each logger has.
    var loggers: [String: String] = [:]
    /// The thread-local slot of each attribute of those (`data.x`), by `data.x`.
    var threadLocalSlots: [String: Int32] = [:]
    /// The name the instance made next is given (`account = Account()` at the top: `account`).
    var instanceNameHint: String?
    /// The name the synchronization object made next is given: the name it is assigned to, and
    /// the value whose attribute it becomes (`self.lock = Lock()`).
    var objectNameHint: (name: String, owner: Expression?)?

    /// How many hidden names (`hidden(_:)`) have been made.
    private var hiddenCount = 0

    /// A name no Python program can write (it has a space), unique in the program: a local the
    /// compiler keeps a value in, such as a loop's item inside `pool.map`.
    func hidden(_ what: String) -> String {
        hiddenCount += 1
        return " \(what) \(hiddenCount)"
    }

    /// `logging`'s level and format, as the top-level `logging.basicConfig(...)` sets them
    /// (Python's defaults otherwise).
    var logLevel: Int64 = 30
    /// The levels loggers were given with `setLevel` at the top, by the logger's name.
    var loggerLevels: [String: Int64] = [:]
    var logFormat = "%(levelname)s:%(name)s:%(message)s"
    /// Where the top-level `basicConfig` calls that were read are (any other is reported).
    var loggingConfigs: Set<Int> = []

    /// The round trips to hosts the file names (`# interleave: latency example.com = 30ms`).
    var hostLatencies: [HostLatency] = []
    /// The functions that call a value with so many arguments (a thread whose target is a lambda).
    var trampolines: [Int: FunctionRef] = [:]
    /// Whether the file has a `lambda` at all: without one, no function has cells to look for.
    /// (A plain loop: the standard library's generic `firstRange(of:)` takes milliseconds here.)
    lazy var hasLambdas: Bool = {
        let word = Array("lambda".utf8)
        return file.bytes.withUnsafeBufferPointer { bytes in
            guard bytes.count >= word.count else { return false }
            for start in 0...(bytes.count - word.count) where bytes[start] == word[0] {
                if (1..<word.count).allSatisfy({ bytes[start + $0] == word[$0] }) { return true }
            }
            return false
        }
    }()

    init(file: SourceFile, name: String) {
        self.file = file
        builder = ProgramBuilder(name: name, costedLikeCPython: true)
    }

    /// Compiles `statements`; the program is meaningful only when no error was reported.
    func compile(_ statements: [Statement]) -> Program {
        readSettings()
        declare(statements)
        readLoggingConfig(statements)
        let mainRef = builder.declare("main")
        builder.setMain(mainRef)
        builder.define(mainRef) { f in
            var context = PythonContext(function: "<module>", isMain: true)
            for (name, _) in PythonCompiler.assignedNames(statements) where shared[name] == nil && objects[name] == nil
                && !localNamespaces.contains(name) && loggers[name] == nil
                && functions[name] == nil && context.locals[name] == nil {
                context.locals[name] = f.local()
            }
            makeCells(statements, parameters: [], &f, &context)
            for statement in statements where !objectStatements.contains(statement.span.start) {
                compile(statement, &f, &context)
            }
            f.emit(.push(.none))
            f.emit(.ret)
        }
        for name in functionOrder {
            let (syntax, ref) = functions[name]!
            builder.define(ref) { f in
                var context = PythonContext(function: name, isMain: false)
                if let owner = methodClasses[name] {
                    context.currentClass = owner
                    context.selfName = syntax.parameters.first?.name
                }
                context.globals = PythonCompiler.globalDeclarations(syntax.body)
                for (slot, parameter) in syntax.parameters.enumerated() {
                    context.locals[parameter.name] = f.parameter(slot)
                }
                for (local, _) in PythonCompiler.assignedNames(syntax.body) where context.locals[local] == nil
                    && !context.globals.contains(local) {
                    context.locals[local] = f.local()
                }
                makeCells(syntax.body, parameters: Set(syntax.parameters.map(\.name)), &f, &context)
                compileBlock(syntax.body, &f, &context)
                f.emit(.push(.none))
                f.emit(.ret)
            }
        }
        if statements.isEmpty && !hadSyntaxErrors {
            let end = file.bytes.count
            error(at: Span(end, end), "the program is empty", hint: "write a Python threading program; 'interleave show workers' shows one")
        }
        var program = builder.build()
        program.raisesExceptions = true
        program.hostLatencies = hostLatencies
        return program
    }

    // MARK: The module

    /// Finds the module's imports, functions, objects and shared names before any code is compiled.
    private func declare(_ statements: [Statement]) {
        var bindings: [String: Int] = [:]
        for statement in statements {
            if case .assign(let targets, _) = statement.kind, targets.count == 1, case .name(let name) = targets[0].kind {
                bindings[name, default: 0] += 1
            } else if case .if = statement.kind {
                // A name bound in a top-level `if` block (a pool made under `if __name__ == "__main__":`).
                for inner in PythonCompiler.topLevelBlocks([statement]).dropFirst() {
                    if case .assign(let targets, _) = inner.kind, targets.count == 1, case .name(let name) = targets[0].kind {
                        bindings[name, default: 0] += 1
                    } else if case .if = inner.kind {
                        continue
                    } else {
                        for (name, _) in PythonCompiler.assignedNames([inner]) { bindings[name, default: 0] += 2 }
                    }
                }
            } else {
                for (name, _) in PythonCompiler.assignedNames([statement]) { bindings[name, default: 0] += 2 }
            }
        }
        let declaredGlobal = Set(statements.flatMap { statement -> [String] in
            guard case .function(let function) = statement.kind else { return [] }
            return Array(PythonCompiler.globalDeclarations(function.body))
        })
        for statement in statements {
            if case .assign(let targets, let value) = statement.kind, targets.count == 1, case .name(let name) = targets[0].kind,
               case .integer(let n) = value.kind, bindings[name] == 1, !declaredGlobal.contains(name) {
                moduleConstants[name] = n
            }
        }
        attributeNames = PythonCompiler.attributeTargets(statements)
        let topLevel = Set(statements.map(\.span.start))
        for statement in PythonCompiler.topLevelBlocks(statements) {
            // In a top-level `if` block (`if __name__ == "__main__":`) only pools are declared.
            if !topLevel.contains(statement.span.start) && !PythonCompiler.makesPool(statement, member) { continue }
            switch statement.kind {
            case .pythonImport(let items):
                for item in items { importName(item) }
            case .classDefinition(let definition):
                declareClass(definition)
            case .function(let function):
                if classes[function.name] != nil {
                    error(at: function.nameSpan, "'\(function.name)' is already a class", hint: "rename the function")
                    continue
                }
                if let earlier = functions[function.name] {
                    error(at: function.nameSpan, "function '\(function.name)' is defined twice",
                          hint: "the first definition is on line \(line(of: earlier.syntax.nameSpan)); rename one of them")
                    continue
                }
                checkDefaults(of: function)
                let ref = builder.declare(function.name, parameters: function.parameters.count)
                functions[function.name] = (function, ref)
                functionOrder.append(function.name)
                noteModuleName(function.name)
            case .with(let items, _):
                // `with ThreadPoolExecutor(max_workers=3) as pool:` at the top makes the pool `pool`.
                for item in items {
                    guard case .call(let callee, let arguments) = item.value.kind, case .object(let kind)? = member(callee), kind.isPool else { continue }
                    guard let alias = item.alias else {
                        error(at: item.value.span, "name the executor to use it: 'with ThreadPoolExecutor(...) as pool:'")
                        continue
                    }
                    guard objects[alias.name] == nil else {
                        error(at: alias.span, "'\(alias.name)' already names \(described(alias.name)) made above",
                              hint: "give each executor a name of its own")
                        continue
                    }
                    makeObject(alias.name, kind, arguments, at: item.value.span)
                    withPools.insert(item.value.span.start)
                    noteModuleName(alias.name)
                }
            case .assign(let targets, let value):
                if targets.count == 1, case .name(let name) = targets[0].kind, let made = objectList(name, value) {
                    objectLists[statement.span.start] = made
                    continue
                }
                if targets.count == 1, case .name(let name) = targets[0].kind, case .call(let callee, let arguments) = value.kind,
                   case .local? = member(callee) {
                    if !arguments.isEmpty { error(at: value.span, "threading.local() takes no arguments") }
                    guard bindings[name] == 1 else {
                        error(at: targets[0].span, "'\(name)' is bound again elsewhere; a threading.local() is made once, at the top",
                              hint: "give it a name of its own")
                        continue
                    }
                    localNamespaces.insert(name)
                    objectStatements.insert(statement.span.start)
                    noteModuleName(name)
                    continue
                }
                if targets.count == 1, case .name(let name) = targets[0].kind, case .call(let callee, let arguments) = value.kind,
                   case .logger? = member(callee) {
                    var loggerName = "root"
                    switch arguments.first?.value.kind {
                    case .name("__name__")?: loggerName = "__main__"
                    case .string(let pieces, let holes)? where holes.isEmpty:
                        loggerName = pieces.map { if case .text(let text) = $0 { text } else { "" } }.joined()
                    case nil: break
                    default: error(at: value.span, "getLogger() takes __name__ or a name written out")
                    }
                    guard bindings[name] == 1 else {
                        error(at: targets[0].span, "'\(name)' is bound again elsewhere; a logger is named once, at the top",
                              hint: "give it a name of its own")
                        continue
                    }
                    loggers[name] = loggerName
                    objectStatements.insert(statement.span.start)
                    noteModuleName(name)
                    continue
                }
                guard targets.count == 1, case .name(let name) = targets[0].kind, case .call(let callee, let arguments) = value.kind,
                      case .object(let kind)? = member(callee) else { continue }
                // An object bound once to a name, made with numbers written out, is declared with
                // the program; any other is made as the program runs (a pool must be declared).
                let written = arguments.allSatisfy { argument in
                    switch argument.value.kind {
                    case .integer: return true
                    case .name(let lock): return objects[lock] != nil
                    default: return false
                    }
                }
                guard (bindings[name] == 1 && written) || kind.isPool else { continue }
                guard bindings[name] == 1 else {
                    error(at: targets[0].span, "'\(name)' is bound again elsewhere, so Interleave can't tell which pool it is",
                          hint: "make each pool once, at the top of the file, and give it a name of its own")
                    continue
                }
                objectStatements.insert(statement.span.start)
                makeObject(name, kind, arguments, at: value.span)
                noteModuleName(name)
            default:
                break
            }
        }
        // A module-level name that a function reads, or assigns through `global`, is shared.
        var seen: Set<String> = []
        var functionUses: [String] = []
        for name in functionOrder {
            let body = functions[name]!.syntax.body
            let locals = Set(functions[name]!.syntax.parameters.map(\.name))
                .union(PythonCompiler.assignedNames(body).map(\.0))
                .subtracting(PythonCompiler.globalDeclarations(body))
            for used in PythonCompiler.referencedNames(body) + Array(PythonCompiler.globalDeclarations(body)).sorted()
            where !locals.contains(used) && seen.insert(used).inserted {
                functionUses.append(used)
            }
        }
        let moduleAssigned = Set(PythonCompiler.assignedNames(statements).map(\.0))
        for name in functionUses where (moduleAssigned.contains(name) || declaredGlobal.contains(name))
            && objects[name] == nil && functions[name] == nil && imports[name] == nil && classes[name] == nil
            && !localNamespaces.contains(name) && loggers[name] == nil {
            shared[name] = builder.shared(name, initial: .none)
            noteModuleName(name)
        }
        for (name, _) in PythonCompiler.assignedNames(statements) { noteModuleName(name) }
    }

    /// Notes a module-level name (for suggestions), once.
    func noteModuleName(_ name: String) {
        if noted.insert(name).inserted { moduleNames.append(name) }
    }

    /// Records what an import binds, or reports a module Interleave does not model.
    private func importName(_ item: ImportItem) {
        let module = item.module.name
        guard PythonLibrary.modules.contains(module) else {
            error(at: item.module.span, "Interleave has no module '\(module)'",
                  hint: "it models \(PythonLibrary.modules.prefix(9).joined(separator: ", ")) and a few more; "
                      + "a program that needs another module can't run in the simulator")
            return
        }
        if let name = item.name {
            let qualified = module + "." + name.name
            guard PythonLibrary.members[qualified] != nil || PythonLibrary.modules.contains(qualified)
                    || libraryConstant(qualified) != nil else {
                let known = PythonLibrary.members.keys.filter { $0.hasPrefix(module + ".") }.sorted()
                    .map { String($0.dropFirst(module.count + 1)) }
                error(at: name.span, "Interleave does not model '\(name.name)' from '\(module)'",
                      hint: Suggestions.hint(for: name.name, in: known) ?? (known.isEmpty ? nil : "it models \(known.joined(separator: ", "))"))
                return
            }
            imports[item.bound.name] = qualified
        } else {
            imports[item.bound.name] = item.alias == nil ? item.bound.name : module
        }
    }

    /// The top level's statements, and those of its `if` blocks (`if __name__ == "__main__":`), in order.
    static func topLevelBlocks(_ statements: [Statement]) -> [Statement] {
        statements.flatMap { statement -> [Statement] in
            guard case .if(let branches, let orElse) = statement.kind else { return [statement] }
            return [statement] + topLevelBlocks(branches.flatMap(\.body) + (orElse ?? []))
        }
    }

    /// Whether a statement makes a pool: `pool = Pool(4)` or `with Pool(4) as pool:`.
    static func makesPool(_ statement: Statement, _ member: (Expression) -> PythonLibrary.Member?) -> Bool {
        func isPool(_ expression: Expression) -> Bool {
            guard case .call(let callee, _) = expression.kind, case .object(let kind)? = member(callee) else { return false }
            return kind.isPool
        }
        switch statement.kind {
        case .assign(_, let value): return isPool(value)
        case .with(let items, _): return items.contains { isPool($0.value) }
        default: return false
        }
    }

    /// A constant of the library (`logging.INFO`), by its qualified name.
    func libraryConstant(_ qualified: String) -> Value? {
        // A socket's family and type, with Linux's values.
        let socketConstants: [String: Int64] = ["socket.AF_INET": 2, "socket.AF_INET6": 10, "socket.SOCK_STREAM": 1]
        if let value = socketConstants[qualified] { return .int(value) }
        guard qualified.hasPrefix("logging.") else { return nil }
        return PythonCompiler.loggingLevels[String(qualified.dropFirst("logging.".count))].map { .int($0) }
    }

    /// What a callee (`Lock`, `threading.Lock`, `time.sleep`) is in the library, if it is there.
    func member(_ callee: Expression) -> PythonLibrary.Member? {
        qualifiedName(callee).flatMap { PythonLibrary.members[$0] }
    }

    /// The qualified name an expression stands for through the imports (`th.Lock` → `threading.Lock`).
    func qualifiedName(_ expression: Expression) -> String? {
        switch expression.kind {
        case .name(let name): return imports[name]
        case .attribute(let base, let name, _):
            guard let prefix = qualifiedName(base) else { return nil }
            return prefix + "." + name
        default: return nil
        }
    }

    /// The objects a top-level list of them makes, each named after its place (`forks[2]`): a
    /// list written out (`[Lock(), Lock()]`) or a comprehension over a constant range
    /// (`[Lock() for _ in range(5)]`); nil for any other value.
    private func objectList(_ name: String, _ value: Expression) -> [PythonObject]? {
        var calls: [(kind: PythonObjectKind, arguments: [Argument], span: Span)] = []
        func constructor(_ expression: Expression) -> (PythonObjectKind, [Argument])? {
            guard case .call(let callee, let arguments) = expression.kind, case .object(let kind)? = member(callee) else { return nil }
            return (kind, arguments)
        }
        switch value.kind {
        case .list(let items) where !items.isEmpty:
            for item in items {
                guard let (kind, arguments) = constructor(item) else { return nil }
                calls.append((kind, arguments, item.span))
            }
        case .comprehension(let element, _, _, let iterable, nil, nil):
            guard let (kind, arguments) = constructor(element), case .call(let callee, let range) = iterable.kind,
                  case .name("range") = callee.kind, range.count == 1 else { return nil }
            guard let count = constantInteger(range[0].value) else {
                error(at: range[0].value.span, "Interleave makes a list of objects when the file is read, so its length must be a number written out",
                      hint: "range(5), or a name given a number once at the top: N = 5")
                return []
            }
            guard (1...1_000).contains(count) else {
                error(at: range[0].value.span, "Interleave makes from 1 to 1000 objects in a list like this")
                return []
            }
            calls = Array(repeating: (kind, arguments, element.span), count: Int(count))
        default:
            return nil
        }
        return calls.enumerated().compactMap { index, call in
            makeObject("\(name)[\(index)]", call.kind, call.arguments, at: call.span)
        }
    }

    /// The value of an integer written out, or of a module name bound once, at the top, to one.
    func constantInteger(_ expression: Expression) -> Int64? {
        switch expression.kind {
        case .integer(let n): return n
        case .name(let name): return moduleConstants[name]
        default: return nil
        }
    }

    /// Declares a top-level synchronization object.
    @discardableResult
    private func makeObject(_ name: String, _ kind: PythonObjectKind, _ arguments: [Argument], at span: Span) -> PythonObject? {
        func count(_ label: String, default fallback: Int64?, range: ClosedRange<Int64>) -> Int64 {
            let value = arguments.first(where: { $0.label == label }) ?? arguments.first(where: { $0.label == nil })
            guard let expression = value?.value else {
                if fallback == nil { error(at: span, "\(kind.rawValue)() needs its \(label)") }
                return fallback ?? 1
            }
            guard case .integer(let number) = expression.kind, range.contains(number) else {
                error(at: expression.span, "\(kind.rawValue)'s \(label) must be a whole number from \(range.lowerBound) to \(range.upperBound) written out",
                      hint: "for example \(kind.rawValue)(\(fallback ?? 2))")
                return fallback ?? 1
            }
            return number
        }
        var object: PythonObject
        switch kind {
        case .lock, .rlock:
            object = PythonObject(kind: kind, index: builder.lock(name, kind: kind == .lock ? .lock : .rlock).index)
        case .pool:
            // CPython's default max_workers: the cores plus four (six on the default two cores).
            let workers = count("max_workers", default: 6, range: 1...1024)
            object = PythonObject(kind: kind, index: builder.pool(name, maxWorkers: Int32(workers), catching: true).index)
        case .processPool:
            // Pool()'s default is a worker per core: 0 asks the machine for its cores.
            let workers = count("processes", default: 0, range: 0...1024)
            object = PythonObject(kind: kind, index: builder.pool(name, maxWorkers: Int32(workers), catching: true, processes: true).index)
        default:
            // A library class: what it is made with, as it declares.
            guard let library = kind.library else { return nil }
            switch library.parameter?.value {
            case .lock?:
                var lock: LockRef?
                if let argument = arguments.first {
                    if case .name(let lockName) = argument.value.kind, let named = objects[lockName], named.kind.isLock {
                        lock = LockRef(index: named.index)
                    } else {
                        error(at: argument.value.span, "a \(kind.rawValue) takes a Lock or RLock made above it",
                              hint: "make the lock first: lock = threading.Lock(), then threading.\(kind.rawValue)(lock)")
                    }
                }
                // Without one, it makes an RLock of its own, as Python does.
                let ref = lock ?? builder.lock("\(name).lock", kind: .rlock)
                object = PythonObject(kind: kind, index: builder.declare(library.declared(Int64(ref.index)), named: name),
                                      lock: ref.index)
            case .number(let fallback, let range)?:
                let number = count(library.parameter!.name, default: fallback, range: range)
                object = PythonObject(kind: kind, index: builder.declare(library.declared(number), named: name))
            case nil:
                object = PythonObject(kind: kind, index: builder.declare(library.declared(nil), named: name))
            }
        }
        objects[name] = object
        return object
    }

    /// Reports a parameter's default that is not a constant (Interleave fills defaults in where
    /// a function or method is called).
    func checkDefaults(of function: Function) {
        for (parameter, value) in zip(function.parameters, function.defaults) {
            guard let value, !PythonCompiler.isConstant(value) else { continue }
            error(at: value.span, "the default of '\(parameter.name)' must be a constant here",
                  hint: "use None as the default and set the value in the function")
        }
    }

    /// `# interleave: latency = 80ms` and the like, anywhere in the file's comments.
    private func readSettings() {
        let marker = Array("interleave:".utf8)
        for number in 0..<file.lineCount {
            // Only comment lines that name Interleave are read as text.
            var offset = file.lineStarts[number]
            while offset < file.bytes.count, file.bytes[offset] == UInt8(ascii: " ") { offset += 1 }
            guard offset < file.bytes.count, file.bytes[offset] == UInt8(ascii: "#") else { continue }
            offset += 1
            while offset < file.bytes.count, file.bytes[offset] == UInt8(ascii: " ") { offset += 1 }
            guard file.bytes[offset...].starts(with: marker) else { continue }
            let text = file.lineText(number + 1)
            let line = text.drop(while: { $0 == " " })
            guard line.hasPrefix("#") else { continue }
            let comment = line.dropFirst().drop(while: { $0 == " " })
            guard comment.hasPrefix("interleave:") else { continue }
            let setting = comment.dropFirst("interleave:".count)
            let parts = setting.split(separator: "=", maxSplits: 1).map { String($0).trimmedSpaces }
            let start = file.lineStarts[number]
            let span = Span(start, start + text.utf8.count)
            guard parts.count == 2 else {
                error(at: span, "expected 'setting = value' after '# interleave:'", hint: "for example: # interleave: cores = 4")
                continue
            }
            let (key, value) = (parts[0], parts[1])
            if key.hasPrefix("latency") {
                // `latency = 80ms` for every host; `latency example.com = 30ms` for one.
                let host = String(key.dropFirst("latency".count)).trimmedSpaces
                guard key == "latency" || key.dropFirst("latency".count).first == " ", !host.contains(" ") else {
                    error(at: span, "expected 'latency = <duration>' or 'latency <host> = <duration>'",
                          hint: "for example: # interleave: latency example.com = 30ms")
                    continue
                }
                guard let duration = VirtualDuration.parse(value), duration <= VirtualDuration.s(3600) else {
                    error(at: span, "'latency' takes a duration up to 3600s", hint: "for example: # interleave: latency = 80ms")
                    continue
                }
                if host.isEmpty {
                    settings.latency = duration
                } else {
                    hostLatencies.removeAll { $0.host == host }
                    hostLatencies.append(HostLatency(host: host, latency: duration))
                }
                continue
            }
            switch key {
            case "policy":
                guard Policy.names.contains(value) else {
                    error(at: span, "unknown policy '\(value)'", hint: "Policies: \(Policy.names.joined(separator: ", ")).")
                    continue
                }
                settings.policy = value
            case "cores":
                guard let cores = Int(value), (1...256).contains(cores) else {
                    error(at: span, "'cores' must be a whole number from 1 to 256")
                    continue
                }
                settings.cores = cores
            case "seed":
                guard let seed = UInt64(value) else {
                    error(at: span, "'seed' must be a whole number")
                    continue
                }
                settings.seed = seed
            case "switch_interval", "quantum":
                guard let duration = VirtualDuration.parse(value), duration >= 1, duration <= VirtualDuration.s(3600) else {
                    error(at: span, "'\(key)' takes a duration of more than 0 and at most 3600s", hint: "for example: 5ms")
                    continue
                }
                if key == "quantum" { settings.quantum = duration } else { settings.switchInterval = duration }
            default:
                let keys = ["latency", "policy", "cores", "seed", "switch_interval", "quantum"]
                error(at: span, "unknown setting '\(key)'",
                      hint: (Suggestions.hint(for: key, in: keys).map { $0 + " " } ?? "") + "Settings: \(keys.joined(separator: ", ")).")
            }
        }
    }

    // MARK: Helpers

    func error(at span: Span, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(at: span, message, hint: hint))
    }

    func line(of span: Span) -> Int { file.location(of: span.start).line }

    /// Whether an expression is a literal (a number, text without holes, True, False, None), maybe negated.
    static func isConstant(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .integer, .float, .boolean, .none: return true
        case .string(_, let holes): return holes.isEmpty
        case .unary(.negate, let operand): return isConstant(operand)
        case .tuple(let items), .list(let items): return items.allSatisfy(isConstant)
        default: return false
        }
    }
}

/// Where the compiler is inside a function.
struct PythonContext {
    var function: String
    var isMain: Bool
    /// The function's locals by name (the main function's are the module names no function sees).
    var locals: [String: Local] = [:]
    /// The locals a `lambda` uses: each local's slot holds a cell (``Instruction/makeCell(name:)``)
    /// that the function and its lambdas read and write.
    var cells: Set<String> = []
    /// Names the function declares `global`.
    var globals: Set<String> = []
    /// The enclosing loops, innermost last.
    var loops: [PythonLoop] = []
    /// The `with` and `try` blocks open, innermost last: what leaving each does.
    var withs: [PythonWithExit] = []
    /// The local holding the exception an `except` clause is handling (for a bare `raise`).
    var handling: Local?
    /// The class whose method is being compiled, and the name of its first parameter (`self`).
    var currentClass: String?
    var selfName: String?
}

/// A loop being compiled: where `continue` goes and the `break`s to land after it.
struct PythonLoop {
    var continueTarget: Int32
    var breaks: [FunctionBuilder.ForwardJump] = []
    /// How many `with` blocks were open when the loop began.
    var withDepth: Int
}

/// What leaving a `with` or `try` block early (by `return`, `break` or `continue`) does.
indirect enum PythonWithExit {
    /// A `with` item's exit, behind the handler that runs it when an exception leaves the block.
    case guarded(PythonWithExit)
    case release(ObjectIndex)
    /// A library object's `with` exit: ``Instruction/operate(_:_:_:_:)`` with `method` after
    /// pushing 1, its count (a Semaphore's release).
    case operate(ObjectKind, Method, ObjectIndex)
    /// `with value:` on a value held in a local: its `__exit__`.
    case exit(Local)
    /// `with ThreadPoolExecutor(...) as pool:`: the pool shuts down, and its workers are waited for.
    case shutdown(ObjectIndex)
    /// A `try` block: its handler no longer applies.
    case handler
    /// A `try` with `finally`: the handler that runs it on an exception no longer applies, and
    /// the `finally` block runs.
    case finally([Statement])
}

extension String {
    /// Without leading and trailing spaces.
    var trimmedSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
