import InterleaveCore

/// Makes a failing schedule as simple as it can while it still shows the same failure: fewer
/// choices that differ from the default (delta debugging, a chunk at a time, then one by one),
/// each remaining one as close to the default as it can be, and nothing after the failure.
public struct Shrinker<Runner: ScheduleRunner>: Sendable {
    public let trial: Runner
    public let seed: UInt64
    public let target: Failure.Identity
    /// The most schedules shrinking may run.
    public let budget: Int

    public init(trial: Runner, seed: UInt64, target: Failure.Identity, budget: Int = 2000) {
        self.trial = trial
        self.seed = seed
        self.target = target
        self.budget = budget
    }

    /// The simplest schedule found, as answers (defaults past their end), and the runs it took.
    public struct Result: Sendable {
        public var answers: [Int]
        public var runs: Int
        /// The choice points of the shrunk schedule, up to the failure.
        public var points: [Trial.Point]

        /// Choices that differ from the default.
        public var departures: Int { answers.count { $0 != 0 } }
        /// Of those, the ones that displace a running thread's step: a switch at a step, or another core's step first.
        public var preemptions: Int {
            zip(answers, points).count { answer, point in
                guard answer != 0 else { return false }
                switch point.kind {
                case .preempt, .order: return true
                default: return false
                }
            }
        }
    }

    public func shrink(_ answers: [Int]) -> Result {
        var runs = 0
        /// The answers up to the failure if `candidate` still shows it, else nil.
        func fails(_ candidate: [Int]) -> [Int]? {
            guard runs < budget else { return nil }
            runs += 1
            let outcome = trial.run(.manual, seed: seed, answers: candidate, stopAt: target)
            guard outcome.failures.contains(where: { $0.identity == target }) else { return nil }
            return trimmed(outcome.answers)
        }
        guard var best = fails(answers) else {
            return Result(answers: trimmed(answers), runs: runs, points: points(answers))
        }
        // Fewer departures: set chunks of them back to the default, halving the chunk each round.
        var chunk = max(1, best.count { $0 != 0 } / 2)
        while true {
            var position = 0
            while true {
                let departures = best.indices.filter { best[$0] != 0 }
                guard position < departures.count else { break }
                var candidate = best
                for index in departures[position..<min(departures.count, position + chunk)] { candidate[index] = 0 }
                if let shorter = fails(candidate) { best = shorter } else { position += chunk }
            }
            if chunk == 1 || runs >= budget { break }
            chunk = max(1, chunk / 2)
        }
        // Each remaining departure as near the default as it can be.
        // (A smaller answer may make the failure come sooner, and the schedule shorter.)
        var index = 0
        while index < best.count {
            if best[index] > 1 {
                for smaller in 1..<best[index] {
                    var candidate = best
                    candidate[index] = smaller
                    if let shorter = fails(candidate), index < shorter.count, shorter[index] == smaller {
                        best = shorter
                        break
                    }
                }
            }
            index += 1
        }
        return Result(answers: best, runs: runs, points: points(best))
    }

    /// The answers without the defaults at their end.
    private func trimmed(_ answers: [Int]) -> [Int] {
        var answers = answers
        while answers.last == 0 { answers.removeLast() }
        return answers
    }

    private func points(_ answers: [Int]) -> [Trial.Point] {
        trial.run(.manual, seed: seed, answers: answers, stopAt: target, points: true).points
    }
}
