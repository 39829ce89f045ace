/// What a thread is doing at a moment: the state the world fold tracks, timelines draw and the
/// summary charges time to.
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

    /// Every activity by its ``index``.
    public static let byIndex: [ThreadActivity] = all.sorted { $0.index < $1.index }

    /// Whether the thread has started and not finished.
    public var isAlive: Bool {
        switch self {
        case .notStarted, .finished: return false
        default: return true
        }
    }
}
