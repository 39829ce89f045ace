/// Copies of a source taken every `interval` events of its run (for a source whose copy is a
/// snapshot: ``SourceCapabilities/snapshots``), so the source as it was at any event, or at any
/// choice, can be had again quickly: the nearest copy before it, run forward with the run's answers. A copy costs little (the simulator is a value
/// with copy-on-write storage), and going anywhere costs at most `interval` events of running.
public struct SnapshotIndex<Source: EventSource>: Sendable {
    /// The copies, each with how many answers it had been given.
    public private(set) var checkpoints: Checkpoints<Driver<Source>>

    public var interval: UInt64 { checkpoints.interval }

    /// An index for a run that starts as `source`.
    public init(_ source: Source, interval: UInt64 = 65_536) {
        checkpoints = Checkpoints(Driver(source), at: source.eventCount, interval: interval)
    }

    /// Takes a copy if `interval` events passed since the last one. Call it between runs of the
    /// driver (an action boundary), as often as is convenient.
    public mutating func observe(_ driver: Driver<Source>) {
        checkpoints.observe(Driver(driver.source, given: driver.given), events: driver.eventCount)
    }

    /// The source just after it produced event `seq` (at the end of the action that produced it),
    /// and the events from the nearest copy up to that point (the first of them is event number
    /// `source.eventCount - events.count`), given the run's `answers`. Nil if the run never reached
    /// `seq` (it ended first, or waits for an answer it was never given).
    public func source(after seq: UInt64, answers: [Int]) -> (source: Source, events: [Event])? {
        guard var (_, driver) = checkpoints.nearest(atOrBefore: seq) else { return nil }
        driver = Driver(driver.source, answers: answers, given: driver.given)
        var events: [Event] = []
        while driver.eventCount <= seq {
            let wanted = Int(seq + 1 - driver.eventCount)
            switch driver.run(RunLimit(maxEvents: wanted), into: &events) {
            case .finished, .ended:
                return driver.eventCount > seq ? (driver.source, events) : nil
            case .awaitingChoice:
                return nil
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
        return (driver.source, events)
    }

    /// The source waiting for its answer number `k` (from 0), driven with the run's `answers` before
    /// it, and the events from the nearest copy up to then; nil if the run never asked that many.
    public func driver(beforeAnswer k: Int, answers: [Int]) -> (driver: Driver<Source>, events: [Event])? {
        guard k >= 0 && k <= answers.count, var (_, driver) = checkpoints.last(where: { $0.given <= k }) else { return nil }
        driver = Driver(driver.source, answers: Array(answers.prefix(k)), given: driver.given)
        var events: [Event] = []
        while true {
            switch driver.run(RunLimit(maxEvents: 4096), into: &events) {
            case .finished, .ended:
                return nil
            case .awaitingChoice:
                return driver.given == k ? (driver, events) : nil
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
    }

    /// Forgets the copies taken after answer number `k`: a new answer there replaces that future.
    public mutating func truncate(toAnswers k: Int) {
        checkpoints.removeAll { $0.given > k }
    }
}
