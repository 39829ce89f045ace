/// The state of the policy's chooser: its random generator and, for PCT, thread priorities and change points.
struct ChooserState: Sendable, Hashable {
    var rng: SplitMix64
    /// PCT priority of each thread, by thread id (higher runs first).
    var pctPriority: [UInt64] = []
    /// PCT change points: visible-step numbers at which the running thread's priority drops, ascending.
    var changePoints: [UInt64] = []
    var nextChange = 0

    init(policy: Policy, seed: UInt64, pctSteps: UInt64) {
        rng = SplitMix64(seed: seed)
        if case .pct(let depth) = policy.chooser {
            let span = max(1, pctSteps)
            changePoints = (0..<max(0, depth - 1)).map { _ in 1 + rng.next() % span }.sorted()
        }
    }

    /// Gives a new thread its PCT priority: a random one above every change-point priority.
    mutating func threadCreated(_ id: ThreadID, policy: Policy) {
        guard case .pct = policy.chooser else { return }
        while pctPriority.count <= Int(id) { pctPriority.append(0) }
        pctPriority[Int(id)] = (rng.next() >> 2) | (1 << 61)
    }

    /// Called at each visible step; at a change point, the stepping thread drops below everyone.
    mutating func visibleStep(_ step: UInt64, thread: ThreadID) {
        while nextChange < changePoints.count && changePoints[nextChange] <= step {
            if changePoints[nextChange] == step, Int(thread) < pctPriority.count {
                pctPriority[Int(thread)] = UInt64(changePoints.count - nextChange)
            }
            nextChange += 1
        }
    }
}
