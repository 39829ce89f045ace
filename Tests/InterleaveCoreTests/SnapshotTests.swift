import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// The machine is a value: a copy is a snapshot that continues exactly like the original.
@Suite struct SnapshotTests {
    @Test func aCopyContinuesLikeTheOriginal() {
        let program = Demos.unlockedCounter(threads: 3, increments: 500)
        var original = Machine(program: program, config: MachineConfig(policy: .random, seed: 11))
        var prefix: [Event] = []
        _ = original.run(RunLimit(maxEvents: 777), into: &prefix)
        var snapshot = original
        let rest = original.runToEnd()
        let fromSnapshot = snapshot.runToEnd()
        #expect(rest == fromSnapshot)
        #expect(!rest.isEmpty)
        // ... and the snapshot was not disturbed by the original running on.
        #expect(snapshot.steps == original.steps)
    }

    @Test func stoppingEarlyAndGoingOnGivesTheSameStreamAsOneRun() {
        let program = Demos.producerConsumer()
        let whole = simulate(program, MachineConfig(policy: .gil, seed: 3)).events
        var machine = Machine(program: program, config: MachineConfig(policy: .gil, seed: 3))
        var pieces: [Event] = []
        while true {
            if case .finished = machine.run(RunLimit(maxEvents: 1), into: &pieces) { break }
        }
        #expect(pieces == whole)
    }

    @Test func runningUntilATimeStopsBeforeIt() {
        var machine = Machine(program: Demos.workers(), config: MachineConfig(policy: .gil))
        var events: [Event] = []
        let status = machine.run(RunLimit(maxEvents: 1 << 20, untilTime: VirtualDuration.s(1)), into: &events)
        #expect(status == .reachedTime)
        #expect(events.allSatisfy { $0.time <= VirtualDuration.s(1) })
        #expect(machine.outcome == nil)
        let rest = machine.runToEnd()
        #expect(rest.first!.time >= VirtualDuration.s(2))
    }
}
