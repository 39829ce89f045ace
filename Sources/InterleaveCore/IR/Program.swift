/// A compiled scenario: code for every function plus the declarations the code refers to.
///
/// Built by the scenario compiler or, in Swift, by ``ProgramBuilder``. Immutable once built;
/// every machine running it shares it.
public struct Program: Sendable, Hashable {
    /// The scenario's name, shown in headers and summaries.
    public var name: String
    /// All functions' code, one array; each function starts at its ``FunctionDecl/entry``.
    public var code: [Instruction]
    public var functions: [FunctionDecl]
    /// The function the main thread runs.
    public var main: Int32
    public var shared: [SharedDecl]
    public var threadLocals: [String]
    public var locks: [LockDecl]
    /// The library objects it declares (Events, Conditions, Semaphores, Barriers, Queues), by
    /// kind (``ObjectKind/rawValue``), each kind's in the order of their indices.
    public private(set) var objects: [[ObjectDecl]] = Array(repeating: [], count: ObjectKind.allCases.count)
    /// `concurrent.futures.ThreadPoolExecutor`s.
    public var pools: [PoolDecl]
    public var starts: [StartSpec]
    public var formats: [PrintFormat]
    public var expectations: [ExpectationDecl]
    /// Whether mistakes raise Python's exceptions (`ZeroDivisionError`, `IndexError`), as a
    /// Python program's do, rather than being reported with a stand-in value, as a scenario's are.
    public var raisesExceptions = false
    /// The classes of a Python program (`class Account:`), which ``Instruction/instantiate(class:name:)`` makes instances of.
    public var classes: [ClassDecl] = []
    /// Objects the code refers to as constants (text): each process's heap starts with them, so
    /// `.ref(i)` for `i < constants.count` is constant `i`.
    public var constants: [HeapObject] = []
    /// The source line each instruction of ``code`` came from (0 where there is none); empty
    /// for programs built without a source.
    public var lines: [Int32] = []
    /// What each instruction of ``code`` costs in virtual time, in nanoseconds (a Python
    /// program's, from ``CPythonCosts``); empty when every instruction costs the configuration's
    /// ``MachineConfig/instructionCost``.
    public var costs: [UInt32] = []
    /// The network's round trip to the hosts the program names (`# interleave: latency
    /// example.com = 30ms`); any other host's is ``MachineConfig/latency``.
    public var hostLatencies: [HostLatency] = []
    /// What ran the program, when its events come from a real process ("CPython 3.11.7"): they
    /// were observed, not simulated, and its times are real ones. Nil for a simulated program.
    public var observed: String?
    /// Whether that real process ran under Interleave's schedule (one thread at a time, the
    /// policy's choices, virtual time), rather than on its own.
    public var controlled = false

    public init(
        name: String, code: [Instruction], functions: [FunctionDecl], main: Int32,
        shared: [SharedDecl] = [], threadLocals: [String] = [], locks: [LockDecl] = [],
        objects: [ObjectDecl] = [], pools: [PoolDecl] = [], starts: [StartSpec] = [],
        formats: [PrintFormat] = [], expectations: [ExpectationDecl] = []
    ) {
        self.name = name
        self.code = code
        self.functions = functions
        self.main = main
        self.shared = shared
        self.threadLocals = threadLocals
        self.locks = locks
        self.pools = pools
        self.starts = starts
        self.formats = formats
        self.expectations = expectations
        for object in objects { declare(object) }
    }

    /// The program of a run observed in a real process: it declares nothing (its objects are made
    /// as it runs) and has no code of its own to simulate.
    public static func observed(_ name: String, by interpreter: String, controlled: Bool = false) -> Program {
        var program = Program(name: name, code: [], functions: [], main: 0)
        program.observed = interpreter
        program.controlled = controlled
        return program
    }

    /// Whether its events' times are the real clock's (a real process watched), not virtual ones.
    public var realTime: Bool { observed != nil && !controlled }

    /// The library objects of `kind` the program declares.
    public func declared(_ kind: ObjectKind) -> [ObjectDecl] { objects[Int(kind.rawValue)] }

    /// Declares a library object; its index among the objects of its kind.
    @discardableResult
    public mutating func declare(_ object: ObjectDecl) -> ObjectIndex {
        // Locks and shared variables have declarations of their own (`locks`, `shared`).
        precondition(![.lock, .variable].contains(object.spec.kind), "a \(object.spec.kind.word) is not declared as a library object")
        let kind = Int(object.spec.kind.rawValue)
        objects[kind].append(object)
        return ObjectIndex(objects[kind].count - 1)
    }
}

/// A library object a program declares: its name, and what makes it (as for one the program
/// makes as it runs, ``ObjectSpec``).
public struct ObjectDecl: Sendable, Hashable {
    public var name: String
    public var spec: ObjectSpec
    public init(name: String, _ spec: ObjectSpec) {
        self.name = name
        self.spec = spec
    }
}

/// The network's round trip to one host.
public struct HostLatency: Sendable, Hashable {
    public var host: String
    public var latency: VirtualTime
    public init(host: String, latency: VirtualTime) {
        self.host = host
        self.latency = latency
    }
}

/// A class of a Python program: its name, its base among the program's classes, its methods,
/// and whether it is a `threading.Thread` or an exception.
public struct ClassDecl: Sendable, Hashable {
    /// A method: its name (a text constant) and the function that runs it (the instance is its first argument).
    public struct Method: Sendable, Hashable {
        public var name: Int32
        public var function: Int32
        public init(name: Int32, function: Int32) {
            self.name = name
            self.function = function
        }
    }
    public enum Kind: UInt8, Sendable, Hashable {
        case plain
        /// A `threading.Thread` subclass: each instance has a thread, which runs the `run` method.
        case thread
        /// An exception (its instances are the engine's exceptions, named after the class).
        case exception
    }
    /// A class attribute (`count = 0` in the class body): its name (a text constant) and the
    /// shared variable that holds it, which every instance reads when it has no attribute of that name.
    public struct Variable: Sendable, Hashable {
        public var name: Int32
        public var variable: Int32
        public init(name: Int32, variable: Int32) {
            self.name = name
            self.variable = variable
        }
    }
    public var name: String
    /// Its base class among the program's, or -1.
    public var base: Int32
    /// Its base class's name (`object`, `Thread`, `ValueError`, or one of the program's classes).
    public var baseName: String
    public var methods: [Method]
    public var kind: Kind
    public var variables: [Variable]

    public init(name: String, base: Int32 = -1, baseName: String = "object", methods: [Method] = [], kind: Kind = .plain,
                variables: [Variable] = []) {
        self.name = name
        self.base = base
        self.baseName = baseName
        self.methods = methods
        self.kind = kind
        self.variables = variables
    }
}

/// A function: where its code starts, how many arguments it takes and how many local slots it uses.
public struct FunctionDecl: Sendable, Hashable {
    public var name: String
    public var entry: Int32
    /// Arguments occupy the first `arity` local slots.
    public var arity: Int32
    /// Local slots, arguments included.
    public var localCount: Int32

    public init(name: String, entry: Int32, arity: Int32, localCount: Int32) {
        self.name = name
        self.entry = entry
        self.arity = arity
        self.localCount = localCount
    }
}

/// A shared variable and its initial value (each process starts from this value).
public struct SharedDecl: Sendable, Hashable {
    public var name: String
    public var initial: Value
    public init(name: String, initial: Value = 0) {
        self.name = name
        self.initial = initial
    }
}

/// A mutual-exclusion lock.
public struct LockDecl: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable {
        /// `threading.Lock`: not reentrant, any thread may release it, unfair (a releaser may barge back in).
        case lock
        /// `threading.RLock`: owned and counted; only the owner may release it.
        case rlock
        /// A FIFO lock: release hands it straight to the longest waiter.
        case fair
    }
    public var name: String
    public var kind: Kind
    public init(name: String, kind: Kind = .lock) {
        self.name = name
        self.kind = kind
    }
}

/// `concurrent.futures.ThreadPoolExecutor(max_workers)`: work submitted to it runs on up to
/// `maxWorkers` worker threads, made as work comes (`ThreadPoolExecutor-N_k`), each running
/// `worker`, a function of the program that takes work and runs it until the pool shuts down.
public struct PoolDecl: Sendable, Hashable {
    public var name: String
    public var maxWorkers: Int32
    /// The function its worker threads run.
    public var worker: Int32
    /// Whether each worker is a process of its own (`multiprocessing.Pool`), which gets copies
    /// of the work's arguments and gives back a copy of its result.
    public var processes: Bool

    /// `maxWorkers` 0 is one worker per core of the machine that runs it.
    public init(name: String, maxWorkers: Int32, worker: Int32, processes: Bool = false) {
        self.name = name
        self.maxWorkers = maxWorkers
        self.worker = worker
        self.processes = processes
    }
}

/// What a `create` instruction starts: a thread or a process running a function.
public struct StartSpec: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable {
        case thread
        /// A process: its own GIL and its own copy of the shared variables; talks through queues.
        case process
        /// A `threading.Timer`: a thread whose first argument is the Event `cancel()` sets.
        case timer
    }
    public var function: Int32
    public var kind: Kind
    /// Whether the thread is a daemon; nil inherits the creating thread's flag, as in Python.
    public var daemon: Bool?
    /// Fixed priority for the `priority` policy (higher runs first); 0 by default.
    public var priority: Int32
    /// A name to show; the engine makes one from the function when nil.
    public var name: String?
    /// A name with holes (`"worker-{i}"`), filled from values pushed after the arguments;
    /// used instead of ``name`` when set.
    public var nameFormat: PrintFormat?
    /// Whether the function calls its first argument with the rest (a thread whose target is a
    /// lambda or a function held as a value): the thread is named after that value's function.
    public var callsValue = false

    public init(function: Int32, kind: Kind = .thread, daemon: Bool? = nil, priority: Int32 = 0, name: String? = nil,
                nameFormat: PrintFormat? = nil) {
        self.function = function
        self.kind = kind
        self.daemon = daemon
        self.priority = priority
        self.name = name
        self.nameFormat = nameFormat
    }
}

/// A print statement or f-string: literal text with holes for values.
public struct PrintFormat: Sendable, Hashable {
    public enum Piece: Sendable, Hashable {
        case text(String)
        /// A value as `str()` shows it.
        case value
        /// A value shown with Python's format mini-language (`{x:>5}`, `{x:.2f}`) or as `repr()`
        /// (`{x!r}`, an empty spec).
        case formatted(spec: String, repr: Bool)
    }
    public var pieces: [Piece]
    /// Whether the line ends after the text (false for Python's `print(..., end="")`: what comes
    /// next continues the line).
    public var endsLine = true
    public var holeCount: Int {
        pieces.reduce(0) { count, piece in
            if case .text = piece { return count }
            return count + 1
        }
    }
    public init(_ pieces: [Piece]) { self.pieces = pieces }

    /// Parses `"Worker {} started"` style text: each `{}` (or `{name}`) is a hole.
    public init(template: String) {
        var pieces: [Piece] = []
        var literal = ""
        var index = template.startIndex
        while index < template.endIndex {
            let char = template[index]
            if char == "{", let close = template[index...].firstIndex(of: "}") {
                if !literal.isEmpty { pieces.append(.text(literal)) }
                literal = ""
                pieces.append(.value)
                index = template.index(after: close)
            } else {
                literal.append(char)
                index = template.index(after: index)
            }
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        self.pieces = pieces
    }
}

/// An `expect` statement: the text shown when it passes or fails.
public struct ExpectationDecl: Sendable, Hashable {
    public var text: String
    /// The line of the scenario it is written on (0 when built without a source).
    public var line: Int32
    public init(text: String, line: Int32 = 0) {
        self.text = text
        self.line = line
    }
}
