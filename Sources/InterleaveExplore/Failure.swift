import InterleaveCore

/// Something a schedule can do wrong, as `explore` looks for it.
public enum FailureKind: String, Sendable, Hashable, CaseIterable, Comparable {
    // In order of severity, the cause before its effect: a run's report leads with the most severe.
    case deadlock
    case lostUpdate = "lost-update"
    case expectation
    case error
    case race
    case stepLimit = "step-limit"

    /// Its place in the order of severity (0: the most severe).
    public var rank: Int {
        switch self {
        case .deadlock: return 0
        case .lostUpdate: return 1
        case .expectation: return 2
        case .error: return 3
        case .race: return 4
        case .stepLimit: return 5
        }
    }

    public static func < (a: FailureKind, b: FailureKind) -> Bool { a.rank < b.rank }

    /// In words, for a count: "expectation failed", "data race".
    public var noun: String {
        switch self {
        case .expectation: return "failed expectation"
        case .deadlock: return "deadlock"
        case .error: return "error in the program"
        case .lostUpdate: return "lost update"
        case .race: return "data race"
        case .stepLimit: return "step limit"
        }
    }
}

/// One failure of a schedule: what kind, what it is about, and the event that shows it.
public struct Failure: Sendable, Hashable {
    /// What makes two failures the same one, whichever schedule shows it and wherever.
    public struct Identity: Sendable, Hashable {
        public var kind: FailureKind
        /// The expectation, shared variable or user error it is about (0 otherwise).
        public var subject: Int32
        public var error: UserError?
    }

    public var identity: Identity
    /// The event that shows it (a race, a lost update, a failed expectation, a deadlock...).
    public var event: Event

    public var kind: FailureKind { identity.kind }

    /// The failure `event` shows, if it shows one.
    public static func shown(by event: Event) -> Failure? {
        let identity: Identity
        switch event.kind {
        case .expectation(let index, let passed):
            guard !passed else { return nil }
            identity = Identity(kind: .expectation, subject: index)
        case .deadlock: identity = Identity(kind: .deadlock, subject: 0)
        case .error(let error): identity = Identity(kind: .error, subject: 0, error: error)
        case .lostUpdate(let report): identity = Identity(kind: .lostUpdate, subject: report.variable)
        case .race(let report): identity = Identity(kind: .race, subject: report.variable)
        case .stepLimit: identity = Identity(kind: .stepLimit, subject: 0)
        default: return nil
        }
        return Failure(identity: identity, event: event)
    }

    /// In words, naming threads and objects with `names` (which has seen the run up to the event).
    public func describe(_ names: EventNames) -> String {
        switch event.kind {
        case .expectation(let index, _):
            let text = Int(index) < names.program.expectations.count ? names.program.expectations[Int(index)].text : "#\(index)"
            return "expectation failed: expect \(text) (in \(names.thread(event.thread)))"
        case .deadlock(let report):
            guard report.cycle.isEmpty else { return "deadlock: \(names.describe(cycle: report.cycle))" }
            return "deadlock: every thread is blocked and nothing can wake one: "
                + report.blocked.map { "\(names.thread($0.thread)) waits for \(names.describe($0.target))" }.joined(separator: "; ")
        case .error(let error): return "error in \(names.thread(event.thread)): \(names.describe(error))"
        case .lostUpdate(let lost):
            return "lost update on \(names.variable(lost.variable)): \(names.thread(event.thread)) wrote back a value it read at "
                + "#\(lost.readStep), over \(names.thread(lost.overwritten))'s write #\(lost.overwrittenStep)"
        case .race(let race):
            return "data race on \(names.variable(race.variable)): \(names.thread(event.thread))'s \(race.write ? "write" : "read") "
                + "#\(race.step) and \(names.thread(race.other))'s \(race.otherWrite ? "write" : "read") #\(race.otherStep), "
                + "ordered by no synchronization"
        case .stepLimit(let steps):
            return "step limit: the run had not ended after \(steps) steps (an endless loop or a livelock?); "
                + "a lower --max-steps finds such runs sooner"
        default: return names.describe(event.kind)
        }
    }
}
