import InterleaveCore

/// Systematic exploration: every schedule within a bound on the choices that differ from the
/// default, depth first and stateless (each schedule is run again from the start; machines are
/// cheap to make and the runs are short).
///
/// The space splits into subtrees by where a schedule first departs from the default schedule, so
/// that several workers can take one subtree at a time; each subtree is explored depth first.
/// With sleep sets (``SleepSet``), orders of independent steps already covered are not tried
/// again: a thread asleep at an `order` choice is no alternative there, the default is the first
/// awake option, and a run that meets a choice with every option asleep stops as redundant.
struct DepthFirst<Runner: ScheduleRunner>: Sendable {
    let trial: Runner
    let seed: UInt64
    /// The most choices that may differ from the default in one schedule.
    let bound: Int
    let sleepSets: Bool

    /// One choice position on the current path: its answer, the default there, and the
    /// alternatives still to try.
    struct Step {
        var answer: Int
        var base: Int
        var remaining: [Int]
    }

    /// A subtree: the schedules whose first departure from the default is `answer` at choice
    /// `prefix.count` (the default schedule's answers before it are `prefix`).
    struct Subtree: Sendable, Hashable {
        var prefix: [Int]
        var answer: Int
    }

    /// The default schedule's run, and the subtrees of every other schedule in the bound.
    func root() -> (outcome: Trial.Run, subtrees: [Subtree]) {
        let outcome = trial.run(.manual, seed: seed, points: true, sleepSets: sleepSets)
        guard bound > 0 else { return (outcome, []) }
        var subtrees: [Subtree] = []
        for (position, point) in outcome.points.enumerated() {
            let prefix = outcome.points.prefix(position).map(\.chosen)
            for answer in point.awake.dropFirst() { subtrees.append(Subtree(prefix: prefix, answer: answer)) }
        }
        return (outcome, subtrees)
    }

    /// Every schedule of `subtree`, in depth-first order, while `proceed` allows the next one;
    /// `visit` gets each run and returns false to stop. Returns whether the subtree was finished.
    @discardableResult
    func explore(_ subtree: Subtree, proceed: () -> Bool = { true }, visit: (Trial.Run) -> Bool) -> Bool {
        var path = subtree.prefix.map { Step(answer: $0, base: $0, remaining: []) }
        path.append(Step(answer: subtree.answer, base: -1, remaining: []))
        let top = path.count
        var deviations = 1
        while true {
            guard proceed() else { return false }
            let outcome = trial.run(.manual, seed: seed, answers: path.map(\.answer), points: true, sleepSets: sleepSets)
            if !visit(outcome) { return false }
            // The positions past the path, reached for the first time: default answers, and their alternatives.
            let room = deviations < bound
            for point in outcome.points.dropFirst(path.count) {
                path.append(Step(answer: point.chosen, base: point.chosen, remaining: room ? point.awake.dropFirst().reversed() : []))
            }
            // Back to the deepest position with an alternative left, below the subtree's root.
            while let last = path.last, last.remaining.isEmpty, path.count > top {
                if last.answer != last.base { deviations -= 1 }
                path.removeLast()
            }
            guard path.count > top else { return true }
            if path[path.count - 1].answer == path[path.count - 1].base { deviations += 1 }
            path[path.count - 1].answer = path[path.count - 1].remaining.removeLast()
        }
    }
}
