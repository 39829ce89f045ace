/// The broad kind of a wait, as timelines and summaries group them.
public enum WaitCategory: Int, Sendable, Hashable, CaseIterable, Comparable {
    case gil, lock, join, start, flag, condition, semaphore, barrier, queue, future, sleep, io

    public static func < (a: WaitCategory, b: WaitCategory) -> Bool { a.rawValue < b.rawValue }

    public var label: String {
        switch self {
        case .gil: return "GIL"
        case .lock: return "lock"
        case .join: return "join"
        case .start: return "start"
        case .flag: return "event"
        case .condition: return "condition"
        case .semaphore: return "semaphore"
        case .barrier: return "barrier"
        case .queue: return "queue"
        case .future: return "future"
        case .sleep: return "sleep"
        case .io: return "I/O"
        }
    }
}

extension WaitTarget {
    public var category: WaitCategory {
        switch self {
        case .gil: return .gil
        case .lock: return .lock
        case .join: return .join
        case .start: return .start
        case .flag: return .flag
        case .condition: return .condition
        case .semaphore: return .semaphore
        case .barrier: return .barrier
        case .queueGet, .queuePut, .queueJoin, .work: return .queue
        case .future, .futures: return .future
        case .sleep: return .sleep
        case .io: return .io
        }
    }
}
