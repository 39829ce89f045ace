import InterleaveCore

/// Systematic exploration: every schedule within a bound on the choices that differ from the
/// default, depth first and stateless (each schedule is run again from the start; machines are
/// cheap to make and the runs are short).
///
/// The space splits into subtrees by where a schedule first departs from the default schedule, so
/// that several workers can take one subtree at a time; each subtree is explored depth first.
struct DepthFirst: Sendable {
    let trial: Trial
    let seed: UInt64
    /// The most choices that may differ from the default in one schedule.
    let bound: Int

    /// A subtree: the schedules whose first departure from the default is `answer` at choice `position`.
    struct Subtree: Sendable, Hashable {
        var position: Int
        var answer: Int
    }

    /// The default schedule's run, and the subtrees of every other schedule in the bound.
    func root() -> (outcome: Trial.Outcome, subtrees: [Subtree]) {
        let outcome = trial.run(.manual, seed: seed, points: true)
        guard bound > 0 else { return (outcome, []) }
        var subtrees: [Subtree] = []
        for (position, point) in outcome.points.enumerated() {
            for answer in 1..<max(1, point.options) { subtrees.append(Subtree(position: position, answer: answer)) }
        }
        return (outcome, subtrees)
    }

    /// Every schedule of `subtree`, in depth-first order, while `proceed` allows the next one;
    /// `visit` gets each run and returns false to stop. Returns whether the subtree was finished.
    @discardableResult
    func explore(_ subtree: Subtree, proceed: () -> Bool = { true }, visit: (Trial.Outcome) -> Bool) -> Bool {
        /// One choice position on the current path: its answer, and the alternatives still to try there.
        struct Step {
            var answer: Int
            var remaining: [Int]
        }
        var path = Array(repeating: Step(answer: 0, remaining: []), count: subtree.position)
        path.append(Step(answer: subtree.answer, remaining: []))
        var deviations = 1
        while true {
            guard proceed() else { return false }
            let outcome = trial.run(.manual, seed: seed, answers: path.map(\.answer), points: true)
            if !visit(outcome) { return false }
            // The positions past the path, reached for the first time: default answers, and their alternatives.
            let room = deviations < bound
            for point in outcome.points.dropFirst(path.count) {
                path.append(Step(answer: 0, remaining: room ? Array((1..<max(1, point.options)).reversed()) : []))
            }
            // Back to the deepest position with an alternative left, below the subtree's root.
            while let last = path.last, last.remaining.isEmpty, path.count > subtree.position + 1 {
                if last.answer != 0 { deviations -= 1 }
                path.removeLast()
            }
            guard path.count > subtree.position + 1 else { return true }
            if path[path.count - 1].answer == 0 { deviations += 1 }
            path[path.count - 1].answer = path[path.count - 1].remaining.removeLast()
        }
    }
}
