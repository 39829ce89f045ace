import Benchmark
import InterleaveCore
import InterleaveDemos
import InterleaveRecording

/// Recordings: how fast they are written, how small, and how fast a large one opens.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    // The catalogue's lock counter: 2 × 100,000 increments under the GIL, about 800,000 events.
    let program = Demos.lockCounter(threads: 2, increments: 100_000)
    let config = MachineConfig(policy: .gil, seed: 1)
    var run = Driver(Simulation(program: program, config: config))
    let events = run.eventsToEnd()
    let header = RecordingHeader(interleaveVersion: "bench", scenarioName: "lock_counter", source: "", config: config)

    func recorded(_ events: [Event]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(events.count * 8)
        var writer = try! RecordingWriter(header: header) { bytes += $0 }
        try! writer.append(events)
        try! writer.finish()
        return bytes
    }

    let mevents = BenchmarkMetric.custom("Mevents/s", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark("write the lock counter's \(events.count / 1000)k events", configuration: .init(metrics: [.wallClock, mevents])) { benchmark in
        for _ in benchmark.scaledIterations {
            let clock = ContinuousClock()
            let start = clock.now
            let bytes = recorded(events)
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            benchmark.measurement(mevents, Int(Double(events.count) / seconds / 1e6))
            blackHole(bytes)
        }
    }

    let bytes = recorded(events)
    let perEvent = BenchmarkMetric.custom("bytes/event (×100)", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark("size of the lock counter's recording", configuration: .init(metrics: [perEvent], maxIterations: 1)) { benchmark in
        benchmark.measurement(perEvent, bytes.count * 100 / events.count)
    }

    // A 1,000,000-event recording: the counter with 125,000 increments each.
    var large = Driver(Simulation(program: Demos.lockCounter(threads: 2, increments: 125_000), config: config))
    let largeBytes = recorded(large.eventsToEnd())
    Benchmark("open a recording of \(largeBytes.count >> 20) MB (about 1,000,000 events)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! Recording(bytes: largeBytes).events.count)
        }
    }
}
