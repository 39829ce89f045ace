/// A class of Python's library whose instances a ``Primitive`` runs (`threading.Barrier`): what a
/// Python program may write with it, declared in the primitive's file so that the Python
/// compiler reads it rather than knowing each class itself.
///
/// The compiler makes an object bound once at the top of the file with the program (its
/// argument written out), and any other as the program runs (``Instruction/make(_:name:owned:)``).
/// A method of an object bound at the top, called without arguments, compiles to the
/// instructions its ``PythonMethod`` says; any other call is the object's method as a value, which
/// the primitive's ``Primitive/call(_:_:_:in:)`` runs.
public struct PythonClass: Sendable {
    /// Python's name for the class, in messages: `Barrier`.
    public var name: String
    /// Where a program finds it: `threading.Barrier`, `multiprocessing.Barrier`.
    public var qualifiedNames: [String]
    /// What ``Instruction/make(_:name:owned:)`` makes: set where ``library`` gathers the classes
    /// (read it, and ``kind``, from there; a primitive's own list does not know its place).
    public internal(set) var made = MadeClass.lock
    /// What it is made with, if anything.
    public var parameter: PythonParameter?
    /// What is not modelled of how it is made, said when a program passes more (`action=`).
    public var unsupported: String?
    /// Its methods, in the order messages list them.
    public var methods: [PythonMethod]
    /// The attributes a program may read (`barrier.parties`), which the primitive's
    /// ``Primitive/attribute(_:_:in:)`` gives when the program runs.
    public var attributes: [String]
    /// What `with object:` does, if the class takes `with`.
    public var with: PythonWith?
    /// The exceptions its methods raise that are not built in, each with its base
    /// (`BrokenBarrierError`, a `RuntimeError`).
    public var exceptions: [String: String]
    /// The spec of an object bound at the top, from its argument written out: the number (nil
    /// when it is not given and the parameter has no fallback to give), or the index of the lock
    /// a Condition is made with (always given: without one, the compiler makes its RLock first).
    public var declared: @Sendable (Int64?) -> ObjectSpec

    /// A class found as `name` in each of `modules`.
    public init(_ name: String, in modules: [String], parameter: PythonParameter? = nil,
                unsupported: String? = nil, methods: [PythonMethod], attributes: [String] = [], with: PythonWith? = nil,
                exceptions: [String: String] = [:],                 declared: @escaping @Sendable (Int64?) -> ObjectSpec) {
        self.init(name, names: modules.map { "\($0).\(name)" }, parameter: parameter, unsupported: unsupported,
                  methods: methods, attributes: attributes, with: with, exceptions: exceptions, declared: declared)
    }

    /// A class found by the qualified `names` (`queue.SimpleQueue` is a Queue here).
    public init(_ name: String, names: [String], parameter: PythonParameter? = nil,
                unsupported: String? = nil, methods: [PythonMethod], attributes: [String] = [], with: PythonWith? = nil,
                exceptions: [String: String] = [:],                 declared: @escaping @Sendable (Int64?) -> ObjectSpec) {
        self.name = name
        self.qualifiedNames = names
        self.parameter = parameter
        self.unsupported = unsupported
        self.methods = methods
        self.attributes = attributes
        self.with = with
        self.exceptions = exceptions
        self.declared = declared
    }

    /// The kind of object its instances are.
    public var kind: ObjectKind { made.kind }

    /// Its method called `name` (by any of its names).
    public func method(_ name: String) -> PythonMethod? { methods.first { $0.names.contains(name) } }

    /// Every class the library's primitives declare, in the order of their kinds, each with what
    /// makes it: its kind, and its place among its primitive's classes.
    public static let library: [PythonClass] = ObjectKind.allCases.flatMap { kind in
        (kind.primitive?.python ?? []).enumerated().map { variant, declared in
            var library = declared
            library.made = MadeClass(kind, variant: UInt8(variant))
            return library
        }
    }
}

/// What a library class is made with: one parameter.
public struct PythonParameter: Sendable {
    public enum Value: Sendable {
        /// A whole number in `range`; `fallback` when it is not given (nil: it must be).
        case number(fallback: Int64?, range: ClosedRange<Int64>)
        /// A Lock or RLock (a Condition's); a new RLock of its own when it is not given.
        case lock
    }
    /// Its name, as a keyword: `parties`.
    public var name: String
    public var value: Value

    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }
}

/// A method of a library class, and what it compiles to on an object bound at the top.
public struct PythonMethod: Sendable {
    /// What a call of it compiles to.
    public enum Code: Sendable {
        /// ``Instruction/operate(_:_:_:_:)`` with `method` (after pushing the argument named `count`,
        /// or 1, when it takes one), then what `then` says.
        case operate(Method, WaitMode, count: String? = nil, then: Then = .pushed)
        /// The method of the lock the object is made with (a Condition's `acquire` and `release`).
        case lock(Method)
        /// Always the method of the object as a value, which the primitive runs.
        case value
        /// A call needs arguments: the message says what is missing.
        case needs(String)
    }

    /// What follows the operation, so that the call leaves what Python's method returns.
    public enum Then: Sendable {
        /// The operation pushes it.
        case pushed
        /// Python's method returns None, or True (a wait that waits as long as it takes).
        case returnsNone, returnsTrue
        /// The operation pushes -1 where Python raises `exception` (a broken barrier).
        case raiseOnMinusOne(String)
        /// The operation pushes a success flag; Python raises `exception` when it is false
        /// (`queue.Empty` from `get_nowait()`).
        case raiseUnlessTrue(String)
    }

    /// Its names: the first is Python's, the rest older spellings (`notifyAll`).
    public var names: [String]
    public var code: Code

    public init(_ names: String..., code: Code) {
        self.names = names
        self.code = code
    }

    /// Python's name for it.
    public var name: String { names[0] }
}

/// What `with object:` does with a library object.
public enum PythonWith: Sendable {
    /// Takes and gives back the lock the object is made with (a Condition).
    case lock
    /// Runs ``Instruction/operate(_:_:_:_:)`` with `enter`, and with `exit` (after pushing 1,
    /// its count) when the block is left (a Semaphore's acquire and release).
    case operate(enter: Method, exit: Method)
}
