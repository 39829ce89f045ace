import InterleaveCore

/// How `explore` picks the schedules to try.
public enum Strategy: Sendable, Hashable {
    /// Schedule i: every choice random, from seed S + i (the seed also moves the timing noise).
    case random
    /// Schedule i: probabilistic concurrency testing with bug depth `depth`, from seed S + i.
    case pct(depth: Int)
    /// Depth first at seed S: with a bound, every schedule with at most `preemptions` choices
    /// that differ from the default; without one (nil), every order of dependent steps, each run
    /// once or so (dynamic partial-order reduction, ``PartialOrderSearch``).
    case dfs(preemptions: Int?)

    /// The name the command line uses.
    public var name: String {
        switch self {
        case .random: return "random"
        case .pct: return "pct"
        case .dfs: return "dfs"
        }
    }
}
