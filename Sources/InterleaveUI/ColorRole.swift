/// What a cell's colour means. Widgets name roles; only the terminal backend turns them into
/// colour pairs, and in monochrome it shows them with attributes or not at all, so nothing on
/// screen depends on colour alone.
public enum ColorRole: UInt8, Sendable, Hashable, CaseIterable {
    /// Ordinary text.
    case text
    /// Less important text: axes, separators, hints.
    case dim
    case header
    case statusBar
    /// The selected row or item.
    case selection
    /// A value that just changed.
    case highlight
    /// Deadlocks, failed expectations and errors.
    case alarm
    /// Passed expectations and finished runs.
    case success

    // Thread states.
    case running
    case ready
    case gilWait
    case lockWait
    case joinWait
    /// Waiting on an Event, Condition, Semaphore, Barrier or Queue.
    case objectWait
    case sleeping
    case finished
    /// A lock or GIL held (the holders' lanes, the inspector).
    case lockHeld
    /// A thread the user may pick at a manual choice.
    case candidate
    /// Something that may go wrong without having gone wrong yet: a data race, a lock-order cycle.
    case warning

    // A thread's letter (before its name, in the lock and GIL lanes): threads take these in turn,
    // so a letter keeps its colour wherever it stands.
    case tag0, tag1, tag2, tag3, tag4, tag5

    /// The roles threads' letters take in turn.
    public static let tags: [ColorRole] = [.tag0, .tag1, .tag2, .tag3, .tag4, .tag5]
}

extension ColorRole {
    /// The attributes that stand in for the colour where it carries meaning, when there is none
    /// (NO_COLOR, --no-color, a monochrome terminal): bars, the selection, choices and alarms in
    /// reverse video, fresh values and running threads in bold.
    public var monochrome: Cell.Attributes {
        switch self {
        case .header, .statusBar, .selection, .alarm, .candidate: return .reverse
        case .highlight, .running, .warning, .tag0, .tag1, .tag2, .tag3, .tag4, .tag5: return .bold
        case .dim: return .dim
        default: return []
        }
    }
}
