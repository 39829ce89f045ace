import Benchmark
import InterleaveApp
import InterleaveCore
import InterleaveDemos
import InterleaveUI

/// The full-screen view: the cost of a frame with a long history, and of folding events in.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 50
    )

    // 64 threads contending for one lock: about a million events.
    let crowd = Demos.lockCounter(threads: 64, increments: 4_000)
    var crowdMachine = Machine(program: crowd, config: MachineConfig(policy: .gil, seed: 1))
    let crowdEvents = crowdMachine.runToEnd(answering: { _ in 0 })
    var loaded = App(scenario: "lock-counter-64", program: crowd, config: MachineConfig(), width: 200, height: 50)
    _ = loaded.update(.session(.events(crowdEvents)))
    let frameApp = loaded

    Benchmark("frame 200x50, 64 threads, \(crowdEvents.count / 1000)k events in the history") { benchmark in
        var grid = Grid(width: 200, height: 50)
        for _ in benchmark.scaledIterations {
            frameApp.view(into: &grid)
            blackHole(grid)
        }
    }

    let pair = Demos.lockCounter(threads: 2, increments: 100_000)
    var pairMachine = Machine(program: pair, config: MachineConfig(policy: .gil, seed: 1))
    let pairEvents = pairMachine.runToEnd(answering: { _ in 0 })
    let batches = stride(from: 0, to: pairEvents.count, by: 4096).map {
        Array(pairEvents[$0..<min(pairEvents.count, $0 + 4096)])
    }

    Benchmark(
        "app folding \(pairEvents.count / 1000)k events in batches of 4096",
        configuration: .init(metrics: [.wallClock, .custom("Mevents/s", polarity: .prefersLarger, useScalingFactor: false)])
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var app = App(scenario: "lock-counter", program: pair, config: MachineConfig(), width: 200, height: 50)
            let clock = ContinuousClock()
            let start = clock.now
            for batch in batches { _ = app.update(.session(.events(batch))) }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            benchmark.measurement(.custom("Mevents/s", polarity: .prefersLarger, useScalingFactor: false),
                                  Int(Double(pairEvents.count) / seconds / 1e6))
            blackHole(app.summary.eventCount)
        }
    }
}
