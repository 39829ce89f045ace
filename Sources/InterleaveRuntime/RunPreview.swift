import InterleaveCore

/// How long a run lasts, learnt before it is shown by running a copy of its source ahead (within a
/// budget of events, answering its choices as listed and then with the first candidate): what the
/// view fits its first screen to.
public struct RunPreview: Sendable, Hashable {
    /// The time of the run's last event, or of the last one within the budget.
    public var length: VirtualTime
    /// Whether the run ended within the budget (else ``length`` is only how far it got).
    public var complete: Bool

    public init(length: VirtualTime, complete: Bool) {
        self.length = length
        self.complete = complete
    }

    /// The events a preview runs at most: a fraction of a second of a release build's engine.
    public static let budget = 200_000

    /// Runs a copy of `source` ahead, giving `answers` to its first choices.
    public static func of<Source: EventSource>(_ source: Source, answers: [Int] = [], budget: Int = RunPreview.budget) -> RunPreview {
        var driver = Driver(source, answers: answers)
        var events: [Event] = []
        var made = 0
        while made < budget {
            events.removeAll(keepingCapacity: true)
            let status = driver.run(RunLimit(maxEvents: min(1 << 14, budget - made)), into: &events) { _, listed, _ in listed ?? 0 }
            made += events.count
            switch status {
            case .finished, .ended:
                return RunPreview(length: driver.read(\.now), complete: true)
            case .awaitingChoice:
                return RunPreview(length: driver.read(\.now), complete: false)
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
        return RunPreview(length: driver.read(\.now), complete: false)
    }
}
