import InterleaveCore

/// What the event stream says about the run at one point: the world's fold (who does what, who
/// holds what, what waits for what, the names) and the summary's figures, in ``Summary``, and
/// the clock. The app shows one of these: the live one, or the one at the event you stepped back to.
struct DomainState: Sendable {
    var summary: Summary
    /// The first event of the latest batch: a write at or after it is "just changed".
    var latestBatch: UInt64 = 0
    /// The clock: the last event's time, or later when the engine ran through a quiet stretch.
    var now: VirtualTime = 0

    init(program: Program) {
        summary = Summary(program: program)
    }

    /// The world as the events so far say it is.
    var world: World { summary.world }

    /// Folds the next event; returns what it changed that lanes draw.
    mutating func consume(_ event: Event) -> World.Change {
        now = max(now, event.time)
        return summary.consume(event)
    }
}
