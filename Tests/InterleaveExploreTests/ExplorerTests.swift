import InterleaveCore
import InterleaveExplore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// The search: what counts as a failure, the order of schedules, depth-first search and shrinking.
@Suite struct ExplorerTests {
    /// Two threads, three unlocked increments each, on one core under the `random` model (a switch
    /// may come at any visible step), expecting all six.
    static let counter = """
        config policy = random
        config cores = 1
        shared counter = 0
        def increment():
            for _ in range(3):
                counter += 1
        t1 = start increment(name="Adder-1")
        t2 = start increment(name="Adder-2")
        join t1, t2
        expect counter == 6, "every increment was counted"
        """

    func trial(_ source: String = counter, kinds: Set<FailureKind> = Set(FailureKind.allCases)) throws -> Trial {
        let scenario = try compileScenario(source)
        return Trial(program: scenario.program, config: scenario.settings.config, kinds: kinds)
    }

    @Test func aRunLeadsWithItsMostSevereFailureTheCauseBeforeItsEffect() throws {
        let trial = try trial()
        let outcome = (UInt64(1)...50).lazy.map { trial.run(.random, seed: $0) }.first { $0.failures.count == 3 }
        let failures = try #require(outcome, "some schedule races, loses an update and fails its expectation").failures
        #expect(Set(failures.map(\.kind)) == [.race, .lostUpdate, .expectation])
        #expect(outcome?.headline?.kind == .lostUpdate)
        #expect(failures.map(\.kind).first == .race, "in the order they came: the race first")
    }

    @Test func theAnswersOfARunGiveTheSameRunAgain() throws {
        let trial = try trial()
        for seed in UInt64(1)...20 {
            let random = trial.run(.random, seed: seed)
            let again = trial.run(.manual, seed: seed, answers: random.answers)
            #expect(again.answers == random.answers && again.failures == random.failures && again.events == random.events)
        }
    }

    @Test func theSameSeedFindsTheSameFailureWhateverTheWorkers() async throws {
        let trial = try trial(kinds: [.lostUpdate])
        var firsts: [Exploration.Schedule] = []
        for jobs in [1, 2, 3, 2] {
            let report = await Explorer(trial: trial, strategy: .random, seed: 7, jobs: jobs, keepGoing: false)
                .run(Exploration.Limits(runs: 500))
            firsts.append(try #require(report.first).schedule)
        }
        #expect(Set(firsts).count == 1, "\(firsts.map(\.order))")
        let other = await Explorer(trial: trial, strategy: .random, seed: 1007, jobs: 2, keepGoing: false).run(Exploration.Limits(runs: 500))
        #expect(try #require(other.first).schedule.seed != firsts[0].seed, "another seed, other schedules")
    }

    @Test func allCountsEveryScheduleAndTheDistinctFailures() async throws {
        let report = await Explorer(trial: try trial(), strategy: .pct(depth: 3), seed: 1, jobs: 2, keepGoing: true)
            .run(Exploration.Limits(runs: 300))
        #expect(report.schedules == 300)
        #expect(Set(report.findings.map(\.failure.kind)) == [.race, .lostUpdate, .expectation])
        for finding in report.findings { #expect(finding.schedules >= 1 && finding.schedules <= 300) }
        #expect(report.findings.first { $0.failure.kind == .race }?.schedules == 300, "every schedule races")
    }

    /// Every schedule with at most `bound` departures from the default, by brute force: each choice
    /// tried every way while the budget lasts.
    func bruteForce(_ trial: Trial, bound: Int, prefix: [Int] = []) -> Int {
        let outcome = trial.run(.manual, seed: 1, answers: prefix, points: true)
        var count = 1
        let used = prefix.count { $0 != 0 }
        guard used < bound else { return 1 }
        for position in prefix.count..<outcome.points.count {
            for answer in 1..<max(1, outcome.points[position].options) {
                count += bruteForce(trial, bound: bound, prefix: Array(repeating: 0, count: position - prefix.count) .reduce(into: prefix) { $0.append($1) } + [answer])
            }
        }
        return count
    }

    @Test(arguments: [0, 1, 2])
    func depthFirstRunsEveryScheduleInTheBoundOnce(bound: Int) async throws {
        let trial = try trial(kinds: [])
        let report = await Explorer(trial: trial, strategy: .dfs(preemptions: bound), seed: 1, jobs: 2, keepGoing: false)
            .run(Exploration.Limits())
        #expect(report.exhausted)
        #expect(report.schedules == bruteForce(trial, bound: bound))
    }

    @Test func depthFirstFindsTheLostUpdateWithTwoPreemptions() async throws {
        let trial = try trial(kinds: [.lostUpdate])
        let none = await Explorer(trial: trial, strategy: .dfs(preemptions: 1), seed: 1, jobs: 2, keepGoing: false).run(Exploration.Limits())
        #expect(none.first == nil && none.exhausted, "one switch cannot put a write between another thread's read and write")
        let found = await Explorer(trial: trial, strategy: .dfs(preemptions: 2), seed: 1, jobs: 2, keepGoing: false).run(Exploration.Limits())
        #expect(found.first?.failure.kind == .lostUpdate && !found.exhausted)
    }

    /// A check against a write that comes three steps later, with threads on three cores: the
    /// failing order needs the writer's steps to go first at several `order` choices.
    static let ordering = """
        config policy = random
        config cores = 3
        shared x = 0
        shared z = 0
        shared y = 0
        go = Event()
        def reader():
            go.wait()
            r = y
            expect r == 0, "the reader read y before the writer wrote it"
        def writer():
            go.wait()
            x = 1
            z = 1
            y = 1
        a = start reader()
        b = start writer()
        sleep 1ms
        go.set()
        join a, b
        """

    /// Threads on two cores let go at once, each reading one shared variable and writing
    /// another: some orders matter (a write against a read of the same variable), most do not.
    static let independent = """
        config policy = random
        config cores = 2
        shared a = 0
        shared b = 0
        shared c = 0
        go = Event()
        def one():
            go.wait()
            x = a
            b = 1
            c = x
        def two():
            go.wait()
            y = c
            a = 1
            expect y == 0 or a == 1
        t1 = start one()
        t2 = start two()
        sleep 1ms
        go.set()
        join t1, t2
        """

    @Test func depthFirstTriesEveryOrderOfConcurrentSteps() async throws {
        let trial = try trial(ExplorerTests.ordering, kinds: [.expectation])
        let report = await Explorer(trial: trial, strategy: .dfs(preemptions: 3), seed: 1, jobs: 2, keepGoing: true,
                                    sleepSets: false).run(Exploration.Limits())
        #expect(report.exhausted)
        #expect(report.schedules == bruteForce(trial, bound: 3), "every schedule in the bound, order choices included")
        #expect(report.first?.failure.kind == .expectation, "the writer's three steps before the read")
    }

    /// `--reduce` runs fewer schedules where steps are independent (and finds the same here).
    @Test func sleepSetsSkipOrdersOfIndependentSteps() async throws {
        let trial = try trial(ExplorerTests.independent)
        let full = await Explorer(trial: trial, strategy: .dfs(preemptions: 3), seed: 1, jobs: 1, keepGoing: true,
                                  sleepSets: false).run(Exploration.Limits())
        let reduced = await Explorer(trial: trial, strategy: .dfs(preemptions: 3), seed: 1, jobs: 1, keepGoing: true,
                                     sleepSets: true).run(Exploration.Limits())
        #expect(reduced.schedules < full.schedules, "\(reduced.schedules) of \(full.schedules)")
        #expect(Set(reduced.findings.map(\.failure.identity)) == Set(full.findings.map(\.failure.identity)))
    }

    /// Two programs whose failures hang on timing (a try-lock; sleeps against steps): sleep sets
    /// miss both.
    static let timing = [
        """
        config policy = random
        config cores = 2
        shared y = 0
        S = Semaphore(1)
        L = Lock()
        go = Event()
        def t0():
            go.wait()
            S.release()
            a = S.acquire(blocking=False)
            b = S.acquire(blocking=False)
            with L:
                y += 1
        def t1():
            go.wait()
            with L:
                y += 1
            got = L.acquire(blocking=False)
            if got:
                L.release()
            expect got, "t1's try-lock got the lock"
        h0 = start t0()
        h1 = start t1()
        sleep 1ms
        go.set()
        join h0, h1
        """,
        """
        config policy = random
        config cores = 3
        shared x = 0
        shared y = 0
        go = Event()
        def a():
            go.wait()
            r = y
            sleep 80us
            x = 1
        def b():
            go.wait()
            k = 0
            while k < 150:
                k += 1
            r2 = y
            j = 0
            while j < 150:
                j += 1
            r3 = y
            sleep 1s
        t1 = start a()
        t2 = start b()
        sleep 1ms
        go.set()
        sleep 100us
        m1 = x
        sleep 15us
        m2 = x
        expect not (m1 == 0 and m2 == 1), "x was written between the two looks"
        """,
    ]

    /// Two programs on which sleep sets miss a failure (the bound, and virtual time): the default
    /// depth-first search, without them, finds both with one choice off the default.
    @Test(arguments: ExplorerTests.timing)
    func theDefaultDepthFirstSearchFindsWhatSleepSetsMiss(_ source: String) async throws {
        let trial = try trial(source, kinds: [.expectation])
        let report = await Explorer(trial: trial, strategy: .dfs(preemptions: 1), seed: 1, jobs: 2, keepGoing: false)
            .run(Exploration.Limits())
        #expect(report.first?.failure.kind == .expectation)
    }

    @Test func shrinkingKeepsTheFailureAndLeavesFewerDepartures() throws {
        let trial = try trial()
        for seed in UInt64(1)...10 {
            let outcome = trial.run(.random, seed: seed, stopAt: nil)
            guard let lost = outcome.failures.first(where: { $0.kind == .lostUpdate }) else { continue }
            let shrunk = Shrinker(trial: trial, seed: seed, target: lost.identity).shrink(outcome.answers)
            #expect(shrunk.departures <= outcome.answers.count { $0 != 0 })
            #expect(shrunk.departures >= 2, "a lost update needs a switch after the read and one back")
            let again = trial.run(.manual, seed: seed, answers: shrunk.answers)
            #expect(again.failures.contains { $0.identity == lost.identity }, "seed \(seed): the shrunk schedule still fails")
            // Nothing left to take away: each departure on its own is needed.
            for index in shrunk.answers.indices where shrunk.answers[index] != 0 {
                var fewer = shrunk.answers
                fewer[index] = 0
                let without = trial.run(.manual, seed: seed, answers: fewer)
                #expect(!without.failures.contains { $0.identity == lost.identity }, "seed \(seed): departure \(index) is needed")
            }
        }
    }
}
