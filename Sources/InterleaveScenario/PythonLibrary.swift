import InterleaveCore

/// The parts of Python's standard library (and `requests`) that Interleave models, declared once:
/// the compiler resolves imports and calls against this table, and its messages list from it.
enum PythonLibrary {
    /// What a qualified name (`threading.Lock`, `time.sleep`) is.
    enum Member: Sendable, Hashable {
        /// A synchronization object made once at the top of the file (`threading.Lock()`).
        case object(PythonObjectKind)
        /// `threading.Thread(...)`, and `multiprocessing.Process(...)` (`process`).
        case thread
        case process
        /// `threading.local()`: attributes each thread sees its own value of.
        case local
        /// `logging.getLogger(name)`: a logger bound at the top.
        case logger
        /// `threading.Timer(interval, function, ...)`.
        case timer
        /// A function the compiler turns into instructions.
        case function(LibraryFunction)
    }

    /// The modules a program may import; `import requests` works although it is not standard.
    static let modules: [String] = [
        "threading", "time", "queue", "random", "requests", "urllib", "urllib.request", "concurrent",
        "concurrent.futures", "multiprocessing", "logging", "socket", "sys", "os",
    ]

    /// Every modelled member, by its qualified name: the engine's own, and the classes the
    /// library's primitives declare (``PythonClass``).
    static let members: [String: Member] = own.merging(
        PythonClass.library.flatMap { library in library.qualifiedNames.map { ($0, Member.object(PythonObjectKind(library.name))) } },
        uniquingKeysWith: { own, _ in own })

    /// The classes the library's primitives declare, by Python's name for each.
    static let classes: [String: PythonClass] = Dictionary(PythonClass.library.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The methods, by Python's names, that give -1 where Python raises an exception (a barrier's
    /// `wait`, which raises `BrokenBarrierError`), as the library's classes declare them.
    static let raisesOnMinusOne: [String: String] = Dictionary(
        PythonClass.library.flatMap { library in
            library.methods.flatMap { method -> [(String, String)] in
                guard case .operate(_, _, _, .raiseOnMinusOne(let exception)) = method.code else { return [] }
                return method.names.map { ($0, exception) }
            }
        }, uniquingKeysWith: { first, _ in first })

    /// The attributes of the library's objects a program may read (`barrier.parties`).
    static let attributes: Set<String> = Set(PythonClass.library.flatMap(\.attributes))

    /// The members the compiler models itself.
    private static let own: [String: Member] = [
        "threading.Lock": .object(.lock), "threading.RLock": .object(.rlock),
        "multiprocessing.Lock": .object(.lock), "multiprocessing.RLock": .object(.rlock),
        "concurrent.futures.ThreadPoolExecutor": .object(.pool), "multiprocessing.Pool": .object(.processPool),
        "concurrent.futures.as_completed": .function(.asCompleted),
        "threading.Thread": .thread, "multiprocessing.Process": .process,
        "multiprocessing.current_process": .function(.currentProcess),
        "threading.local": .local, "threading.Timer": .timer,
        "threading.current_thread": .function(.currentThread), "threading.currentThread": .function(.currentThread),
        "threading.get_ident": .function(.getIdent),
        "threading.active_count": .function(.threads(.count)), "threading.activeCount": .function(.threads(.count)),
        "threading.enumerate": .function(.threads(.list)), "threading.main_thread": .function(.threads(.main)),
        "time.sleep": .function(.sleep), "time.time": .function(.clock), "time.monotonic": .function(.clock),
        "time.perf_counter": .function(.clock),
        "sys.setswitchinterval": .function(.setSwitchInterval), "sys.getswitchinterval": .function(.getSwitchInterval),
        "requests.get": .function(.request), "requests.post": .function(.request),
        "urllib.request.urlopen": .function(.request),
        "socket.socket": .function(.socket), "socket.create_connection": .function(.createConnection),
        "random.random": .function(.random), "random.randint": .function(.randint),
        "random.uniform": .function(.uniform), "random.choice": .function(.choice),
        "logging.basicConfig": .function(.logConfig), "logging.getLogger": .logger,
        "logging.debug": .function(.log(10, "DEBUG")), "logging.info": .function(.log(20, "INFO")),
        "logging.warning": .function(.log(30, "WARNING")), "logging.error": .function(.log(40, "ERROR")),
        "logging.exception": .function(.log(40, "ERROR")), "logging.critical": .function(.log(50, "CRITICAL")),
    ]

    /// The built-in functions the compiler knows, besides the library's.
    static let builtins: [String] = [
        "print", "len", "str", "repr", "int", "float", "abs", "bool", "range", "enumerate",
        "sum", "min", "max", "sorted", "list", "tuple", "any", "all", "zip", "round", "set",
        // Interleave's own: CPU work and blocking I/O of a length, and a check the summary counts.
        "compute", "io", "expect",
    ]
}

/// A function of the modelled library.
enum LibraryFunction: Sendable, Hashable {
    case sleep, clock, currentThread, currentProcess, getIdent, request, random, randint, uniform, choice
    /// `sys.setswitchinterval(seconds)` and `sys.getswitchinterval()`: the GIL's switch interval.
    case setSwitchInterval, getSwitchInterval
    /// `socket.socket(...)` and `socket.create_connection(address)`.
    case socket, createConnection
    /// `threading.active_count()`, `enumerate()` and `main_thread()`.
    case threads(ThreadsQuery)
    /// `logging.basicConfig(...)` (read when the file is compiled), and a logging call at a level.
    case logConfig
    case log(Int64, String)
    /// `concurrent.futures.as_completed(futures)`, in a `for` loop.
    case asCompleted
}

/// The synchronization objects a Python program makes with the library: a lock or a pool (the
/// engine's own), or an object of a class a library primitive declares (``PythonClass``).
struct PythonObjectKind: Sendable, Hashable {
    /// Python's name for its class: `Lock`, `Barrier`.
    let rawValue: String

    init(_ rawValue: String) { self.rawValue = rawValue }

    static let lock = PythonObjectKind("Lock"), rlock = PythonObjectKind("RLock")
    static let pool = PythonObjectKind("ThreadPoolExecutor")
    /// `multiprocessing.Pool`: a pool whose workers are processes.
    static let processPool = PythonObjectKind("Pool")

    /// The class a library primitive declares, for one of its objects.
    var library: PythonClass? { PythonLibrary.classes[rawValue] }

    /// Whether it is a pool of workers (made once, at the top of the file).
    var isPool: Bool { self == .pool || self == .processPool }

    /// Whether it is a Lock or an RLock.
    var isLock: Bool { self == .lock || self == .rlock }

    /// The kind of object it is in the engine.
    var engineKind: ObjectKind { isLock ? .lock : isPool ? .pool : library?.kind ?? .lock }
}

/// A synchronization object of the program, made at the top of the file: its kind and its
/// index among the program's declarations of that kind.
struct PythonObject: Sendable, Hashable {
    var kind: PythonObjectKind
    var index: ObjectIndex
    /// A Condition's lock.
    var lock: ObjectIndex = -1

    /// The object as a value (to pass to a thread, or keep in a list).
    var value: Value { .object(kind.engineKind, index) }
}
