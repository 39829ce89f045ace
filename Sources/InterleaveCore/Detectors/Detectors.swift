/// The detectors that watch a machine's events as they are made: data races and lost updates
/// (``RaceDetector``) and the lock-order graph (``LockOrderGraph``). What they find is emitted as
/// events right after the event that revealed it. (Deadlocks are found by the machine itself,
/// from its wait-for graph.)
struct Detectors: Sendable {
    var races = RaceDetector()
    var lockOrder = LockOrderGraph()
    /// Findings waiting to be emitted.
    var findings: [Event.Kind] = []

    /// Whether `kind` can matter to a detector; the others are skipped at no cost.
    @inline(__always)
    static func watches(_ kind: Event.Kind) -> Bool {
        switch kind {
        case .dispatched, .preempted, .choice, .gilAcquired, .gilReleased, .gilDropRequested, .printed,
             .expectation, .error, .race, .lostUpdate, .lockOrderCycle, .deadlock, .stepLimit, .finished,
             .threadFinished, .threadStopped, .lockFailed:
            return false
        default:
            return true
        }
    }

    /// Shows the detectors an event about to be emitted (number `seq`, by `thread`).
    @inline(never)
    mutating func observe(_ kind: Event.Kind, thread: ThreadID, seq: UInt64) {
        races.observe(kind, thread: thread, seq: seq, into: &findings)
        switch kind {
        case .lockAcquired, .lockReleased, .blocked(.lock, _, _): lockOrder.observe(kind, thread: thread, seq: seq, into: &findings)
        default: break
        }
    }
}
