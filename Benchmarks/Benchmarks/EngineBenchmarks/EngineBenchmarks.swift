import Benchmark
import InterleaveCore
import InterleaveDemos
import InterleaveRuntime

/// Engine throughput (with and without the channel) and the cost of a snapshot.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    let counter = Demos.lockCounter(threads: 2, increments: 100_000)

    for policy in [Policy.gil, .rr] {
        // The engine feeding a consumer on another task through the session's channel.
        Benchmark(
            "lock-counter 2x100k \(policy.name), through the channel",
            configuration: .init(metrics: [.wallClock, .custom("events", useScalingFactor: false),
                                           .custom("Mevents/s", polarity: .prefersLarger, useScalingFactor: false)])
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                let clock = ContinuousClock()
                let start = clock.now
                let session = Session(Simulation(program: counter, config: MachineConfig(policy: policy, seed: 1)))
                async let finished = session.run()
                var count = 0
                for await update in session.updates {
                    if case .events(let batch) = update { count += batch.count }
                }
                _ = await finished
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                benchmark.measurement(.custom("events", useScalingFactor: false), count)
                benchmark.measurement(.custom("Mevents/s", polarity: .prefersLarger, useScalingFactor: false),
                                      Int(Double(count) / seconds / 1e6))
                blackHole(count)
            }
        }

        // The engine alone (the machine and the detectors' stage), events appended to a reused buffer.
        Benchmark("lock-counter 2x100k \(policy.name), engine only") { benchmark in
            for _ in benchmark.scaledIterations {
                var simulation = Simulation(program: counter, config: MachineConfig(policy: policy, seed: 1))
                var buffer: [Event] = []
                buffer.reserveCapacity(4200)
                var count = 0
                while true {
                    let status = simulation.run(RunLimit(maxEvents: 4096), into: &buffer)
                    count += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                    if case .finished = status { break }
                }
                blackHole(count)
            }
        }

        // The machine without the detectors.
        Benchmark("lock-counter 2x100k \(policy.name), machine without detectors") { benchmark in
            for _ in benchmark.scaledIterations {
                var simulation = Simulation(program: counter, config: MachineConfig(policy: policy, seed: 1), detecting: false)
                var buffer: [Event] = []
                buffer.reserveCapacity(4200)
                var count = 0
                while true {
                    let status = simulation.run(RunLimit(maxEvents: 4096), into: &buffer)
                    count += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                    if case .finished = status { break }
                }
                blackHole(count)
            }
        }
    }

    // A simulation with 64 live threads, each mid-way through its loop.
    let wide = Demos.lockCounter(threads: 64, increments: 1_000)
    var running = Simulation(program: wide, config: MachineConfig(policy: .gil, seed: 1))
    var scratch: [Event] = []
    while running.machine.threads.count < 65 || running.machine.steps < 200_000 {
        _ = running.run(RunLimit(maxEvents: 1024), into: &scratch)
        scratch.removeAll(keepingCapacity: true)
    }
    let snapshot = running

    Benchmark("snapshot: copy a 64-thread machine", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            let copy = snapshot
            blackHole(copy)
        }
    }

    Benchmark("snapshot: copy a 64-thread machine and step it (copy-on-write)") { benchmark in
        var events: [Event] = []
        events.reserveCapacity(64)
        for _ in benchmark.scaledIterations {
            var copy = snapshot
            _ = copy.run(RunLimit(maxEvents: 1), into: &events)
            events.removeAll(keepingCapacity: true)
            blackHole(copy)
        }
    }

    // Going back: a 10,000,000-event run (the lock counter, 2 × 1,250,000 increments) with a copy
    // of the simulation every 65,536 events; the simulation at its last event, from the nearest copy.
    var long = Driver(Simulation(program: Demos.lockCounter(threads: 2, increments: 1_250_000),
                                 config: MachineConfig(policy: .gil, seed: 1)))
    var index = SnapshotIndex(long.source)
    var pieces: [Event] = []
    while true {
        let status = long.run(RunLimit(maxEvents: 4096), into: &pieces)
        pieces.removeAll(keepingCapacity: true)
        index.observe(long)
        if case .finished = status { break }
    }
    let lastEvent = long.eventCount - 1
    let rewind = index
    Benchmark("seek: the machine at the last of \(lastEvent / 1_000_000)M events, from \(rewind.checkpoints.copies.count) copies") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(rewind.source(after: lastEvent, answers: []))
        }
    }
    Benchmark("seek: the machine at the middle of \(lastEvent / 1_000_000)M events") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(rewind.source(after: lastEvent / 2 + 40_000, answers: []))
        }
    }
}
