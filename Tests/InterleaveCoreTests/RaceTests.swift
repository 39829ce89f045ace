import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// Lost updates: where they happen, and where the model says they cannot.
@Suite struct RaceTests {
    static let allPolicies: [Policy] = [.rr, .priority, .random, .pct(), .gil, .gilLegacy, .free]

    @Test(arguments: allPolicies)
    func lockedCounterNeverLosesAnUpdate(policy: Policy) {
        for seed in UInt64(1)...100 {
            let result = simulate(Demos.lockCounter(threads: 2, increments: 1000), MachineConfig(policy: policy, seed: seed))
            #expect(result.summary.outcome == .completed, "seed \(seed)")
            #expect(result.summary.value(of: "counter") == 2000, "seed \(seed)")
            #expect(result.summary.succeeded, "seed \(seed)")
        }
    }

    /// Seeds for which the unlocked counter ends below its target.
    func seedsLosingUpdates(_ program: Program, _ config: (UInt64) -> MachineConfig, seeds: ClosedRange<UInt64>) -> [UInt64] {
        seeds.filter { seed in
            let result = simulate(program, config(seed))
            let expected = program.expectations.isEmpty ? 0 : 1
            #expect(result.summary.outcome == .completed)
            return expected == 1 && result.summary.expectations[0].failed > 0
        }
    }

    @Test(arguments: [Policy.random, .free, .gilLegacy])
    func unlockedCounterLosesUpdatesForSomeSeeds(policy: Policy) {
        // A short switch interval so the GIL changes hands many times within the run.
        let program = Demos.unlockedCounter(threads: 2, increments: 2000)
        let losing = seedsLosingUpdates(program, { MachineConfig(policy: policy, seed: $0, switchInterval: VirtualDuration.us(20)) },
                                        seeds: 1...20)
        #expect(!losing.isEmpty)
    }

    @Test func unlockedCounterNeverLosesUpdatesUnderTheModernGIL() {
        // No check point falls between the read and the write of `counter += 1`.
        let program = Demos.unlockedCounter(threads: 2, increments: 2000)
        let losing = seedsLosingUpdates(program, { MachineConfig(policy: .gil, seed: $0, switchInterval: VirtualDuration.us(20)) },
                                        seeds: 1...20)
        #expect(losing.isEmpty)
        // ... even though the GIL did change hands many times.
        let result = simulate(program, MachineConfig(policy: .gil, seed: 1, switchInterval: VirtualDuration.us(20)))
        let drops = result.events.filter { if case .gilReleased(_, .dropRequest) = $0.kind { return true }; return false }
        #expect(drops.count > 20)
    }

    @Test func aCallBetweenReadAndWriteLosesUpdatesUnderTheGIL() {
        let program = Demos.unlockedCounter(threads: 2, increments: 2000, callBetween: true)
        let losing = seedsLosingUpdates(program, { MachineConfig(policy: .gil, seed: $0, switchInterval: VirtualDuration.us(20)) },
                                        seeds: 1...10)
        #expect(!losing.isEmpty)
    }

    @Test func aLostUpdateIsVisibleInTheStream() throws {
        // Under `free` the two threads really run at once: some write is based on a stale read.
        let program = Demos.unlockedCounter(threads: 2, increments: 2000)
        let seed = try #require((UInt64(1)...10).first { seed in
            simulate(program, MachineConfig(policy: .free, seed: seed)).summary.expectations[0].failed > 0
        })
        let result = simulate(program, MachineConfig(policy: .free, seed: seed))
        var writes = 0
        var staleWrites = 0
        var lastRead: [ThreadID: Int64] = [:]
        for event in result.events {
            switch event.kind {
            case .sharedRead(_, let value): lastRead[event.thread] = value.integer
            case .sharedWrite(_, let old, let new):
                writes += 1
                if let read = lastRead[event.thread], read != old.integer, new.integer == read + 1 { staleWrites += 1 }
            default: break
            }
        }
        #expect(writes == 4000)
        #expect(staleWrites > 0)
        #expect(result.summary.value(of: "counter")!.integer! < 4000)
    }
}
