import Foundation
import InterleaveCore
import Synchronization

/// Runs many schedules of a scenario, on several workers, and reports the failures they show.
///
/// Each schedule has a place in a fixed order (its index for random and PCT; its subtree and its
/// place in it for depth-first search), and the report names the failing schedule that comes
/// first in that order, so the same seed finds the same failure whatever the number of workers.
public struct Explorer<Runner: ScheduleRunner>: Sendable {
    public let trial: Runner
    public let strategy: Strategy
    public let seed: UInt64
    public let jobs: Int
    /// Go on after a failure, counting the distinct ones (`--all`).
    public let keepGoing: Bool
    /// Depth-first search: skip orders of independent steps covered already (``SleepSet``). Off by
    /// default: with a bound on departures from a default that timing decides, and with virtual
    /// time, it can miss schedules (see ``SleepSet``).
    public let sleepSets: Bool

    /// Whether this is the depth-first search without a bound, with partial-order reduction
    /// (where it applies: ``Trial/reducible``). Its runs depend on each other's races, so it
    /// runs on one worker.
    public var reduces: Bool { strategy == .dfs(preemptions: nil) && trial.reducible }

    /// Depth-first search without reduction: the most choices off the default a schedule may
    /// have (the strategy's; without one, ``Trial/unreducedBound``), or nil for no bound.
    public var depthBound: Int? {
        guard case .dfs(let bound) = strategy, !reduces else { return nil }
        let k = bound ?? trial.unreducedBound
        return k == .max ? nil : k
    }

    public init(trial: Runner, strategy: Strategy, seed: UInt64, jobs: Int, keepGoing: Bool, sleepSets: Bool = false) {
        self.trial = trial
        self.strategy = strategy
        self.seed = seed
        self.jobs = strategy == .dfs(preemptions: nil) && trial.reducible ? 1 : max(1, jobs)
        self.keepGoing = keepGoing
        self.sleepSets = sleepSets
    }

    public typealias Limits = Exploration.Limits
    public typealias Progress = Exploration.Progress
    public typealias Schedule = Exploration.Schedule
    public typealias FoundFailure = Exploration.FoundFailure
    public typealias Report = Exploration.Report

    /// A schedule's place in the search's order as one number: the index for random and PCT; for
    /// depth-first search 0 for the default schedule, then each subtree's places in turn.
    static func key(_ order: [Int]) -> Int {
        order.count == 1 ? max(0, order[0]) : (order[0] + 1) << 32 | order[1]
    }

    /// What the workers share: how far the search has got and where it may stop. Findings stay
    /// with each worker until the end, so a worker takes no lock for a schedule.
    private final class Shared: Sendable {
        /// The key of the first failing schedule found so far (`Int.max`: none): no worker need go past it.
        let stopAt = Atomic<Int>(Int.max)
        let done = Atomic<Int>(0)
        let failing = Atomic<Int>(0)
        let unstarted = Atomic<Int>(0)
        let next = Atomic<Int>(0)
        /// Depth-first search: schedules claimed, so that --runs is never passed.
        let tickets = Atomic<Int>(0)
        /// Depth-first search: runs stopped as redundant by the sleep sets.
        let skipped = Atomic<Int>(0)
        let exhausted = Atomic<Bool>(true)
        let lastReport = Atomic<Int64>(0)
        let merged = Mutex<[Failure.Identity: FoundFailure]>([:])
        /// Lock-order cycles by their locks in ascending order, with the key of the first schedule that showed each.
        let cycles = Mutex<[[ObjectIndex]: (key: Int, edges: [LockOrderEdge])]>([:])
        let choices = Atomic<Int>(0)
        let clock = ContinuousClock()
        let start: ContinuousClock.Instant
        let limits: Limits
        let progress: @Sendable (Progress) -> Void

        init(limits: Limits, progress: @escaping @Sendable (Progress) -> Void) {
            start = clock.now
            self.limits = limits
            self.progress = progress
        }

        /// Whether a failing schedule found already comes before `key`.
        func stopped(before key: Int) -> Bool { stopAt.load(ordering: .relaxed) < key }

        /// Shows progress at most five times a second.
        func report() {
            let elapsed = clock.now - start
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            let previous = lastReport.load(ordering: .relaxed)
            if milliseconds - previous >= 200,
               lastReport.compareExchange(expected: previous, desired: milliseconds, ordering: .relaxed).exchanged {
                progress(Progress(schedules: done.load(ordering: .relaxed), failing: failing.load(ordering: .relaxed),
                                  elapsed: elapsed))
            }
        }
    }

    /// One worker's share of the search: its findings and its count, handed to `Shared` now and then.
    private struct Worker {
        let shared: Shared
        let keepGoing: Bool
        var findings: [Failure.Identity: FoundFailure] = [:]
        var cycles: [[ObjectIndex]: (key: Int, edges: [LockOrderEdge])] = [:]
        var unpublished = 0
        var choices = 0

        /// Records a run; returns whether the worker should go on.
        mutating func record(_ outcome: Trial.Run, seed: UInt64, order: [Int]) -> Bool {
            unpublished += 1
            choices += outcome.answers.count
            if outcome.unstarted { shared.unstarted.add(1, ordering: .relaxed) }
            for cycle in outcome.cycles {
                let locks = cycle.map(\.held).sorted()
                let key = Explorer.key(order)
                if cycles[locks].map({ key < $0.key }) ?? true { cycles[locks] = (key, cycle) }
            }
            if unpublished == 32 { publish() }
            guard let headline = outcome.headline else { return true }
            shared.failing.add(1, ordering: .relaxed)
            let key = Explorer.key(order)
            let schedule = Schedule(seed: seed, answers: outcome.answers, order: order)
            for failure in [headline] + outcome.failures.filter({ $0 != headline }) {
                Worker.merge(FoundFailure(failure: failure, schedule: schedule, outcome: outcome, schedules: 1), into: &findings)
            }
            if keepGoing { return true }
            var current = shared.stopAt.load(ordering: .relaxed)
            while key < current {
                let (exchanged, original) = shared.stopAt.compareExchange(expected: current, desired: key, ordering: .relaxed)
                if exchanged { break }
                current = original
            }
            return false
        }

        /// Adds the runs since the last time to the shared count, and shows progress.
        mutating func publish() {
            shared.done.add(unpublished, ordering: .relaxed)
            shared.choices.add(choices, ordering: .relaxed)
            unpublished = 0
            choices = 0
            shared.report()
        }

        /// Hands the findings over at the end.
        mutating func finish() {
            publish()
            shared.merged.withLock { merged in
                for finding in findings.values { Worker.merge(finding, into: &merged) }
            }
            shared.cycles.withLock { all in
                for (locks, first) in cycles where all[locks].map({ first.key < $0.key }) ?? true { all[locks] = first }
            }
        }

        /// Counts `finding`'s schedules in with those of the same failure, keeping the first schedule in the order.
        static func merge(_ finding: FoundFailure, into findings: inout [Failure.Identity: FoundFailure]) {
            guard var other = findings[finding.failure.identity] else {
                findings[finding.failure.identity] = finding
                return
            }
            other.schedules += finding.schedules
            if Explorer.key(finding.schedule.order) < Explorer.key(other.schedule.order) {
                other.failure = finding.failure
                other.schedule = finding.schedule
                other.outcome = finding.outcome
            }
            findings[finding.failure.identity] = other
        }
    }

    /// Runs `body` on each of `jobs` workers at once, each with a `Worker` of its own that hands
    /// its findings over when `body` returns. The workers are threads of their own, not the async
    /// pool's: a runner may wait for a process (a real program's schedule), and the pool's few
    /// threads must stay free for what starts and watches it.
    private func onWorkers(_ shared: Shared, _ body: @escaping @Sendable (inout Worker) -> Void) async {
        let keepGoing = keepGoing
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<jobs {
                group.addTask {
                    await Exploration.onThread {
                        var worker = Worker(shared: shared, keepGoing: keepGoing)
                        body(&worker)
                        worker.finish()
                    }
                }
            }
        }
    }

    /// The unbounded depth-first search with partial-order reduction, on this worker (each run's
    /// races decide the next run, so its runs come one after another), until the limits, the end
    /// of the space or (without `keepGoing`) the first failure.
    private func reducedSearch(_ limits: Limits, shared: Shared) -> PartialOrderSearch {
        var search = PartialOrderSearch()
        var worker = Worker(shared: shared, keepGoing: keepGoing)
        defer { worker.finish() }
        var index = 0
        while !search.finished {
            if let runs = limits.runs, index >= runs { break }
            if let deadline = limits.deadline, shared.clock.now >= deadline { break }
            let (outcome, redundant) = trial.run(&search, seed: seed)
            if redundant { continue }
            index += 1
            if !worker.record(outcome, seed: seed, order: [index - 1]) { break }
        }
        return search
    }

    /// Searches until the limits, the end of the space (DFS), or (without `keepGoing`) the first failure.
    public func run(_ limits: Limits, progress: @escaping @Sendable (Progress) -> Void = { _ in }) async -> Report {
        let shared = Shared(limits: limits, progress: progress)
        let (seed, strategy, keepGoing) = (self.seed, self.strategy, self.keepGoing)
        var report = Report()
        switch strategy {
        case .random, .pct:
            let chooser: Policy.Chooser
            let trial: Runner
            if case .pct(let depth) = strategy {
                // PCT spreads its change points over the run's visible steps: count them in the default schedule.
                chooser = .pct(depth: depth)
                let runner = self.trial
                let steps = await Exploration.onThread { runner.run(.manual, seed: seed).visibleSteps }
                trial = self.trial.withPCTSteps(max(1, steps))
            } else {
                chooser = .random
                trial = self.trial
            }
            await onWorkers(shared) { worker in
                // Indices in small batches: fewer trips to the shared counter.
                while true {
                    let first = shared.next.wrappingAdd(16, ordering: .relaxed).oldValue
                    for index in first..<(first + 16) {
                        if let runs = limits.runs, index >= runs { return }
                        guard !shared.stopped(before: index) else { return }
                        // Every schedule: one run of a long scenario takes a good part of a second.
                        if let deadline = limits.deadline, shared.clock.now >= deadline { return }
                        let scheduleSeed = seed &+ UInt64(index)
                        let outcome = trial.run(chooser, seed: scheduleSeed)
                        if !worker.record(outcome, seed: scheduleSeed, order: [index]) { return }
                    }
                }
            }
        case .dfs where reduces:
            report.reduced = true
            let search = await Exploration.onThread { reducedSearch(limits, shared: shared) }
            report.exhausted = search.finished && !search.diverged
            report.diverged = search.diverged
            report.interleavings = search.classes.count
            report.skippedOptions = search.skippedOptions
            shared.skipped.store(search.redundantRuns, ordering: .relaxed)
        case .dfs:
            let search = DepthFirst(trial: trial, seed: seed, bound: depthBound ?? .max, sleepSets: sleepSets)
            let (root, subtrees) = await Exploration.onThread { search.root() }
            var rootWorker = Worker(shared: shared, keepGoing: keepGoing)
            _ = shared.tickets.wrappingAdd(1, ordering: .relaxed)
            let goOn = rootWorker.record(root, seed: seed, order: [-1])
            rootWorker.finish()
            if goOn {
                await onWorkers(shared) { worker in
                    while true {
                        let index = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard index < subtrees.count else { return }
                        worker.publish()
                        guard !shared.stopped(before: Explorer.key([index, 0])) else {
                            shared.exhausted.store(false, ordering: .relaxed)
                            return
                        }
                        var place = 0
                        let finished = search.explore(subtrees[index], proceed: {
                            // A ticket per schedule keeps --runs exact; nothing past a failure found already.
                            if let runs = limits.runs, shared.tickets.wrappingAdd(1, ordering: .relaxed).oldValue >= runs {
                                return false
                            }
                            if let deadline = limits.deadline, shared.clock.now >= deadline { return false }
                            return !shared.stopped(before: Explorer.key([index, place + 1]))
                        }) { outcome in
                            place += 1
                            // A run stopped as redundant repeats schedules covered already.
                            if outcome.redundant {
                                shared.skipped.add(1, ordering: .relaxed)
                                return true
                            }
                            guard worker.record(outcome, seed: seed, order: [index, place]) else { return false }
                            worker.publish()
                            return true
                        }
                        if !finished { shared.exhausted.store(false, ordering: .relaxed) }
                    }
                }
            }
            report.exhausted = shared.exhausted.load(ordering: .relaxed) && (keepGoing || shared.stopAt.load(ordering: .relaxed) == .max)
        }
        report.schedules = shared.done.load(ordering: .relaxed)
        report.skipped = shared.skipped.load(ordering: .relaxed)
        report.unstarted = shared.unstarted.load(ordering: .relaxed)
        report.choicesPerSchedule = Double(shared.choices.load(ordering: .relaxed)) / Double(max(1, report.schedules))
        report.cycles = shared.cycles.withLock { cycles in
            cycles.sorted { a, b in a.value.key != b.value.key ? a.value.key < b.value.key : a.key.lexicographicallyPrecedes(b.key) }
                .map(\.value.edges)
        }
        var findings = Array(shared.merged.withLock { $0 }.values)
        // Without --all, the report is about the first failing schedule alone.
        let stopAt = shared.stopAt.load(ordering: .relaxed)
        if !keepGoing && stopAt != .max {
            findings = findings.filter { Explorer.key($0.schedule.order) == stopAt }
        }
        // The first failing schedule's headline first, then by schedule order and severity.
        report.findings = findings.sorted { a, b in
            let (x, y) = (Explorer.key(a.schedule.order), Explorer.key(b.schedule.order))
            if x != y { return x < y }
            if a.failure.kind != b.failure.kind { return a.failure.kind < b.failure.kind }
            return a.failure.event.seq < b.failure.event.seq
        }
        return report
    }
}

/// What a search of schedules is asked and tells, whatever runs the schedules (``Explorer``).
public enum Exploration {
    /// Runs `body` on a thread of its own and waits for it without holding one of the pool's.
    public static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
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
    public struct FoundFailure: Sendable {
        public var failure: Failure
        public var schedule: Schedule
        /// Every failure that schedule showed.
        public var outcome: Trial.Run
        public var schedules: Int
    }

    public struct Report: Sendable {
        /// Schedules run.
        public var schedules = 0
        /// Depth-first search only: whether every schedule within the bound was run.
        public var exhausted = false
        /// Schedules whose run could not be made (a real program's process that did not start).
        public var unstarted = 0
        /// Distinct failures, each schedule's most severe one first and then in the order found.
        public var findings: [FoundFailure] = []
        /// The first failing schedule in the search's order, with its most severe failure.
        public var first: FoundFailure? { findings.first }
        /// Potential deadlocks (lock-order cycles) the schedules showed, each once, by its locks.
        public var cycles: [[LockOrderEdge]] = []
        /// Scheduling choices per schedule, on average: how much the schedules could differ.
        public var choicesPerSchedule = 0.0
        /// Depth-first search: runs stopped early because they would only repeat orders of
        /// independent steps covered already.
        public var skipped = 0
        /// Depth-first search without a bound: whether it ran with partial-order reduction
        /// (``Trial/reducible``), or ran every schedule.
        public var reduced = false
        /// The reduced search: a run left the schedule it was given, so coverage is not claimed.
        public var diverged = false
        /// Depth-first search without a bound: the distinct interleavings the schedules ran (classes
        /// of runs that order every pair of dependent steps alike).
        public var interleavings = 0
        /// Depth-first search without a bound: options of choice points never tried, each the
        /// root of schedules that would only reorder independent steps.
        public var skippedOptions = 0
    }
}
