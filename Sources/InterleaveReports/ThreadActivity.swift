import InterleaveCore

/// What a thread is doing at a moment, as timelines draw it: one glyph per activity, so a
/// timeline reads without colour.
public enum ThreadActivity: Sendable, Hashable {
    case notStarted
    case ready
    case running
    case waiting(WaitCategory)
    case finished

    /// Every activity, in the order legends list them.
    public static let all: [ThreadActivity] = [.running, .ready] + WaitCategory.allCases.map { .waiting($0) }
        + [.notStarted, .finished]

    /// A dense index (0 ..< ``count``) for per-activity tables.
    public var index: Int {
        switch self {
        case .running: return 0
        case .ready: return 1
        case .waiting(let category): return 2 + category.rawValue
        case .notStarted: return 2 + WaitCategory.allCases.count
        case .finished: return 3 + WaitCategory.allCases.count
        }
    }

    public static let count = 4 + WaitCategory.allCases.count

    /// The glyph of the plain-text timeline (blank while the thread is not alive).
    public var glyph: Character {
        switch self {
        case .running: return "#"
        case .ready: return "-"
        case .notStarted, .finished: return " "
        case .waiting(let category):
            switch category {
            case .gil: return "g"
            case .lock: return "L"
            case .join: return "J"
            case .start: return ">"
            case .flag: return "E"
            case .condition: return "C"
            case .semaphore: return "S"
            case .barrier: return "B"
            case .queue: return "Q"
            case .sleep: return "z"
            case .io: return "i"
            }
        }
    }

    /// The activity in words, for legends.
    public var label: String {
        switch self {
        case .running: return "running"
        case .ready: return "ready"
        case .notStarted: return "not started"
        case .finished: return "finished"
        case .waiting(let category):
            switch category {
            case .gil: return "waiting for the GIL"
            case .sleep: return "sleeping"
            case .io: return "in I/O"
            case .start: return "starting a thread"
            default: return "waiting: \(category.label)"
            }
        }
    }
}
