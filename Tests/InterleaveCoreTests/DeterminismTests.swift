import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// Same program, policy and seed: the same stream, byte for byte. Different seeds: different streams.
@Suite struct DeterminismTests {
    static let seeded: [Policy] = [.random, .pct(), .gil, .gilLegacy, .free]

    @Test(arguments: seeded)
    func sameSeedGivesTheSameStream(policy: Policy) {
        let program = Demos.unlockedCounter(threads: 3, increments: 300)
        let config = MachineConfig(policy: policy, seed: 42, switchInterval: VirtualDuration.us(20))
        let first = simulate(program, config)
        let second = simulate(program, config)
        #expect(first.digest == second.digest)
        #expect(first.events == second.events)
    }

    @Test(arguments: seeded)
    func differentSeedsGiveDifferentStreams(policy: Policy) {
        let program = Demos.unlockedCounter(threads: 3, increments: 300)
        let digests = Set((UInt64(1)...5).map { seed in
            simulate(program, MachineConfig(policy: policy, seed: seed, switchInterval: VirtualDuration.us(20))).digest
        })
        #expect(digests.count > 1)
    }

    @Test(arguments: [Policy.gil, .random, .pct(), .free, .rr, .priority])
    func replayingTheRecordedChoicesThroughManualReproducesTheStream(policy: Policy) {
        // Enough increments that the threads overlap (a thread comes alive 100 µs after its start).
        let program = Demos.lockCounter(threads: 3, increments: 2000)
        let config = MachineConfig(policy: policy, seed: 9, switchInterval: VirtualDuration.us(50))
        let original = simulate(program, config)
        #expect(original.choices.count > 0)

        var recorded = original.choices[...]
        var asked = 0
        var manualConfig = config
        manualConfig.policy = .manual(over: policy)
        let replay = simulate(program, manualConfig) { request in
            asked += 1
            return recorded.popFirst() ?? 0
        }
        #expect(asked == original.choices.count)
        #expect(replay.events == original.events)
    }

    @Test func theStreamIsWellFormed() {
        let result = simulate(Demos.pipeline(), MachineConfig(policy: .random, seed: 5))
        #expect(result.summary.succeeded)
        for (index, event) in result.events.enumerated() {
            #expect(event.seq == UInt64(index))
        }
        for (a, b) in zip(result.events, result.events.dropFirst()) {
            #expect(a.time <= b.time)
        }
        if case .finished(.completed) = result.events.last?.kind {} else { Issue.record("the stream does not end with finished") }
    }
}
