import InterleaveCore

/// Sleep sets (Godefroid, 1996): the partial-order reduction of depth-first search.
///
/// At an `order` choice (whose visible step goes first), once the search has tried thread A's
/// step first, trying B's first next puts A to sleep: A's step would give a run it has already
/// covered (B, A ... is A, B ... when the two steps are independent) until something dependent on
/// A's step happens. Sleeping threads are not tried first again; a choice where every candidate
/// sleeps starts no new run at all. A thread wakes when it acts, or when a step dependent on its
/// pending one (the same object, not both reads) is made.
///
/// In this engine it is an approximation, so `explore` uses it only when asked (`--reduce`):
/// - running the later of two cores first moves the clock on, which can shift later timers and
///   sleeps by the difference, so the two orders are not always the same run;
/// - the two orders leave the cores' clocks apart, so the defaults after them differ, and the
///   equivalent schedule may need more departures from the default than the bound allows.
struct SleepSet: Sendable {
    private var sleepers: [(thread: ThreadID, step: StepFootprint)] = []
    private var processOf: [ProcessID] = []
    let program: Program

    init(program: Program) { self.program = program }

    /// The options of an `order` choice that are awake, by index.
    func awake(_ options: [ThreadID]) -> [Int] {
        options.indices.filter { i in !sleepers.contains { $0.thread == options[i] } }
    }

    /// Option `answer` of an `order` choice goes first: the awake options before it (tried
    /// already) join the sleepers, and those whose steps depend on its step wake up.
    mutating func chose(_ answer: Int, of options: [ThreadID], in machine: Machine) {
        let step = machine.nextStep(of: options[answer])
        for i in awake(options) where i < answer {
            sleepers.append((options[i], machine.nextStep(of: options[i])))
        }
        sleepers.removeAll { $0.thread == options[answer] || !$0.step.isIndependent(of: step) }
    }

    /// An event happened: its actor, and the sleepers its step depends on, wake up.
    mutating func observe(_ event: Event) {
        if case .threadCreated(let child, _, let process, _) = event.kind {
            while processOf.count <= Int(child) { processOf.append(0) }
            processOf[Int(child)] = process
        }
        guard !sleepers.isEmpty else { return }
        let step = footprint(of: event)
        sleepers.removeAll { $0.thread == event.thread || !$0.step.isIndependent(of: step) }
    }

    /// What `event`'s step touched, in the terms of ``StepFootprint``.
    private func footprint(of event: Event) -> StepFootprint {
        let t = Int(event.thread)
        let process = t >= 0 && t < processOf.count ? processOf[t] : 0
        switch event.kind {
        case .sharedRead(let v, _): return StepFootprint(.shared, v, write: false, process: process)
        case .sharedWrite(let v, _, _): return StepFootprint(.shared, v, write: true, process: process)
        case .lockAcquired(let l, _), .lockReleased(let l, _), .lockFailed(let l), .blocked(.lock(let l), _):
            return StepFootprint(.lock, l, write: true)
        case .eventSet(let e, _), .eventCleared(let e), .eventWaitDone(let e, _): return StepFootprint(.event, e, write: true)
        case .conditionNotified(let k, _), .conditionWaitDone(let k, _):
            let lock = Int(k) < program.conditions.count ? program.conditions[Int(k)].lock : -1
            return StepFootprint(.lock, lock, write: true)
        case .semaphoreAcquired(let s, _), .semaphoreReleased(let s, _), .semaphoreFailed(let s):
            return StepFootprint(.semaphore, s, write: true)
        case .barrierArrived(let b, _), .barrierPassed(let b), .barrierBroken(let b): return StepFootprint(.barrier, b, write: true)
        case .queuePut(let q, _, _), .queueGot(let q, _, _), .queueFailed(let q, _): return StepFootprint(.queue, q, write: true)
        case .printed: return StepFootprint(.output, 0, write: true)
        // Scheduling, detectors' findings and checks touch nothing another step reads.
        case .dispatched, .preempted, .woken, .choice, .blocked, .expectation, .race, .lostUpdate, .lockOrderCycle:
            return .local
        // Threads coming and going, the GIL, errors and the end: dependent on everything.
        default: return .global
        }
    }
}
