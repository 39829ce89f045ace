import InterleaveCore
import InterleaveUI

/// How the view shows an activity: its colour role and a few letters beside the thread's name.
extension ThreadActivity {
    /// The colour role of the activity.
    var role: ColorRole {
        switch self {
        case .running: return .running
        case .ready: return .ready
        case .notStarted, .finished: return .finished
        case .waiting(let category):
            switch category {
            case .gil: return .gilWait
            case .lock: return .lockWait
            case .join: return .joinWait
            // Waiting for a thread it started to begin: brief, and not a join.
            case .start: return .ready
            case .sleep, .io: return .sleeping
            default: return .objectWait
            }
        }
    }

    /// The activity in a few letters, for the column beside the thread's name.
    var shortLabel: String {
        switch self {
        case .running: return "running"
        case .ready: return "ready"
        case .notStarted: return "new"
        case .finished: return "done"
        case .waiting(let category):
            switch category {
            case .gil: return "GIL"
            case .condition: return "cond"
            case .semaphore: return "sem"
            default: return category.label
            }
        }
    }
}
