import Benchmark
import InterleaveCore
import InterleaveExplore
import InterleaveScenario

/// Schedules per second: what `interleave explore` gets through.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .custom("schedules/s", polarity: .prefersLarger, useScalingFactor: false)],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    /// The unlocked counter with two threads and three increments each, as the catalogue's
    /// (free-threaded, two cores), or on one core under the `random` model for depth-first search.
    func counter(policy: String, cores: Int) -> Trial {
        let source = """
            config policy = \(policy)
            config cores = \(cores)
            shared counter = 0
            def increment():
                for _ in range(3):
                    counter += 1
            t1 = start increment(name="Adder-1")
            t2 = start increment(name="Adder-2")
            join t1, t2
            expect counter == 6, "every increment was counted"
            """
        guard case .success(let scenario) = Scenario.compile(source, name: "counter") else { fatalError("the counter compiles") }
        return Trial(program: scenario.program, config: scenario.settings.config)
    }

    /// Runs a search to its limit (`--all`, so every schedule runs) and reports its rate.
    func measure(_ benchmark: Benchmark, _ explorer: Explorer, runs: Int?) async {
        for _ in benchmark.scaledIterations {
            let clock = ContinuousClock()
            let start = clock.now
            let report = await explorer.run(Exploration.Limits(runs: runs))
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            benchmark.measurement(.custom("schedules/s", polarity: .prefersLarger, useScalingFactor: false),
                                  Int(Double(report.schedules) / seconds))
            blackHole(report)
        }
    }

    for strategy in [Strategy.random, .pct(depth: 3)] {
        Benchmark("explore counter 2x3 free, \(strategy.name), 200k schedules, --jobs 2 --all") { benchmark in
            await measure(benchmark, Explorer(trial: counter(policy: "free", cores: 2), strategy: strategy, seed: 1, jobs: 2,
                                              keepGoing: true), runs: 200_000)
        }
    }
    Benchmark("explore counter 2x3 free, random, 200k schedules, --jobs 1 --all") { benchmark in
        await measure(benchmark, Explorer(trial: counter(policy: "free", cores: 2), strategy: .random, seed: 1, jobs: 1,
                                          keepGoing: true), runs: 200_000)
    }
    Benchmark("explore counter 2x3 random 1 core, dfs bound 3, --jobs 2 --all") { benchmark in
        await measure(benchmark, Explorer(trial: counter(policy: "random", cores: 1), strategy: .dfs(preemptions: 3), seed: 1,
                                          jobs: 2, keepGoing: true), runs: nil)
    }
    // Every distinct interleaving (partial-order reduction: one worker), to the end of the space.
    Benchmark("explore counter 2x3 random 1 core, dfs without a bound, --all") { benchmark in
        await measure(benchmark, Explorer(trial: counter(policy: "random", cores: 1), strategy: .dfs(preemptions: nil), seed: 1,
                                          jobs: 1, keepGoing: true), runs: nil)
    }
}
