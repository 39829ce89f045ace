import InterleaveCore

/// A moment worth marking on a thread's lane: a lock taken or let go, a shared read or write, a
/// join returning, a wake-up. Drawn instead of the state glyph, zoomed in, where a thread did one
/// or two such things in a column (the more important of the two, by ``priority``).
public enum EventMark: UInt8, Sendable, Hashable, CaseIterable {
    case none
    case acquired
    case released
    case read
    case write
    case joined
    case woken
    /// Set an Event, notified a Condition, released a Semaphore, put on a Queue: it may wake someone.
    case signalled
    /// A failed expectation or a user error.
    case failed
    /// A shared access that races with another thread's (happens-before orders neither first).
    case race
    /// A write that undid another thread's update (based on a stale read).
    case lostUpdate
    /// A thread waiting for the GIL asked its holder to drop it (its switch interval ran out).
    case dropRequested

    /// The mark `event` leaves on its actor's lane.
    public init(_ event: Event) {
        switch event.kind {
        case .lockAcquired: self = .acquired
        case .lockReleased: self = .released
        case .sharedRead: self = .read
        case .sharedWrite: self = .write
        case .joinDone: self = .joined
        case .woken: self = .woken
        case .expectation(_, let passed): self = passed ? .none : .failed
        case .error: self = .failed
        case .race: self = .race
        case .lostUpdate: self = .lostUpdate
        case .gilDropRequested: self = .dropRequested
        // What may wake a waiter (set, notify, release, put, a barrier opening) is declared so in
        // the vocabulary: a new kind of it is marked without a change here.
        default: self = event.kind.tag.group == .signal ? .signalled : .none
        }
    }

    /// Which mark a column shows when a thread did two things in it: a failure first, a lost
    /// update, a race, then lock operations, writes, reads, joins, signals, and wake-ups last.
    public var priority: Int {
        switch self {
        case .none: return 0
        case .dropRequested: return 1
        case .woken: return 1
        case .signalled: return 2
        case .joined: return 3
        case .read: return 4
        case .write: return 5
        case .released: return 6
        case .acquired: return 7
        case .race: return 8
        case .lostUpdate: return 9
        case .failed: return 10
        }
    }

    public var glyph: Character {
        switch self {
        case .none: return " "
        case .acquired: return "["
        case .released: return "]"
        case .read: return "r"
        case .write: return "w"
        case .joined: return "j"
        case .woken: return "^"
        case .signalled: return "!"
        case .failed: return "X"
        case .race: return "≠"
        case .lostUpdate: return "×"
        case .dropRequested: return "↓"
        }
    }

    public var label: String {
        switch self {
        case .none: return ""
        case .acquired: return "took lock"
        case .released: return "let go"
        case .read: return "read"
        case .write: return "write"
        case .joined: return "joined"
        case .woken: return "woken"
        case .signalled: return "signal"
        case .failed: return "failed/error"
        case .race: return "data race"
        case .lostUpdate: return "lost update"
        case .dropRequested: return "GIL drop asked"
        }
    }
}
