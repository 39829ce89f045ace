import InterleaveCore

/// What the event stream says about the run at one point: the summary's figures, each lock's
/// holder and waiters, what each thread waits for, the last write of each shared variable, and the
/// clock. The app shows one of these: the live one, or the one at the event you stepped back to.
struct DomainState: Sendable {
    var summary: Summary
    var names: EventNames
    var locks: LockTable
    /// What each thread waits for and who holds it (nil while it isn't blocked).
    var waits: [(target: WaitTarget, holder: ThreadID)?] = []
    /// The sequence number of each shared variable's last write (for highlighting fresh values).
    var lastWrite: [UInt64?]
    /// The first event of the latest batch: a write at or after it is "just changed".
    var latestBatch: UInt64 = 0
    /// The clock: the last event's time, or later when the engine ran through a quiet stretch.
    var now: VirtualTime = 0

    init(program: Program) {
        summary = Summary(program: program)
        names = EventNames(program: program)
        locks = LockTable(program: program)
        lastWrite = Array(repeating: nil, count: program.shared.count)
    }

    mutating func consume(_ event: Event) {
        summary.consume(event)
        names.observe(event)
        locks.consume(event)
        if case .sharedWrite(let variable, _, _) = event.kind, lastWrite.indices.contains(Int(variable)) {
            lastWrite[Int(variable)] = event.seq
        }
        trackWait(event)
        now = max(now, event.time)
    }

    /// Keeps `waits` in step with the stream: set when a thread blocks, cleared when it moves on.
    private mutating func trackWait(_ event: Event) {
        let t = Int(event.thread)
        if case .threadCreated(let child, _, _, _) = event.kind {
            while waits.count <= Int(child) { waits.append(nil) }
        }
        guard t >= 0 && t < waits.count else { return }
        switch event.kind {
        case .blocked(let target, let holder, _): waits[t] = (target, holder)
        case .woken, .dispatched, .threadFinished, .threadStopped, .lockAcquired: waits[t] = nil
        default: break
        }
    }
}
