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

    /// An event of `program`'s run happened: its actor, and the sleepers its step depends on, wake up.
    mutating func observe(_ event: Event, of program: Program) {
        if case .threadCreated(let child, _, let process, _) = event.kind {
            while processOf.count <= Int(child) { processOf.append(0) }
            processOf[Int(child)] = process
        }
        guard !sleepers.isEmpty else { return }
        let step = footprint(of: event, in: program)
        sleepers.removeAll { $0.thread == event.thread || !$0.step.isIndependent(of: step) }
    }

    /// What `event`'s step touched: what its kind declares it touches (``Event/Kind/touches``).
    private func footprint(of event: Event, in program: Program) -> StepFootprint {
        let t = Int(event.thread)
        let process = t >= 0 && t < processOf.count ? processOf[t] : 0
        return StepFootprint(event.kind.touches, process: process, program: program)
    }
}
