/// The kinds of object a program declares, which events and instructions name by their index
/// among the declarations of that kind.
public enum ObjectKind: UInt8, Sendable, Hashable, CaseIterable {
    case lock
    /// `threading.Event` (called a flag here, since "event" is the stream's).
    case flag
    case condition
    case semaphore
    case barrier
    case queue
    /// A shared variable.
    case variable
    case expectation
    /// A `concurrent.futures.ThreadPoolExecutor`.
    case pool
    /// A function of the program.
    case function
    /// A `concurrent.futures.Future`: made as the run goes (by `submit`), not declared.
    case future

    /// The word for one, in messages and names: `lock`, `Event`.
    public var word: String {
        switch self {
        case .lock: return "lock"
        case .flag: return "event"
        case .condition: return "condition"
        case .semaphore: return "semaphore"
        case .barrier: return "barrier"
        case .queue: return "queue"
        case .variable: return "shared"
        case .expectation: return "expectation"
        case .pool: return "pool"
        case .function: return "function"
        case .future: return "future"
        }
    }
}

/// What a step touches that another thread's step might too: two steps whose touches are
/// independent give the same result in either order.
public enum Touches: Sendable, Hashable {
    /// Nothing another thread's step reads (scheduling, a finding, a check).
    case nothing
    /// Threads coming and going, the GIL, errors, the end: every other step depends on it.
    case everything
    /// One object, read or written.
    case object(ObjectKind, Int32, write: Bool)
    /// Printed output.
    case output
}

extension ObjectSpec {
    /// The kind of object the spec makes.
    public var kind: ObjectKind {
        switch self {
        case .lock: return .lock
        case .flag: return .flag
        case .condition: return .condition
        case .semaphore: return .semaphore
        case .barrier: return .barrier
        case .queue: return .queue
        case .variable: return .variable
        }
    }
}
