/// How the simulated machine schedules: the machine model (GIL or not, where a thread may be
/// preempted) together with the chooser that answers every choice point.
///
/// The named policies (`rr`, `priority`, `random`, `pct`, `gil`, `gil-legacy`, `free`, `manual`)
/// are presets; ``manual(over:)`` keeps any preset's machine model and hands every decision to an
/// outside chooser, which is how a UI (or a replay of recorded choices) drives a run.
public struct Policy: Sendable, Hashable {
    /// Whether threads of one process need a global interpreter lock to run, and where they can give it up.
    public enum GILModel: UInt8, Sendable, Hashable {
        /// No GIL: threads of a process run truly in parallel.
        case none
        /// CPython 3.10+: the holder gives it up at loop back-edges, calls and blocking operations.
        case modern
        /// CPython 3.9 and before: the holder may give it up between any two instructions.
        case legacy
    }

    /// Who answers choice points.
    public enum Chooser: Sendable, Hashable {
        /// The first option: the longest-ready thread, the earliest step, the first waiter.
        case fifo
        /// The option with the highest thread priority; ties go to the first option.
        case priority
        /// A seeded uniform choice.
        case random
        /// Probabilistic concurrency testing (Burckhardt et al., 2010) with bug depth `depth`.
        case pct(depth: Int)
        /// An outside chooser: the engine stops and waits for an answer.
        case manual
    }

    /// The preset it is (or is made from).
    public var preset: Preset
    /// The preset's name as the command line knows it.
    public var name: String { preset.rawValue }
    public var gil: GILModel
    public var chooser: Chooser
    /// Every visible step of a running thread is a choice point when other threads wait for a core.
    public var preemptAtVisibleSteps: Bool
    /// A thread that becomes ready preempts a running thread of lower priority at once.
    public var priorityPreemption: Bool
    /// Which visible steps on different cores are concurrent, so that their order is a choice.
    public var ordering: Ordering

    /// How visible steps on different cores are ordered.
    public enum Ordering: UInt8, Sendable, Hashable {
        /// By time; only steps at the very same nanosecond are a choice (a deterministic OS model).
        case byTime
        /// Steps within ``MachineConfig/concurrencyWindow`` of each other are a choice (the
        /// hardware does not order memory operations that close together).
        case window
        /// Any running threads' visible steps are a choice, whatever their times (testing schedulers).
        case unbounded
    }

    public init(_ preset: Preset, gil: GILModel, chooser: Chooser, preemptAtVisibleSteps: Bool = false,
                priorityPreemption: Bool = false, ordering: Ordering = .window) {
        self.preset = preset
        self.gil = gil
        self.chooser = chooser
        self.preemptAtVisibleSteps = preemptAtVisibleSteps
        self.priorityPreemption = priorityPreemption
        self.ordering = ordering
    }

    /// Round-robin time slicing on C cores, no GIL; deterministic.
    public static let rr = Policy(.rr, gil: .none, chooser: .fifo, ordering: .byTime)
    /// Fixed priorities, preemptive, no GIL; deterministic.
    public static let priority = Policy(.priority, gil: .none, chooser: .priority, priorityPreemption: true,
                                        ordering: .byTime)
    /// A seeded random choice at every choice point, including a possible switch at every visible step.
    public static let random = Policy(.random, gil: .none, chooser: .random,
                                      preemptAtVisibleSteps: true, ordering: .unbounded)
    /// The PCT depths a run may have (a scenario's `config depth`, `--depth`, a recording's header).
    public static let pctDepths: ClosedRange<Int> = 1...1000

    /// PCT with bug depth `depth` (3 by default).
    public static func pct(depth: Int = 3) -> Policy {
        Policy(.pct, gil: .none, chooser: .pct(depth: max(1, depth)),
               preemptAtVisibleSteps: true, ordering: .unbounded)
    }
    /// CPython 3.10+ with its GIL; which waiter gets the GIL or a lock is the OS's (seeded) decision.
    public static let gil = Policy(.gil, gil: .modern, chooser: .random)
    /// CPython 3.9 and before: a GIL switch may fall between any two instructions.
    public static let gilLegacy = Policy(.gilLegacy, gil: .legacy, chooser: .random)
    /// Free-threaded Python (or native threads): no GIL, true parallelism, seeded hardware and OS nondeterminism.
    public static let free = Policy(.free, gil: .none, chooser: .random)

    /// The same machine model as `base`, with every choice answered from outside.
    public static func manual(over base: Policy = .rr) -> Policy {
        var policy = base
        policy.preset = .manual
        policy.chooser = .manual
        return policy
    }

    /// The same machine model and name as `base`, with every choice answered from outside: how a
    /// recorded or explored schedule is run again (``Machine/answer(_:)`` gives each choice).
    public static func answered(_ base: Policy) -> Policy {
        var policy = base
        policy.chooser = .manual
        return policy
    }

    /// The named policies, in the order help shows them and the view's `P` steps through them.
    public enum Preset: String, Sendable, Hashable, CaseIterable {
        case gil
        case gilLegacy = "gil-legacy"
        case free
        case rr
        case priority
        case random
        case pct
        /// Manual: a decision at every visible step, as in The Deadlock Empire.
        case manual

        /// The policy, with PCT's bug depth `pctDepth`.
        public func policy(pctDepth: Int = 3) -> Policy {
            switch self {
            case .gil: return .gil
            case .gilLegacy: return .gilLegacy
            case .free: return .free
            case .rr: return .rr
            case .priority: return .priority
            case .random: return .random
            case .pct: return .pct(depth: pctDepth)
            case .manual: return .manual(over: .random)
            }
        }
    }

    /// The names the command line accepts, in the order help shows them.
    public static var names: [String] { Preset.allCases.map(\.rawValue) }

    /// The preset called `name`, or nil.
    public static func named(_ name: String, pctDepth: Int = 3) -> Policy? {
        Preset(rawValue: name)?.policy(pctDepth: pctDepth)
    }
}
