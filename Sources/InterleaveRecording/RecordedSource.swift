import InterleaveCore

/// A recording as a producer: it hands out the recorded events as they were, with no choices to
/// answer (the run they record already made them). A copy is a snapshot (it is a position in the
/// recorded events), so going back in it costs nothing.
public struct RecordedSource: EventSource {
    public let program: Program
    public let events: [Event]
    /// The next event to hand out.
    public private(set) var position = 0

    /// The events of `recording`, naming `program`'s declarations (the scenario it carries, compiled).
    public init(_ recording: Recording, program: Program) {
        self.program = program
        events = recording.events
    }

    public var capabilities: SourceCapabilities { [.snapshots] }
    public var eventCount: UInt64 { UInt64(position) }
    public var now: VirtualTime { position > 0 ? events[position - 1].time : 0 }

    public mutating func run(_ limit: RunLimit, into out: inout [Event]) -> RunStatus {
        let stop = position + min(max(1, limit.maxEvents), events.count - position)
        if limit.untilTime == nil && !limit.stopAfterChoice {
            // Nothing to stop at inside the batch: hand it out whole (all of it, shared rather than copied).
            if position == 0 && stop == events.count && out.isEmpty {
                out = events
            } else {
                out.append(contentsOf: events[position..<stop])
            }
            position = stop
        }
        while position < stop {
            let event = events[position]
            if let until = limit.untilTime, event.time > until { return .reachedTime }
            out.append(event)
            position += 1
            if case .choice = event.kind, limit.stopAfterChoice { return .choiceMade }
        }
        guard position == events.count else { return .budgetExhausted }
        if case .finished(let outcome)? = events.last?.kind { return .finished(outcome) }
        return .ended
    }

    public mutating func answer(_ index: Int) throws(ChoiceError) {
        throw .noPendingChoice
    }
}
