/// A value as a virtual thread holds it: on its operand stack, in a local, a shared variable, a
/// queue or a future.
///
/// Numbers, truth values, `None`, threads and futures are held directly; everything else (text,
/// lists, tuples, responses) lives on the process's heap (``HeapObject``) and is held by its
/// index there. `Value` is a plain value with no references, so copying a thread's stack costs
/// no reference counting.
public enum Value: Sendable, Hashable {
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case none
    /// A thread, by its id: what `Thread(...)` and `start f()` make.
    case thread(ThreadID)
    /// A `concurrent.futures.Future`, by its number.
    case future(Int32)
    /// A synchronization object of the program (a Lock, an Event, a Queue, ...): its kind and
    /// its index among the program's declarations of that kind.
    case object(ObjectKind, ObjectIndex)
    /// An object on the heap of the holder's process, by its index there.
    case ref(Int32)

    /// The value as a 64-bit integer where Python would take it as one: an int, a bool (0 or 1)
    /// or a float cut towards zero; nil for anything else.
    @inlinable
    public var integer: Int64? {
        switch self {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .float(let value): return value.isFinite && abs(value) < 9.2e18 ? Int64(value) : nil
        default: return nil
        }
    }

    /// The value as a number, for arithmetic that mixes ints and floats.
    @inlinable
    public var number: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .bool(let value): return value ? 1 : 0
        case .float(let value): return value
        default: return nil
        }
    }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// An object on a process's heap: what a ``Value/ref(_:)`` points at.
public enum HeapObject: Sendable, Hashable {
    case text(String)
    case list([Value])
    case tuple([Value])
    /// A set: its items, each once, in the order they were added.
    case set([Value])
    /// A dict: its keys and their values, in the order the keys were first put in.
    case dict(keys: [Value], values: [Value])
    /// An exception: its kind (`ValueError`, `Empty`) and its message.
    case exception(name: String, message: String)
    /// What `requests.get` and `urlopen` return: a status code, a body and the URL asked for.
    case response(status: Int64, body: String, url: String)
    /// Bytes (`b"ping"`, `text.encode()`, what a socket receives), held as their UTF-8 text.
    case bytes(String)
    /// A socket of `socket.socket()`.
    case socket(NetworkSocket)
    /// An instance of one of the program's classes.
    case instance(Instance)
    /// A method bound to its instance (`account.deposit`): calling it calls `function` with the
    /// instance first.
    case boundMethod(function: Int32, receiver: Value)
    /// A `lambda`: its function, the values of the enclosing function's locals it uses (its
    /// first arguments) and the values of its parameters' defaults (for its last parameters).
    case closure(function: Int32, captured: [Value], defaults: [Value])

    /// Python's type name for it, for messages.
    public var typeName: String {
        switch self {
        case .text: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .set: return "set"
        case .dict: return "dict"
        case .exception(let name, _): return name
        case .response: return "Response"
        case .bytes: return "bytes"
        case .socket: return "socket"
        case .instance: return "object"
        case .boundMethod: return "method"
        case .closure: return "function"
        }
    }
}

/// A socket of the modelled network. Its peer is an echo server: what is sent comes back one
/// round trip later; asked for more when nothing is on its way, it closes (`recv` gets `b''`).
public struct NetworkSocket: Sendable, Hashable {
    /// The host it is connected to; nil before `connect`.
    public var host: String?
    /// The round trip to that host.
    public var latency: VirtualTime = 0
    /// What was sent and not yet received back, and when its last part arrives.
    public var echo: String = ""
    public var arrival: VirtualTime = 0
    public var closed = false

    public init() {}
}

/// An instance of a class of the program: its class, its name (for its attributes' names), its
/// attributes, each a shared variable of its own, and, for a `threading.Thread` subclass, its thread.
public struct Instance: Sendable, Hashable {
    /// One attribute: its name (a text constant) and its shared variable.
    public struct Field: Sendable, Hashable {
        public var name: Int32
        public var variable: Int32
    }
    public var classIndex: Int32
    public var name: String
    public var fields: [Field] = []
    /// The thread of a `threading.Thread` subclass's instance, once `Thread.__init__` made it; -1 before.
    public var thread: ThreadID = -1

    public init(classIndex: Int32, name: String) {
        self.classIndex = classIndex
        self.name = name
    }
}
