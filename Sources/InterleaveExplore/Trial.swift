import InterleaveCore

/// One schedule of a program, run headless to its end, with the failures it shows.
///
/// A schedule is a seed (the timing noise, and the chooser's random source) and a chooser: the
/// policy's own (random or PCT), or a list of answers, one per choice, where the default (option 0,
/// what a first-come-first-served OS would do) answers every choice past the list's end.
public struct Trial: Sendable {
    public let program: Program
    /// The machine model (policy name, cores, costs) and the seed; the chooser is the trial's.
    public let config: MachineConfig
    /// The kinds of failure that count.
    public let kinds: Set<FailureKind>

    /// The same trial on another configuration.
    public func with(_ config: MachineConfig) -> Trial { Trial(program: program, config: config, kinds: kinds) }

    /// ``kinds`` as bits by rank: read for every failure a run shows, without hashing.
    private let countedRanks: UInt32

    public init(program: Program, config: MachineConfig, kinds: Set<FailureKind> = Set(FailureKind.allCases)) {
        self.program = program
        self.config = config
        self.kinds = kinds
        countedRanks = kinds.reduce(0) { $0 | 1 << UInt32($1.rank) }
    }

    /// A choice point as a systematic search sees it.
    public struct Point: Sendable, Hashable {
        public var kind: ChoiceKind
        /// The threads to choose from.
        public var candidates: [ThreadID]
        public var options: Int { candidates.count }
        public var chosen: Int
        /// The options worth trying, by index: all of them, except at an `order` choice under
        /// sleep sets, where sleeping threads' steps would repeat a run already covered. The first
        /// is the default answer.
        public var awake: [Int]
    }

    /// What a run of one schedule showed.
    public struct Run: Sendable {
        /// Each failure the schedule showed, the first time it showed it, in the order they came.
        public var failures: [Failure] = []
        /// Every choice's answer, in order: the schedule, as a list of answers, that gives this run again.
        public var answers: [Int] = []
        /// The choice points, when asked for.
        public var points: [Point] = []
        public var events: UInt64 = 0
        /// Visible steps run (shared accesses, synchronization, output).
        public var visibleSteps: UInt64 = 0
        /// The lock-order cycles it showed (potential deadlocks: warnings, not failures).
        public var cycles: [[LockOrderEdge]] = []
        /// Under sleep sets: the run reached a choice where every candidate sleeps, so it only
        /// repeats schedules covered already, and was stopped there.
        public var redundant = false

        /// The most severe failure (the first of its kind).
        public var headline: Failure? { failures.min { $0.kind < $1.kind } }
    }

    /// Runs the schedule with the chooser `chooser` (random, PCT, or answered), to its end, or until
    /// failure `target` shows (when given).
    /// With `sleepSets` (answered runs only), a choice past the answers takes the first awake
    /// option, and a run that reaches a choice with none stops as redundant (see ``SleepSet``).
    /// `each` sees every batch of events as it comes (to record the run, say).
    public func run(_ chooser: Policy.Chooser, seed: UInt64, answers: [Int] = [], stopAt target: Failure.Identity? = nil,
                    points wantsPoints: Bool = false, sleepSets: Bool = false,
                    each: ([Event]) -> Void = { _ in }) -> Run {
        var config = self.config
        config.seed = seed
        config.policy.chooser = chooser
        var driver = Driver(Simulation(program: program, config: config), answers: answers)
        var outcome = Run()
        var buffer: [Event] = []
        var sleep = SleepSet()
        /// Each choice's answer: the listed one (within its options), or the first awake option;
        /// nil when every option sleeps (the run would only repeat covered orders).
        func decide(_ request: ChoiceRequest, _ listed: Int?, _ simulation: Simulation) -> Int? {
            var awake = Array(request.options.indices)
            if sleepSets, case .order = request.kind { awake = sleep.awake(request.options) }
            guard let first = awake.first else { return nil }
            let answer = listed.map { min(max(0, $0), request.options.count - 1) } ?? first
            if sleepSets, case .order = request.kind { sleep.chose(answer, of: request.options, in: simulation.machine) }
            if wantsPoints {
                outcome.points.append(Point(kind: request.kind, candidates: request.options, chosen: answer, awake: awake))
            }
            return answer
        }
        while true {
            let status = driver.run(RunLimit(maxEvents: 512), into: &buffer, decide: decide)
            each(buffer)
            // Read in place: most events only pass by, and a copy of each would cost retains.
            for index in buffer.indices {
                if sleepSets { sleep.observe(buffer[index], of: program) }
                if take(buffer[index], into: &outcome, target: target) {
                    outcome.events = buffer[index].seq + 1
                    outcome.visibleSteps = driver.read { $0.machine.visibleStepCount }
                    return outcome
                }
            }
            buffer.removeAll(keepingCapacity: true)
            switch status {
            case .finished, .ended:
                outcome.events = driver.eventCount
                outcome.visibleSteps = driver.read { $0.machine.visibleStepCount }
                return outcome
            case .awaitingChoice:
                // Every option asleep: the rest of this run only repeats orders covered already.
                outcome.redundant = true
                outcome.events = driver.eventCount
                return outcome
            case .budgetExhausted, .reachedTime, .choiceMade:
                continue
            }
        }
    }

    /// Takes `event` into `outcome`: a choice's answer, a lock-order cycle, a failure of a counted
    /// kind the run had not shown. Returns whether it is failure `target`.
    func take(_ event: Event, into outcome: inout Run, target: Failure.Identity?) -> Bool {
        switch event.kind {
        case .choice(_, _, let chosen):
            outcome.answers.append(Int(chosen))
        case .lockOrderCycle(let edges):
            outcome.cycles.append(edges)
        case .race, .lostUpdate, .expectation, .error, .deadlock, .stepLimit:
            // A run shows few failures: a scan finds the first of each.
            guard let failure = Failure.shown(by: event), countedRanks & 1 << UInt32(failure.kind.rank) != 0,
                  !outcome.failures.contains(where: { $0.identity == failure.identity }) else { return false }
            outcome.failures.append(failure)
            return failure.identity == target
        default:
            break
        }
        return false
    }
}
