import InterleaveCore

/// The parsed form of a scenario: statements and expressions with their places in the source.
///
/// The parser builds it without judging meaning; the compiler resolves names and checks uses.

/// An expression and where it is.
struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case integer(Int64)
        case duration(Int64)
        /// A float literal (Python only).
        case float(Double)
        /// `{key: value, ...}` (Python only).
        case dict([(key: Expression, value: Expression)])
        /// `then if condition else otherwise` (Python only).
        case conditional(then: Expression, condition: Expression, otherwise: Expression)
        case boolean(Bool)
        case none
        case name(String)
        /// Text in quotes; only `print`, `expect` messages and thread names take it.
        case string([StringPiece], holes: [Expression])
        /// `b"ping"` (Python only).
        case bytes(String)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `and` / `or`, which evaluate their right side only when needed.
        case logical(isAnd: Bool, Expression, Expression)
        case call(Expression, [Argument])
        /// `value.name`; `nameSpan` is where the name is.
        case attribute(Expression, String, nameSpan: Span)
        case index(Expression, Expression)
        /// `items[start:end]`, either bound left out (Python only).
        case slice(Expression, start: Expression?, end: Expression?)
        case list([Expression])
        /// `(a, b)`: only thread arguments (`args=(i,)`) take it.
        case tuple([Expression])
        /// `[element for variable in iterable]`, or `[... if condition]` (Python); with a `key`, the
        /// dict comprehension `{key: element for ...}`.
        case comprehension(element: Expression, variable: String, variableSpan: Span, iterable: Expression, condition: Expression?,
                           key: Expression?)
        /// `start f(args)` or `start process f(args)`; the operand is the call.
        case start(Expression, process: Bool)
        /// `lambda: body` (for `wait_for`).
        /// `lambda a, b=1: body` (a scenario's has no parameters).
        case lambda(Expression, parameters: [Parameter], defaults: [Expression?])
        /// Stands in for something that did not parse (already reported).
        case invalid
    }
    var kind: Kind
    var span: Span
}

/// One argument of a call, with its keyword if it has one.
struct Argument: Sendable {
    var label: String?
    var labelSpan: Span?
    var value: Expression
}

/// A statement and where it is.
struct Statement: Sendable {
    indirect enum Kind: Sendable {
        /// `config key = value`.
        case config(key: String, keySpan: Span, value: Expression)
        /// `shared name = value`.
        case shared(name: String, nameSpan: Span, value: Expression)
        case function(Function)
        /// `class Name(Base): body` (Python only).
        case classDefinition(ClassDefinition)
        /// `a = value` or `a, b = value`.
        case assign(targets: [Expression], value: Expression)
        /// `a += value` and friends.
        case augmented(target: Expression, BinaryOperator, value: Expression)
        case expression(Expression)
        case `if`(branches: [Branch], orElse: [Statement]?)
        case `while`(condition: Expression, body: [Statement])
        /// `for variable in iterable:` (`range(...)` or a list).
        case `for`(variable: String, variableSpan: Span, iterable: Expression, body: [Statement])
        /// `repeat count:`.
        case `repeat`(count: Expression, body: [Statement])
        case with(items: [WithItem], body: [Statement])
        case sleep(Expression)
        case compute(Expression)
        case io(Expression)
        /// `join a, b` or `join all` (no targets).
        case join([Expression], all: Bool)
        case print([Argument])
        /// `expect condition` or `expect condition, "message"`.
        case expect(Expression, message: Expression?)
        case `return`(Expression?)
        case global([Parameter])
        /// `import threading` / `from queue import Queue`: the modules named.
        case imports([Parameter])
        /// Python's `import a.b as c` and `from a import b as c`, each name it binds.
        case pythonImport([ImportItem])
        /// `try:` with its `except` clauses, `else` and `finally` (Python only).
        case `try`(body: [Statement], handlers: [ExceptHandler], orElse: [Statement]?, finally: [Statement]?)
        /// `raise E(message)`, `raise E` or a bare `raise` (Python only).
        case raise(Expression?)
        /// A Python statement Interleave does not run yet (`class`, `try`, ...): reported by the compiler.
        case unsupported(String)
        case pass, `break`, `continue`
    }
    var kind: Kind
    var span: Span
}

/// One `if` or `elif` with its body.
struct Branch: Sendable {
    var condition: Expression
    var body: [Statement]
}

/// `def name(parameters): body`.
struct Function: Sendable {
    var name: String
    var nameSpan: Span
    var parameters: [Parameter]
    var body: [Statement]
    /// Each parameter's default value, if it has one (Python only).
    var defaults: [Expression?] = []
}

/// `class Name(bases): body`: its methods (`def`), `pass` and a docstring.
struct ClassDefinition: Sendable {
    var name: String
    var nameSpan: Span
    var bases: [Expression]
    var body: [Statement]
}

/// An `except` clause: the exceptions it catches (none: every one), the name it binds, its body.
struct ExceptHandler: Sendable {
    var types: [Expression]
    var alias: Parameter?
    var body: [Statement]
    var span: Span
}

/// One name a Python import binds: `import module`, `import module as alias`,
/// `from module import name`, `from module import name as alias`.
struct ImportItem: Sendable {
    var module: Parameter
    var name: Parameter?
    var alias: Parameter?

    /// The name it binds in the importing file.
    var bound: Parameter {
        if let alias { return alias }
        if let name { return name }
        // `import a.b` binds `a`.
        let first = module.name.split(separator: ".").first.map(String.init) ?? module.name
        return Parameter(name: first, span: module.span)
    }
}

/// A name written in a declaration, and where.
struct Parameter: Sendable {
    var name: String
    var span: Span
}

/// An item of a `with` statement: what it enters, and the name it binds with `as`, if any.
struct WithItem: Sendable {
    var value: Expression
    var alias: Parameter?
}
