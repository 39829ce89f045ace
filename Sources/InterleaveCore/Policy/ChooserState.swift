/// The state of the policy's chooser: its random generator and, for PCT, thread priorities and
/// change points. The simulator's machine and a real process under Interleave's schedule choose
/// through it alike.
public struct ChooserState: Sendable, Hashable {
    var rng: SplitMix64
    /// PCT priority of each thread, by thread id (higher runs first).
    var pctPriority: [UInt64] = []
    /// PCT change points: visible-step numbers at which the running thread's priority drops, ascending.
    var changePoints: [UInt64] = []
    var nextChange = 0

    public init(policy: Policy, seed: UInt64, pctSteps: UInt64) {
        rng = SplitMix64(seed: seed)
        if case .pct(let depth) = policy.chooser {
            let span = max(1, pctSteps)
            changePoints = (0..<max(0, depth - 1)).map { _ in 1 + rng.next() % span }.sorted()
        }
    }

    /// Gives a new thread its PCT priority: a random one above every change-point priority.
    public mutating func threadCreated(_ id: ThreadID, policy: Policy) {
        guard case .pct = policy.chooser else { return }
        while pctPriority.count <= Int(id) { pctPriority.append(0) }
        pctPriority[Int(id)] = (rng.next() >> 2) | (1 << 61)
    }

    /// Called at each visible step; at a change point, the stepping thread drops below everyone.
    public mutating func visibleStep(_ step: UInt64, thread: ThreadID) {
        while nextChange < changePoints.count && changePoints[nextChange] <= step {
            if changePoints[nextChange] == step, Int(thread) < pctPriority.count {
                pctPriority[Int(thread)] = UInt64(changePoints.count - nextChange)
            }
            nextChange += 1
        }
    }

    /// The option `chooser` picks among `options` (at least two), or nil when the answer must come
    /// from outside (``Policy/Chooser/manual``). `priority` is a thread's fixed priority.
    public mutating func pick(_ options: [ThreadID], by chooser: Policy.Chooser, priority: (ThreadID) -> Int = { _ in 0 }) -> Int? {
        switch chooser {
        case .fifo:
            return 0
        case .priority:
            return Self.highest(options, priority)
        case .random:
            return rng.below(options.count)
        case .pct:
            let priorities = pctPriority
            return Self.highest(options) { id in
                Int(id) < priorities.count ? priorities[Int(id)] : 0
            }
        case .manual:
            return nil
        }
    }

    /// The index of the option with the greatest key; the first one on ties.
    private static func highest<Key: Comparable>(_ options: [ThreadID], _ key: (ThreadID) -> Key) -> Int {
        var best = 0
        var bestKey = key(options[0])
        for i in 1..<options.count {
            let k = key(options[i])
            if k > bestKey {
                best = i
                bestKey = k
            }
        }
        return best
    }
}
