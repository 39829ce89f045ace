import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// The simulation is a value: a copy is a snapshot that continues exactly like the original, detectors and all.
@Suite struct SnapshotTests {
    @Test func aCopyContinuesLikeTheOriginal() {
        let program = Demos.unlockedCounter(threads: 3, increments: 500)
        var original = Simulation(program: program, config: MachineConfig(policy: .random, seed: 11))
        var prefix: [Event] = []
        _ = original.run(RunLimit(maxEvents: 777), into: &prefix)
        let snapshot = original
        var runOriginal = Driver(original), runSnapshot = Driver(snapshot)
        let rest = runOriginal.eventsToEnd()
        #expect(snapshot.eventCount == original.eventCount, "the snapshot was not disturbed by the original running on")
        let fromSnapshot = runSnapshot.eventsToEnd()
        #expect(rest == fromSnapshot)
        #expect(!rest.isEmpty)
        #expect((prefix + rest).contains { if case .race = $0.kind { true } else { false } })
    }

    @Test func stoppingEarlyAndGoingOnGivesTheSameStreamAsOneRun() {
        let program = Demos.producerConsumer()
        let whole = simulate(program, MachineConfig(policy: .gil, seed: 3)).events
        var simulation = Simulation(program: program, config: MachineConfig(policy: .gil, seed: 3))
        var pieces: [Event] = []
        while true {
            if case .finished = simulation.run(RunLimit(maxEvents: 1), into: &pieces) { break }
        }
        #expect(pieces == whole)
    }

    @Test func runningUntilATimeStopsBeforeIt() {
        var simulation = Simulation(program: Demos.workers(), config: MachineConfig(policy: .gil))
        var events: [Event] = []
        let status = simulation.run(RunLimit(maxEvents: 1 << 20, untilTime: VirtualDuration.s(1)), into: &events)
        #expect(status == .reachedTime)
        #expect(events.allSatisfy { $0.time <= VirtualDuration.s(1) })
        #expect(simulation.outcome == nil)
        var driver = Driver(simulation)
        let rest = driver.eventsToEnd()
        #expect(rest.first!.time >= VirtualDuration.s(2))
    }
}
