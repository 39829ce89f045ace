/// Choice points: every nondeterministic decision goes through the policy's chooser and is recorded.
extension Machine {
    /// Decides among `options` (at least two) and records the decision as a `choice` event.
    /// Returns nil, and leaves the machine unchanged, when a manual answer is needed first.
    mutating func choose(_ kind: ChoiceKind, _ options: [ThreadID]) -> Int? {
        let index: Int
        switch config.policy.chooser {
        case .fifo:
            index = 0
        case .priority:
            index = highest(options) { threads[Int($0)].priority }
        case .random:
            index = chooser.rng.below(options.count)
        case .pct:
            let priorities = chooser.pctPriority
            index = highest(options) { id in
                Int(id) < priorities.count ? priorities[Int(id)] : 0
            }
        case .manual:
            guard let answer = choiceAnswer else {
                pendingChoice = ChoiceRequest(kind: kind, options: options)
                return nil
            }
            choiceAnswer = nil
            index = min(max(answer, 0), options.count - 1)
        }
        pendingChoice = nil
        madeChoice = true
        emit(.choice(kind, options: options, chosen: Int32(index)), by: Event.machine)
        return index
    }

    /// The index of the option with the greatest key; the first one on ties.
    private func highest<Key: Comparable>(_ options: [ThreadID], _ key: (ThreadID) -> Key) -> Int {
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
