import InterleaveCore

/// A synchronization object declared at the top level of a scenario.
struct ObjectRef: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable {
        case lock = "Lock", rlock = "RLock", fairLock = "FairLock", flag = "Event", condition = "Condition"
        case semaphore = "Semaphore", boundedSemaphore = "BoundedSemaphore", barrier = "Barrier", queue = "Queue"
        case pool = "ThreadPoolExecutor"
    }
    var kind: Kind
    /// Index among the program's objects of that family (locks, events, ...).
    var index: ObjectIndex
    var name: String
    /// A condition's lock.
    var lock: ObjectIndex = -1

    /// How diagnostics name it: `Lock 'fork'`.
    var described: String { "\(kind.rawValue) '\(name)'" }

    /// The methods scenarios may call on it, for suggestions.
    var methods: [String] {
        switch kind {
        case .lock, .rlock, .fairLock: return ["acquire", "release"]
        case .flag: return ["set", "clear", "wait", "is_set"]
        case .condition: return ["acquire", "release", "wait", "wait_for", "notify", "notify_all"]
        case .semaphore, .boundedSemaphore: return ["acquire", "release"]
        case .barrier: return ["wait"]
        case .queue: return ["put", "get", "put_nowait", "get_nowait"]
        case .pool: return ["submit", "map", "shutdown"]
        }
    }
}

/// What a name means at the top level of a scenario.
enum Global {
    case shared(SharedVariable)
    case object(ObjectRef)
    case function
    /// `data = threading.local()`: `data.x` is a thread-local variable.
    case threadLocalNamespace
}

/// What a name means inside a function being compiled.
enum LocalBinding {
    /// A number (or thread handle) in a local slot.
    case value(Local)
    /// A list handle in a local slot.
    case list(Local)
    /// A parameter bound to an object for this instance of the function.
    case object(ObjectRef)
    /// A parameter of a function compiled only to check it (never called): its kind is unknown.
    case unknown(Local)
}

/// What compiling an expression left on the stack.
enum ValueType: Equatable {
    case int
    case list
    /// Nothing (a call that gives no value).
    case void
    /// An error was reported; the stack is not meaningful.
    case invalid
}

/// How one argument of a function instance is bound.
enum ArgumentKind: Hashable {
    case value
    case list
    case object(ObjectRef)
}

/// One compiled copy of a scenario function: object arguments are fixed per instance.
struct InstanceKey: Hashable {
    var function: String
    var arguments: [ArgumentKind]
}

/// The state of the function being compiled.
struct Context {
    var function: String
    var isMain: Bool
    /// Compiled only for its diagnostics (a function nobody calls): its code is thrown away.
    var checkOnly: Bool
    var locals: [String: LocalBinding] = [:]
    var loops: [Loop] = []
    /// Locks and semaphores held by the enclosing `with` blocks, innermost last.
    var withs: [WithItem] = []
    /// The list of threads this function started, when it uses `join all`.
    var started: Local?

    init(function: String, isMain: Bool, checkOnly: Bool = false) {
        self.function = function
        self.isMain = isMain
        self.checkOnly = checkOnly
    }

    /// A loop being compiled: where `break` and `continue` go.
    struct Loop {
        var breaks: [FunctionBuilder.ForwardJump] = []
        var continues: [FunctionBuilder.ForwardJump] = []
        /// The loop's top, for a `while` (continue jumps back); nil for counted loops.
        var top: Int32?
        /// How many `with` blocks were open when the loop began.
        var withDepth: Int
    }

    /// What a `with` block releases when it ends, or when a jump leaves it.
    enum WithItem {
        case lock(ObjectIndex)
        case semaphore(ObjectIndex)
        /// An executor: shut down (waiting for its work) when the block ends.
        case pool(ObjectIndex)
    }
}
