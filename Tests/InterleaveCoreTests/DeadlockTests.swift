import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

@Suite struct DeadlockTests {
    func deadlockReport(_ result: SimulationResult) -> DeadlockReport? {
        for event in result.events {
            if case .deadlock(let report) = event.kind { return report }
        }
        return nil
    }

    @Test func diningPhilosophersDeadlockAndTheReportNamesTheWholeCycle() throws {
        var deadlocked: SimulationResult?
        for seed in UInt64(1)...20 {
            let result = simulate(Demos.philosophers(count: 5), MachineConfig(policy: .gil, seed: seed))
            if result.summary.outcome == .deadlock {
                deadlocked = result
                break
            }
        }
        let result = try #require(deadlocked)
        let report = try #require(deadlockReport(result))
        #expect(report.cycle.count == 5)
        let names = result.summary.names
        let philosophers = Set(report.cycle.map { names.thread($0.thread) })
        #expect(philosophers == ["P0", "P1", "P2", "P3", "P4"])
        let forks = Set(report.cycle.compactMap { edge -> String? in
            if case .lock(let l) = edge.target { return names.lock(l) }
            return nil
        })
        #expect(forks == ["fork0", "fork1", "fork2", "fork3", "fork4"])
        // Each waits for a fork held by the next philosopher in the cycle.
        for (edge, next) in zip(report.cycle, report.cycle.dropFirst() + [report.cycle[0]]) {
            #expect(edge.holder == next.thread)
        }
        let line = names.describe(cycle: report.cycle)
        #expect(line.contains("→ lock 'fork"))
        #expect(result.summary.text().contains("Deadlock: "))
    }

    @Test(arguments: [Policy.gil, .random, .free, .rr])
    func philosophersTakingForksInOrderNeverDeadlock(policy: Policy) {
        for seed in UInt64(1)...20 {
            let result = simulate(Demos.philosophers(count: 5, ordered: true), MachineConfig(policy: policy, seed: seed))
            #expect(result.summary.outcome == .completed, "seed \(seed)")
            #expect(result.summary.output == ["Everyone has eaten."])
        }
    }

    @Test func reacquiringALockOneHoldsIsAOneThreadDeadlock() throws {
        let b = ProgramBuilder(name: "self-deadlock")
        let lock = b.lock("lock")
        b.main { f in
            f.acquire(lock)
            f.acquire(lock)
        }
        let result = simulate(b.build())
        #expect(result.summary.outcome == .deadlock)
        let report = try #require(deadlockReport(result))
        #expect(report.cycle == [WaitEdge(thread: 0, target: .lock(0), holder: 0)])
    }

    @Test func anRLockMayBeReacquiredByItsOwner() {
        let b = ProgramBuilder(name: "rlock")
        let lock = b.lock("lock", kind: .rlock)
        b.main { f in
            f.acquire(lock)
            f.acquire(lock)
            f.release(lock)
            f.release(lock)
        }
        let result = simulate(b.build())
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.errors.isEmpty)
        #expect(result.summary.locks[0].acquisitions == 1)
    }

    @Test func blockedForeverWithoutACycleIsReportedWithWhatEachThreadWaitsFor() throws {
        let b = ProgramBuilder(name: "never-set")
        let event = b.flag("ready")
        let waiter = b.function("waiter") { f in f.wait(event) }
        b.main { f in
            let t = f.start(waiter)
            f.join(t)
        }
        let result = simulate(b.build(), MachineConfig(policy: .gil))
        #expect(result.summary.outcome == .deadlock)
        let report = try #require(deadlockReport(result))
        #expect(report.cycle.isEmpty)
        #expect(report.blocked == [
            WaitEdge(thread: 0, target: .join(1), holder: 1),
            WaitEdge(thread: 1, target: .flag(0), holder: -1),
        ])
        #expect(result.summary.text().contains("waits for event 'ready'"))
    }

    @Test func aWaitWithATimeoutIsNotADeadlock() {
        let b = ProgramBuilder(name: "timed")
        let lock = b.lock("lock")
        let ok = b.shared("ok")
        let holder = b.function("holder") { f in
            f.acquire(lock)
            f.sleep(.constant(Int64(VirtualDuration.ms(50))))
            f.release(lock)
        }
        b.main { f in
            let t = f.start(holder)
            f.sleep(.constant(Int64(VirtualDuration.ms(1))))
            let got = f.local()
            f.acquire(lock, timeout: .constant(Int64(VirtualDuration.ms(10))), result: got)
            f.set(ok, .local(got))
            f.join(t)
        }
        let result = simulate(b.build())
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.value(of: "ok") == .bool(false))
        #expect(result.summary.locks[0].totalWait >= VirtualDuration.ms(10))
    }
}
