import Benchmark
import InterleaveApp
import InterleaveCore
import InterleaveDemos
import InterleaveRuntime
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
    var crowdRun = Driver(Simulation(program: crowd, config: MachineConfig(policy: .gil, seed: 1)))
    let crowdEvents = crowdRun.eventsToEnd()
    var loaded = App(scenario: "lock-counter-64", program: crowd, config: MachineConfig(), width: 200, height: 50)
    _ = loaded.update(.session(.events(crowdEvents)))
    let frameApp = loaded

    /// One benchmark drawing `app`'s 200×50 frame.
    func frame(_ name: String, _ app: App) {
        Benchmark(name) { benchmark in
            var grid = Grid(width: 200, height: 50)
            for _ in benchmark.scaledIterations {
                app.view(into: &grid)
                blackHole(grid)
            }
        }
    }

    frame("frame 200x50, 64 threads, \(crowdEvents.count / 1000)k events in the history", frameApp)

    // The same history zoomed in to 10 ns columns, and on the steps axis: the frame's cost must not grow either.
    var zoomed = loaded
    while zoomed.window.width > 10 { _ = zoomed.update(.key(.character("+"))) }
    frame("frame 200x50, 64 threads, zoomed to 10ns columns", zoomed)
    var steps = loaded
    _ = steps.update(.key(.character("t")))
    frame("frame 200x50, 64 threads, steps axis", steps)

    let pair = Demos.lockCounter(threads: 2, increments: 100_000)
    var pairRun = Driver(Simulation(program: pair, config: MachineConfig(policy: .gil, seed: 1)))
    let pairEvents = pairRun.eventsToEnd()
    let batches = stride(from: 0, to: pairEvents.count, by: 4096).map {
        Array(pairEvents[$0..<min(pairEvents.count, $0 + 4096)])
    }

    // What the view does before its first frame: run the program ahead to fit its pace (the lock
    // counter is longer than the budget, so this is the most it costs).
    Benchmark("run ahead before the first frame: \(RunPreview.budget / 1000)k events of the lock counter") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RunPreview.of(Simulation(program: pair, config: MachineConfig(policy: .gil, seed: 1))))
        }
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

    // The live view's pipeline without a terminal: the engine running flat out on its task, the
    // app folding every batch it sends through the session's channel.
    Benchmark(
        "engine → channel → app, lock counter 2 × 100000, flat out",
        configuration: .init(metrics: [.wallClock, .custom("Mevents/s", polarity: .prefersLarger, useScalingFactor: false)],
                             maxIterations: 20)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let clock = ContinuousClock()
            let start = clock.now
            let session = Session(Simulation(program: pair, config: MachineConfig(policy: .gil, seed: 1)))
            let engine = Task { await session.run() }
            var app = App(scenario: "lock-counter", program: pair, config: MachineConfig(), width: 200, height: 50)
            for await update in session.updates { _ = app.update(.session(update)) }
            _ = await engine.value
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            benchmark.measurement(.custom("Mevents/s", polarity: .prefersLarger, useScalingFactor: false),
                                  Int(Double(app.summary.eventCount) / seconds / 1e6))
            blackHole(app.summary.eventCount)
        }
    }

    // Going back in a 10,000,000-event history (the lock counter, 2 × 1,250,000 increments): one
    // event back from the end, and to an event in the middle (the farthest from a checkpoint).
    let huge = Demos.lockCounter(threads: 2, increments: 1_250_000)
    var hugeMachine = Simulation(program: huge, config: MachineConfig(policy: .gil, seed: 1))
    var long = App(scenario: "lock-counter-10M", program: huge, config: MachineConfig(), width: 200, height: 50)
    var piece: [Event] = []
    while true {
        let status = hugeMachine.run(RunLimit(maxEvents: 4096), into: &piece)
        _ = long.update(.session(.events(piece)))
        piece.removeAll(keepingCapacity: true)
        if case .finished = status { break }
    }
    _ = long.update(.key(.character(" ")))
    let longApp = long
    let count = longApp.store.count
    Benchmark("step back one event at the end of \(count / 1_000_000)M events") { benchmark in
        for _ in benchmark.scaledIterations {
            var app = longApp
            blackHole(app.update(.key(.character(","))))
        }
    }
    let middle = String(count / 2 + 65_000)
    Benchmark("go to event #\(middle) of \(count / 1_000_000)M") { benchmark in
        for _ in benchmark.scaledIterations {
            var app = longApp
            _ = app.update(.key(.character("g")))
            for digit in middle { _ = app.update(.key(.character(digit))) }
            blackHole(app.update(.key(.enter)))
        }
    }
    let historyBytes = longApp.store.byteCount + longApp.history.times.count * 13
        + (longApp.history.threads + longApp.history.locks).reduce(0) { $0 + $1.count * 24 }
    let perEvent = BenchmarkMetric.custom("history bytes/event (×100)", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark("memory of the view's history, \(count / 1_000_000)M events", configuration: .init(metrics: [perEvent], maxIterations: 1)) { benchmark in
        benchmark.measurement(perEvent, historyBytes * 100 / count)
    }
}
