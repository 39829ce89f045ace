import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// Details of Python's behaviour that a learner would notice if the model got them wrong.
@Suite struct FidelityTests {
    @Test func startWaitsForTheNewThreadSoTheWorkersStartInOrder() {
        for seed in UInt64(1)...10 {
            let result = simulate(Demos.workers(), MachineConfig(policy: .gil, seed: seed))
            let started = result.summary.output.filter { $0.hasSuffix("started") }
            #expect(started == (0..<5).map { "Worker \($0) started" }, "seed \(seed)")
        }
    }

    @Test func underTheGILALockWaiterTakesTheLockWithoutTheGIL() {
        // Each thread: `with lock: compute 1ms`, then `compute 1ms` outside the lock. The waiter
        // takes the lock while the holder computes outside it, so the lock alternates.
        let b = ProgramBuilder(name: "alternate")
        let lock = b.lock("lock")
        let worker = b.function("worker") { f in
            f.repeat(20) { f in
                f.with(lock) { f in f.compute(.constant(Int64(VirtualDuration.ms(1)))) }
                f.compute(.constant(Int64(VirtualDuration.ms(1))))
            }
        }
        b.main { f in
            let a = f.start(worker)
            let c = f.start(worker)
            f.join(a)
            f.join(c)
        }
        let result = simulate(b.build(), MachineConfig(policy: .gil, seed: 1))
        let owners = result.events.compactMap { event -> ThreadID? in
            if case .lockAcquired = event.kind { return event.thread }
            return nil
        }
        #expect(owners.count == 40)
        let alternations = zip(owners, owners.dropFirst()).filter { $0 != $1 }.count
        #expect(alternations >= 30)
    }

    @Test func aDaemonsThreadsAreDaemonsToo() {
        let b = ProgramBuilder(name: "inherit")
        let grandchild = b.function("grandchild") { f in f.sleep(.constant(Int64(VirtualDuration.s(10)))) }
        let child = b.function("child") { f in
            _ = f.start(grandchild)
            f.sleep(.constant(Int64(VirtualDuration.s(10))))
        }
        b.main { f in
            _ = f.start(child, daemon: true)
            f.sleep(.constant(Int64(VirtualDuration.ms(1))))
        }
        let result = simulate(b.build())
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.threads.dropFirst().allSatisfy { $0.daemon && $0.stopped })
        #expect(result.summary.duration < VirtualDuration.ms(2))
    }

    @Test func aCycleThroughALockAnotherThreadReleasesIsNoDeadlock() {
        // Any thread may release a Lock: main waits on a lock it holds, and the worker frees it.
        let b = ProgramBuilder(name: "release-for-me")
        let lock = b.lock("lock")
        let helper = b.function("helper") { f in
            f.sleep(.constant(Int64(VirtualDuration.ms(1))))
            f.release(lock)
        }
        b.main { f in
            f.acquire(lock)
            let t = f.start(helper)
            f.acquire(lock)
            f.join(t)
        }
        let result = simulate(b.build())
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.deadlock == nil)
    }

    @Test func aHigherPriorityThreadWokenByARunningOneTakesTheCoreAtOnce() {
        let b = ProgramBuilder(name: "wake-high")
        let go = b.flag("go")
        let high = b.function("high") { f in
            f.wait(go)
            f.print("high runs")
        }
        let low = b.function("low") { f in
            f.set(go)
            let i = f.local()
            f.forRange(i, from: 0, to: 100_000) { _ in }   // locals only: nothing another thread sees
        }
        b.main { f in
            let h = f.start(high, priority: 10)
            let l = f.start(low, priority: 1)
            f.join(h)
            f.join(l)
        }
        let result = simulate(b.build(), MachineConfig(policy: .priority, cores: 1))
        let set = result.events.first { if case .flagSet = $0.kind { return true }; return false }!
        let printed = result.events.first { if case .printed = $0.kind { return true }; return false }!
        #expect(printed.time - set.time < VirtualDuration.us(20))
    }

    @Test func theDeadlockIsStampedWhenItHappened() throws {
        let result = simulate(Demos.philosophers(), MachineConfig(policy: .gil, seed: 1))
        #expect(result.summary.outcome == .deadlock)
        let lastBlocked = result.events.last { if case .blocked = $0.kind { return true }; return false }!
        let deadlock = result.events.first { if case .deadlock = $0.kind { return true }; return false }!
        #expect(deadlock.time == lastBlocked.time)
    }
}
