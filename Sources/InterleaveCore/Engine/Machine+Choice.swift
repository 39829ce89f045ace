/// Choice points: every nondeterministic decision goes through the policy's chooser and is recorded.
extension Machine {
    /// Decides among `options` (at least two) and records the decision as a `choice` event.
    /// Returns nil, and leaves the machine unchanged, when a manual answer is needed first.
    mutating func choose(_ kind: ChoiceKind, _ options: [ThreadID]) -> Int? {
        let index: Int
        if let picked = chooser.pick(options, by: config.policy.chooser, priority: { Int(threads[Int($0)].priority) }) {
            index = picked
        } else {
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
}
