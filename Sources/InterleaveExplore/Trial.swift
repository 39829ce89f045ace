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

    public init(program: Program, config: MachineConfig, kinds: Set<FailureKind> = Set(FailureKind.allCases)) {
        self.program = program
        self.config = config
        self.kinds = kinds
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
        /// The run could not be made (a real process that would not start): it showed nothing.
        public var unstarted = false

        /// The most severe failure (the first of its kind).
        public var headline: Failure? { failures.min { $0.kind < $1.kind } }
    }

    /// Takes `event` into `outcome`: a choice's answer, a lock-order cycle, a failure of a counted
    /// kind the run had not shown. Returns whether it is failure `target`.
    static func take(_ event: Event, into outcome: inout Run, counting kinds: Set<FailureKind>, target: Failure.Identity?) -> Bool {
        switch event.kind {
        case .choice(_, _, let chosen):
            outcome.answers.append(Int(chosen))
        case .lockOrderCycle(let edges):
            outcome.cycles.append(edges)
        case .race, .lostUpdate, .expectation, .error, .deadlock, .stepLimit:
            // A run shows few failures: a scan finds the first of each.
            guard let failure = Failure.shown(by: event), kinds.contains(failure.kind),
                  !outcome.failures.contains(where: { $0.identity == failure.identity }) else { return false }
            outcome.failures.append(failure)
            return failure.identity == target
        default:
            break
        }
        return false
    }
}

extension Trial: ScheduleRunner {
    public func source(_ chooser: Policy.Chooser, seed: UInt64) -> Simulation? {
        var config = self.config
        config.seed = seed
        config.policy.chooser = chooser
        return Simulation(program: program, config: config)
    }

    public func close(_ source: Simulation) {}

    public func visibleSteps(of source: Simulation) -> UInt64 { source.machine.visibleStepCount }

    public func withPCTSteps(_ steps: UInt64) -> Trial {
        var config = self.config
        config.pctSteps = steps
        return with(config)
    }
}
