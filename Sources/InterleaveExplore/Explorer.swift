import InterleaveCore
import Synchronization

/// Runs many schedules of a scenario, on several workers, and reports the failures they show.
///
/// Each schedule has a place in a fixed order (its index for random and PCT; its subtree and its
/// place in it for depth-first search), and the report names the failing schedule that comes
/// first in that order, so the same seed finds the same failure whatever the number of workers.
public struct Explorer: Sendable {
    public let trial: Trial
    public let strategy: Strategy
    public let seed: UInt64
    public let jobs: Int
    /// Go on after a failure, counting the distinct ones (`--all`).
    public let keepGoing: Bool

    public init(trial: Trial, strategy: Strategy, seed: UInt64, jobs: Int, keepGoing: Bool) {
        self.trial = trial
        self.strategy = strategy
        self.seed = seed
        self.jobs = max(1, jobs)
        self.keepGoing = keepGoing
    }

    /// When to stop if nothing stops the search first.
    public struct Limits: Sendable {
        public var runs: Int?
        public var deadline: ContinuousClock.Instant?
        public init(runs: Int? = nil, deadline: ContinuousClock.Instant? = nil) {
            self.runs = runs
            self.deadline = deadline
        }
    }

    /// How far a search has got, for a progress line.
    public struct Progress: Sendable {
        public var schedules: Int
        public var failing: Int
        public var elapsed: Swift.Duration
    }

    /// A schedule, enough to run it again: its seed and every choice's answer.
    public struct Schedule: Sendable, Hashable {
        public var seed: UInt64
        public var answers: [Int]
        /// Its place in the search's order (for random and PCT, its index).
        public var order: [Int]
    }

    /// A distinct failure: the first schedule (in the search's order) that showed it, and how many did.
    public struct Finding: Sendable {
        public var failure: Failure
        public var schedule: Schedule
        /// Every failure that schedule showed.
        public var outcome: Trial.Outcome
        public var schedules: Int
    }

    public struct Report: Sendable {
        /// Schedules run.
        public var schedules = 0
        /// Depth-first search only: whether every schedule within the bound was run.
        public var exhausted = false
        /// Distinct failures, each schedule's most severe one first and then in the order found.
        public var findings: [Finding] = []
        /// The first failing schedule in the search's order, with its most severe failure.
        public var first: Finding? { findings.first }
    }

    /// The search's state that workers share.
    private final class Tally: Sendable {
        struct Findings: Sendable {
            /// The order of the first failing schedule found so far: no worker needs to go past it.
            var stopAt: [Int]?
            var byIdentity: [Failure.Identity: Finding] = [:]
        }
        let findings = Mutex(Findings())
        let done = Atomic<Int>(0)
        let failing = Atomic<Int>(0)
        let lastReport = Atomic<Int64>(0)
        let next = Atomic<Int>(0)
        let exhausted = Atomic<Bool>(true)
        let clock = ContinuousClock()
        let start: ContinuousClock.Instant
        let limits: Limits
        let keepGoing: Bool
        let progress: @Sendable (Progress) -> Void

        init(limits: Limits, keepGoing: Bool, progress: @escaping @Sendable (Progress) -> Void) {
            start = clock.now
            self.limits = limits
            self.keepGoing = keepGoing
            self.progress = progress
        }

        /// Records a run; returns whether the worker should go on past `order`.
        func record(_ outcome: Trial.Outcome, seed: UInt64, order: [Int]) -> Bool {
            done.add(1, ordering: .relaxed)
            let elapsed = clock.now - start
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            let previous = lastReport.load(ordering: .relaxed)
            if milliseconds - previous >= 200,
               lastReport.compareExchange(expected: previous, desired: milliseconds, ordering: .relaxed).exchanged {
                progress(Progress(schedules: done.load(ordering: .relaxed), failing: failing.load(ordering: .relaxed),
                                  elapsed: elapsed))
            }
            guard let headline = outcome.headline else { return !stopped(before: order) }
            failing.add(1, ordering: .relaxed)
            let schedule = Schedule(seed: seed, answers: outcome.answers, order: order)
            let failures = [headline] + outcome.failures.filter { $0 != headline }
            return findings.withLock { state in
                for failure in failures {
                    if var finding = state.byIdentity[failure.identity] {
                        finding.schedules += 1
                        if order.lexicographicallyPrecedes(finding.schedule.order) {
                            finding.failure = failure
                            finding.schedule = schedule
                            finding.outcome = outcome
                        }
                        state.byIdentity[failure.identity] = finding
                    } else {
                        state.byIdentity[failure.identity] = Finding(failure: failure, schedule: schedule, outcome: outcome,
                                                                     schedules: 1)
                    }
                }
                if keepGoing { return true }
                if state.stopAt.map({ order.lexicographicallyPrecedes($0) }) ?? true { state.stopAt = order }
                return false
            }
        }

        /// Whether a failing schedule found already comes before (or is) `order`.
        func stopped(before order: [Int]) -> Bool {
            findings.withLock { state in state.stopAt.map { !order.lexicographicallyPrecedes($0) } ?? false }
        }

        func withinLimits(_ runs: Int) -> Bool {
            if let limit = limits.runs, runs >= limit { return false }
            if let deadline = limits.deadline, clock.now >= deadline { return false }
            return true
        }
    }

    /// Searches until the limits, the end of the space (DFS), or (without `keepGoing`) the first failure.
    public func run(_ limits: Limits, progress: @escaping @Sendable (Progress) -> Void = { _ in }) async -> Report {
        let tally = Tally(limits: limits, keepGoing: keepGoing, progress: progress)
        let (trial, seed, jobs, strategy) = (self.trial, self.seed, self.jobs, self.strategy)
        var report = Report()
        switch strategy {
        case .random, .pct:
            let chooser: Policy.Chooser
            let trial: Trial
            if case .pct(let depth) = strategy {
                // PCT spreads its change points over the run's visible steps: count them in the default schedule.
                chooser = .pct(depth: depth)
                var config = self.trial.config
                config.pctSteps = max(1, self.trial.run(.manual, seed: seed).visibleSteps)
                trial = self.trial.with(config)
            } else {
                chooser = .random
                trial = self.trial
            }
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<jobs {
                    group.addTask {
                        while true {
                            let index = tally.next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard tally.withinLimits(index), !tally.stopped(before: [index]) else { return }
                            let scheduleSeed = seed &+ UInt64(index)
                            let outcome = trial.run(chooser, seed: scheduleSeed)
                            if !tally.record(outcome, seed: scheduleSeed, order: [index]) { return }
                        }
                    }
                }
            }
        case .dfs(let bound):
            let search = DepthFirst(trial: trial, seed: seed, bound: bound)
            let (root, subtrees) = search.root()
            if tally.record(root, seed: seed, order: [-1]) {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<jobs {
                        group.addTask {
                            while true {
                                let index = tally.next.wrappingAdd(1, ordering: .relaxed).oldValue
                                guard index < subtrees.count else { return }
                                guard tally.withinLimits(tally.done.load(ordering: .relaxed)),
                                      !tally.stopped(before: [index]) else {
                                    tally.exhausted.store(false, ordering: .relaxed)
                                    return
                                }
                                var place = 0
                                search.explore(subtrees[index]) { outcome in
                                    place += 1
                                    guard tally.record(outcome, seed: seed, order: [index, place]) else { return false }
                                    guard tally.withinLimits(tally.done.load(ordering: .relaxed)) else {
                                        tally.exhausted.store(false, ordering: .relaxed)
                                        return false
                                    }
                                    return true
                                }
                            }
                        }
                    }
                }
            }
            report.exhausted = tally.exhausted.load(ordering: .relaxed)
                && tally.findings.withLock { $0.byIdentity.isEmpty || keepGoing }
        }
        report.schedules = tally.done.load(ordering: .relaxed)
        var findings = tally.findings.withLock { Array($0.byIdentity.values) }
        // Without --all, the report is about the first failing schedule alone.
        if !keepGoing, let first = tally.findings.withLock({ $0.stopAt }) {
            findings = findings.filter { $0.schedule.order == first }
        }
        // The first failing schedule's headline first, then by schedule order and severity.
        report.findings = findings.sorted { a, b in
            if a.schedule.order != b.schedule.order { return a.schedule.order.lexicographicallyPrecedes(b.schedule.order) }
            if a.failure.kind != b.failure.kind { return a.failure.kind < b.failure.kind }
            return a.failure.event.seq < b.failure.event.seq
        }
        return report
    }
}
