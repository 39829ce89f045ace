/// A producer of events: the simulator, a recording, a real process. The view, the recorder, the
/// headless report and `explore` drive one through this seam and read its events, whatever it is.
///
/// A new producer provides its events in order, numbered from 0 without gaps and stamped with
/// their time, in the vocabulary of ``Event/Kind``; says what it can do (``capabilities``); and,
/// if it offers choices, stops at each one (``RunStatus/awaitingChoice(_:)``) until answered.
public protocol EventSource: Sendable {
    /// What the source can do, so that consumers offer only the controls it supports.
    var capabilities: SourceCapabilities { get }
    /// The program whose declarations its events name.
    var program: Program { get }
    /// Events handed out so far: the next event's number.
    var eventCount: UInt64 { get }
    /// The time of its latest event (or later, when its clock moved on without one).
    var now: VirtualTime { get }
    /// Appends its next events, up to `limit`, and says why it stopped.
    mutating func run(_ limit: RunLimit, into events: inout [Event]) -> RunStatus
    /// Answers the choice it is stopped at (``RunStatus/awaitingChoice(_:)``) with option `index`.
    mutating func answer(_ index: Int) throws(ChoiceError)
}

/// What a source can do besides handing out events.
public struct SourceCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Its scheduling choices can be answered from outside: by a person, or a recorded schedule.
    public static let choices = SourceCapabilities(rawValue: 1)
    /// A copy of it is a snapshot: going back is restoring a copy and running it forward (and, with
    /// ``choices``, choosing differently there).
    public static let snapshots = SourceCapabilities(rawValue: 2)
    /// It can be run again from the start with the same answers to the same events, so going back
    /// is running it again (a real process under control).
    public static let rerun = SourceCapabilities(rawValue: 4)
}

/// How far one call of ``EventSource/run(_:into:)`` goes.
public struct RunLimit: Sendable, Hashable {
    /// Stop once at least this many events were produced.
    public var maxEvents: Int
    /// Stop right after the next choice point was decided.
    public var stopAfterChoice: Bool
    /// Stop before anything happens after this virtual time.
    public var untilTime: VirtualTime?

    public init(maxEvents: Int = 4096, stopAfterChoice: Bool = false, untilTime: VirtualTime? = nil) {
        self.maxEvents = maxEvents
        self.stopAfterChoice = stopAfterChoice
        self.untilTime = untilTime
    }
}

/// Why ``EventSource/run(_:into:)`` returned.
public enum RunStatus: Sendable, Hashable {
    case budgetExhausted
    case choiceMade
    case reachedTime
    /// A choice point: answer it with ``EventSource/answer(_:)`` and run again.
    case awaitingChoice(ChoiceRequest)
    case finished(Outcome)
    /// The stream stopped without an end: a recording cut short or saved before the run ended.
    case ended
}

/// A choice point waiting for an outside answer.
public struct ChoiceRequest: Sendable, Hashable {
    public var kind: ChoiceKind
    /// The candidates, in the order the policy sees them (the first is what `fifo` would pick).
    public var options: [ThreadID]
    public init(kind: ChoiceKind, options: [ThreadID]) {
        self.kind = kind
        self.options = options
    }
}

/// An answer that does not fit the pending choice.
public enum ChoiceError: Error, Sendable, Hashable, CustomStringConvertible {
    case noPendingChoice
    case outOfRange(Int, count: Int)
    case notAnOption(ThreadID)

    public var description: String {
        switch self {
        case .noPendingChoice: return "no choice is pending"
        case .outOfRange(let index, let count): return "choice \(index) is out of range: there are \(count) options"
        case .notAnOption(let thread): return "thread \(thread) is not one of the options"
        }
    }
}
