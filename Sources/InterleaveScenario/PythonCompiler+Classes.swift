import InterleaveCore

/// Python classes: their declarations, making instances, methods and attributes, `threading.Thread`
/// subclasses and exceptions of the program's own.
extension PythonCompiler {
    /// A class of the program, as the compiler knows it.
    struct PythonClass {
        var syntax: ClassDefinition
        var index: Int32
        var kind: ClassDecl.Kind
        /// Its base among the program's classes, if it has one there.
        var base: String?
        /// Its own methods (not its bases'), by name: the syntax and the function.
        var methods: [String: (syntax: Function, ref: FunctionRef)] = [:]
        /// Its class attributes (`count = 0` in its body), by name, and their values, in order.
        var variables: [String: SharedVariable] = [:]
        var initializers: [(name: String, value: Expression)] = []
    }

    /// The key a method is kept under in ``functions``: not a name a program can write.
    static func methodKey(_ className: String, _ method: String) -> String { "\(className).\(method)" }

    /// Declares a class: its base, and its methods as functions (compiled with the others).
    func declareClass(_ definition: ClassDefinition) {
        let name = definition.name
        if classes[name] != nil || functions[name] != nil {
            return error(at: definition.nameSpan, "'\(name)' is defined twice", hint: "rename one of them")
        }
        var kind = ClassDecl.Kind.plain
        var base: String?
        var baseIndex: Int32 = -1
        var baseName = "object"
        if definition.bases.count > 1 {
            error(at: definition.bases[1].span, "a class with more than one base class is not supported",
                  hint: "derive from one class")
        }
        if let written = definition.bases.first {
            let text = file.text(written.span)
            if case .name(let baseClass) = written.kind, let known = classes[baseClass] {
                kind = known.kind
                base = baseClass
                baseIndex = known.index
                baseName = baseClass
            } else if qualifiedName(written) == "threading.Thread" {
                kind = .thread
                baseName = "Thread"
            } else if case .name(let builtin) = written.kind, builtin == "object", imports[builtin] == nil {
                kind = .plain
            } else if let exception = builtinException(written) {
                kind = .exception
                baseName = exception
            } else {
                error(at: written.span, "Interleave can't derive a class from '\(text)'",
                      hint: "a class derives from object, threading.Thread, an exception or a class defined above it")
            }
        }
        var methods: [String: (syntax: Function, ref: FunctionRef)] = [:]
        var order: [ClassDecl.Method] = []
        /// Declares `function` as a method of the class, compiled with the program's functions.
        func addMethod(_ function: Function) {
            let ref = builder.declare(function.name, parameters: function.parameters.count)
            methods[function.name] = (function, ref)
            order.append(ClassDecl.Method(name: nameConstant(function.name), function: ref.index))
            let key = PythonCompiler.methodKey(name, function.name)
            functions[key] = (function, ref)
            functionOrder.append(key)
            methodClasses[key] = name
            methodSignatures[function.name, default: []].append(function)
        }
        var variables: [String: SharedVariable] = [:]
        var declared: [ClassDecl.Variable] = []
        var initializers: [(name: String, value: Expression)] = []
        for statement in definition.body {
            switch statement.kind {
            case .function(let function):
                if kind == .exception {
                    error(at: function.nameSpan, "an exception class with methods is not supported yet",
                          hint: "write 'class \(name)(\(baseName)): pass' and raise it with a message: raise \(name)(\"why\")")
                    continue
                }
                guard !function.parameters.isEmpty else {
                    error(at: function.nameSpan, "method '\(function.name)' needs its instance as its first parameter",
                          hint: "def \(function.name)(self, ...):")
                    continue
                }
                if methods[function.name] != nil {
                    error(at: function.nameSpan, "method '\(function.name)' is defined twice in class '\(name)'")
                    continue
                }
                if function.name.hasPrefix("__") && function.name.hasSuffix("__")
                    && !["__init__", "__enter__", "__exit__"].contains(function.name) {
                    error(at: function.nameSpan, "Interleave does not call a class's \(function.name) yet (only __init__, __enter__ and __exit__)",
                          hint: function.name == "__str__" || function.name == "__repr__"
                              ? "give the class a method that returns the text, and call it: print(task.describe())"
                              : "write the comparison or operation as a method of your own and call it")
                    continue
                }
                checkDefaults(of: function)
                addMethod(function)
            case .pass:
                break
            case .expression(let expression) where { if case .string = expression.kind { true } else { false } }():
                break     // a docstring
            case .assign(let targets, let value):
                guard targets.count == 1, case .name(let attribute) = targets[0].kind, kind != .exception else {
                    error(at: statement.span, kind == .exception ? "an exception class with attributes is not supported yet"
                              : "a class attribute is one name set to a value here: count = 0")
                    continue
                }
                // A class attribute: a shared variable every instance reads when it has none of its own.
                if variables[attribute] == nil {
                    let variable = builder.shared("\(name).\(attribute)", initial: .none)
                    variables[attribute] = variable
                    declared.append(ClassDecl.Variable(name: nameConstant(attribute), variable: variable.index))
                }
                initializers.append((attribute, value))
                attributeNames.insert(attribute)
            default:
                error(at: statement.span, "a class body here holds its methods ('def') and attributes only",
                      hint: "set attributes in the body (count = 0) or in __init__ (self.name = value)")
            }
        }
        if kind == .thread, let run = methods["run"]?.syntax, run.parameters.count != 1 {
            error(at: run.nameSpan, "run() of a Thread subclass takes only self", hint: "def run(self):")
        }
        if kind == .thread && base == nil && methods["run"] == nil {
            // threading.Thread's own run: with no target, it does nothing.
            addMethod(Function(name: "run", nameSpan: definition.nameSpan, parameters: [Parameter(name: "self", span: definition.nameSpan)],
                               body: [], defaults: [nil]))
        }
        let index = builder.addClass(ClassDecl(name: name, base: baseIndex, baseName: baseName, methods: order, kind: kind,
                                               variables: declared))
        classes[name] = PythonClass(syntax: definition, index: index, kind: kind, base: base, methods: methods,
                                    variables: variables, initializers: initializers)
        noteModuleName(name)
    }

    /// The built-in exception a base class expression names (`Exception`, `queue.Empty`), or an
    /// exception class of the program's.
    private func builtinException(_ expression: Expression) -> String? {
        let name: String
        switch expression.kind {
        case .name(let n): name = imports[n].map { String($0.split(separator: ".").last ?? "") } ?? n
        case .attribute(_, let n, _) where qualifiedName(expression) != nil: name = n
        default: return nil
        }
        return PythonCompiler.exceptions.contains(name) ? name : nil
    }

    /// Method `name` of class `className` or its bases: the class that defines it, its syntax and function.
    func findMethod(_ name: String, in className: String) -> (owner: String, syntax: Function, ref: FunctionRef)? {
        var current: String? = className
        var depth = 0
        while let c = current, let known = classes[c], depth < 64 {
            if let found = known.methods[name] { return (c, found.syntax, found.ref) }
            current = known.base
            depth += 1
        }
        return nil
    }

    /// `Class(arguments)`: a new instance, initialized by its `__init__` (and, for a
    /// `threading.Thread` subclass with no `__init__` of its own, its thread made).
    func instantiate(_ known: PythonClass, _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder,
                     _ c: inout PythonContext) {
        let name = known.syntax.name
        if known.kind == .exception {
            error(at: span, "Interleave makes an exception of your own class in a 'raise' only, for now",
                  hint: "raise \(name)(\"what went wrong\")")
            return f.emit(.push(.none))
        }
        let hint = instanceNameHint.map { nameConstant($0) } ?? -1
        instanceNameHint = nil
        f.emit(.instantiate(class: known.index, name: hint))
        if let initializer = findMethod("__init__", in: name) {
            guard let bound = bind(arguments, to: initializer.syntax, at: span, skippingFirst: true) else { return }
            f.emit(.dup)
            for expression in bound { value(expression, &f, &c) }
            f.emit(.call(initializer.ref.index))
            f.emit(.pop)
        } else {
            if let first = arguments.first {
                error(at: first.value.span, "\(name)() takes no arguments (the class has no __init__)")
            }
            if known.kind == .thread {
                f.emit(.dup)
                f.emit(.attachThread(builder.addStart(StartSpec(function: -1))))
            }
        }
    }

    /// `super().__init__(...)`, `super().method(...)` and `Base.method(self, ...)` inside a method:
    /// the base class's method, called on `self` (for `threading.Thread`, its thread made). Nil
    /// when the call is none of these.
    func baseCall(_ callee: Expression, _ arguments: [Argument], at span: Span, _ f: inout FunctionBuilder,
                  _ c: inout PythonContext) -> Bool {
        guard case .attribute(let base, let method, let methodSpan) = callee.kind else { return false }
        var arguments = arguments
        var target: String?     // the class whose method is called; nil for threading.Thread
        var receiver: Expression
        if case .call(let superCallee, let superArguments) = base.kind, case .name("super") = superCallee.kind,
           superArguments.isEmpty, c.locals["super"] == nil {
            guard let className = c.currentClass, let known = classes[className], let first = c.selfName else {
                error(at: base.span, "super() works inside a method of a class")
                f.emit(.push(.none))
                return true
            }
            if known.kind == .thread && known.base == nil {
                target = nil
            } else if let baseClass = known.base {
                target = baseClass
            } else {
                // object's methods: __init__ does nothing.
                if method == "__init__" {
                    f.emit(.push(.none))
                    return true
                }
                error(at: methodSpan, "'\(className)' has no base class with a method '\(method)'")
                f.emit(.push(.none))
                return true
            }
            receiver = Expression(kind: .name(first), span: base.span)
        } else if case .name(let className) = base.kind, classes[className] != nil, c.locals[className] == nil {
            guard let first = arguments.first, first.label == nil else {
                error(at: span, "\(className).\(method)() needs the instance first", hint: "\(className).\(method)(self, ...)")
                f.emit(.push(.none))
                return true
            }
            target = className
            receiver = first.value
            arguments.removeFirst()
        } else if qualifiedName(base) == "threading.Thread", method == "__init__" {
            guard let first = arguments.first, first.label == nil else {
                error(at: span, "threading.Thread.__init__() needs the instance first", hint: "threading.Thread.__init__(self)")
                f.emit(.push(.none))
                return true
            }
            target = nil
            receiver = first.value
            arguments.removeFirst()
        } else {
            return false
        }
        guard let target else {
            // threading.Thread's own __init__: the thread is made, named as the arguments say.
            guard method == "__init__" else {
                error(at: methodSpan, "Interleave calls threading.Thread's __init__ only through super()",
                      hint: "call the thread's methods on self: self.\(method)()")
                f.emit(.push(.none))
                return true
            }
            guard var spec = threadSettings(arguments, allowing: ["group", "name", "daemon"], at: span, &f, &c) else {
                f.emit(.push(.none))
                return true
            }
            spec.function = -1
            value(receiver, &f, &c)
            f.emit(.attachThread(builder.addStart(spec)))
            f.emit(.push(.none))
            return true
        }
        guard let found = findMethod(method, in: target) else {
            if method == "__init__" {
                // object's __init__, or threading.Thread's through a class with none of its own.
                if let known = classes[target], known.kind == .thread {
                    value(receiver, &f, &c)
                    f.emit(.attachThread(builder.addStart(StartSpec(function: -1))))
                }
                f.emit(.push(.none))
                return true
            }
            error(at: methodSpan, "class '\(target)' has no method '\(method)'",
                  hint: Suggestions.hint(for: method, in: methodNames(of: target)))
            f.emit(.push(.none))
            return true
        }
        guard let bound = bind(arguments, to: found.syntax, at: span, skippingFirst: true) else {
            f.emit(.push(.none))
            return true
        }
        value(receiver, &f, &c)
        for expression in bound { value(expression, &f, &c) }
        f.emit(.call(found.ref.index))
        return true
    }

    /// The methods class `className` has, its bases' included.
    func methodNames(of className: String) -> [String] {
        var names: [String] = []
        var current: String? = className
        var depth = 0
        while let c = current, let known = classes[c], depth < 64 {
            names += known.methods.keys.sorted()
            current = known.base
            depth += 1
        }
        return names
    }

    /// `value.method(arguments)` where some class of the program defines `method`: which
    /// class the value is an instance of shows only when the program runs, so the arguments are
    /// put in the places every method of that name takes them (they must agree).
    func userMethodCall(_ base: Expression, _ name: String, _ nameSpan: Span, _ arguments: [Argument], at span: Span,
                        _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        guard let bound = bindMethodArguments(name, nameSpan, arguments, at: span) else { return f.emit(.push(.none)) }
        value(base, &f, &c)
        for expression in bound { value(expression, &f, &c) }
        f.emit(.callMethod(name: nameConstant(name), argc: Int32(bound.count)))
    }

    /// The expressions for a call of the program's methods named `name` (without the instance),
    /// bound by the parameters they share; nil after reporting a mismatch.
    func bindMethodArguments(_ name: String, _ nameSpan: Span, _ arguments: [Argument], at span: Span) -> [Expression]? {
        guard let signatures = methodSignatures[name], let first = signatures.first else { return nil }
        let plain = arguments.allSatisfy { $0.label == nil }
        if plain && !signatures.contains(where: { method in
            let required = method.defaults.dropFirst().filter { $0 == nil }.count
            return (required...(method.parameters.count - 1)).contains(arguments.count)
        }) {
            // No method of that name takes these: the value is another kind (`d.get(k, 0)` on a
            // dict while a class has `get(self, key)`), or the call raises TypeError as it runs.
            return arguments.map(\.value)
        }
        // The same parameters, and the same defaults written out (they are filled in here, not where the method is).
        let agree = signatures.allSatisfy { other in
            other.parameters.map(\.name) == first.parameters.map(\.name)
                && zip(other.defaults, first.defaults).allSatisfy { a, b in
                    a.map { file.text($0.span) } == b.map { file.text($0.span) }
                }
        }
        guard agree || (plain && signatures.allSatisfy { $0.parameters.count == arguments.count + 1 }) else {
            error(at: nameSpan, "classes here define '\(name)' with different parameters or defaults, so Interleave can't tell how to pass these",
                  hint: "give the methods one parameter list and the same defaults, or pass all of a method's arguments by position")
            return nil
        }
        return bind(arguments, to: first, at: span, skippingFirst: true)
    }

    /// Whether some class of the program defines a method `name`.
    func isUserMethod(_ name: String) -> Bool { methodSignatures[name] != nil }

    /// Stores the value on top of the stack into attribute `name` of `base`.
    func storeAttribute(_ base: Expression, _ name: String, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        if let slot = threadLocalSlot(base, name, c) { return f.emit(.storeThreadLocal(slot)) }
        if case .name(let className) = base.kind, c.locals[className] == nil, let known = classes[className] {
            guard let variable = classVariable(name, of: known) else {
                return error(at: base.span, "'\(className).\(name)' is not a class attribute of '\(className)'",
                             hint: "give the class its attributes in its body: \(name) = ...")
            }
            return f.emit(.storeShared(variable.index))
        }
        value(base, &f, &c)
        f.emit(.storeAttribute(nameConstant(name)))
    }

    /// Whether `base` names one of the program's classes (not a local of that name).
    func isClassName(_ base: Expression, _ c: PythonContext) -> Bool {
        if case .name(let name) = base.kind, c.locals[name] == nil, classes[name] != nil { return true }
        return false
    }

    /// The class attribute `name` of a class or of its bases among the program's, if it has one.
    func classVariable(_ name: String, of known: PythonClass) -> SharedVariable? {
        var current: PythonClass? = known
        var depth = 0
        while let found = current, depth < 64 {
            if let variable = found.variables[name] { return variable }
            current = found.base.flatMap { classes[$0] }
            depth += 1
        }
        return nil
    }

    /// Sets a class's attributes to their values where the class is defined, as Python runs its body.
    func initializeClassVariables(_ className: String, _ f: inout FunctionBuilder, _ c: inout PythonContext) {
        guard let known = classes[className] else { return }
        for (name, expression) in known.initializers {
            guard let variable = known.variables[name] else { continue }
            objectNameHint = (className + "." + name, nil)
            value(expression, &f, &c)
            objectNameHint = nil
            f.emit(.storeShared(variable.index))
        }
    }

    /// The thread-local slot of `base.name` when `base` names a `threading.local()`.
    func threadLocalSlot(_ base: Expression, _ name: String, _ c: PythonContext) -> Int32? {
        guard case .name(let namespace) = base.kind, localNamespaces.contains(namespace), c.locals[namespace] == nil else { return nil }
        let key = namespace + "." + name
        if let slot = threadLocalSlots[key] { return slot }
        let slot = builder.threadLocal(key).index
        threadLocalSlots[key] = slot
        return slot
    }

    /// The attributes a program assigns anywhere (`self.balance = ...`, `account.owner += ...`):
    /// reading one of these names on any value reads an instance's attribute first.
    static func attributeTargets(_ statements: [Statement]) -> Set<String> {
        var names: Set<String> = []
        func target(_ expression: Expression) {
            switch expression.kind {
            case .attribute(_, let name, _): names.insert(name)
            case .tuple(let items), .list(let items): items.forEach(target)
            default: break
            }
        }
        func visit(_ statements: [Statement]) {
            for statement in statements {
                switch statement.kind {
                case .assign(let targets, _): targets.forEach(target)
                case .augmented(let t, _, _): target(t)
                case .for(_, _, _, let body), .while(_, let body), .with(_, let body): visit(body)
                case .if(let branches, let orElse):
                    for branch in branches { visit(branch.body) }
                    visit(orElse ?? [])
                case .try(let body, let handlers, let orElse, let final):
                    visit(body)
                    for handler in handlers { visit(handler.body) }
                    visit(orElse ?? [])
                    visit(final ?? [])
                case .function(let function): visit(function.body)
                case .classDefinition(let definition): visit(definition.body)
                default: break
                }
            }
        }
        visit(statements)
        return names
    }
}
