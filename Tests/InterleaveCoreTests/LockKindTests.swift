import InterleaveCore
import InterleaveTestSupport
import Testing

/// Lock kinds, tries, thread-local variables and what a condition wait does to an RLock.
@Suite struct LockKindTests {
    /// Three threads queue on a lock that main holds; returns the order in which they got it.
    func acquisitionOrder(kind: LockDecl.Kind, seed: UInt64) -> [ThreadID] {
        let b = ProgramBuilder(name: "order")
        let lock = b.lock("lock", kind: kind)
        let worker = b.function("worker") { f in f.with(lock) { f in f.compute(.constant(Int64(VirtualDuration.us(10)))) } }
        b.main { f in
            f.acquire(lock)
            var handles: [Local] = []
            for _ in 0..<3 {
                handles.append(f.start(worker))
                f.sleep(.constant(Int64(VirtualDuration.ms(1))))
            }
            f.release(lock)
            for handle in handles { f.join(handle) }
        }
        let result = simulate(b.build(), MachineConfig(policy: .free, seed: seed, cores: 4))
        return result.events.compactMap { event in
            if case .lockAcquired = event.kind, event.thread != 0 { return event.thread }
            return nil
        }
    }

    @Test func aFairLockServesWaitersInArrivalOrder() {
        for seed in UInt64(1)...10 {
            #expect(acquisitionOrder(kind: .fair, seed: seed) == [1, 2, 3])
        }
    }

    @Test func anOrdinaryLockLetsTheOSPick() {
        let orders = Set((UInt64(1)...10).map { acquisitionOrder(kind: .lock, seed: $0) })
        #expect(orders.count > 1)
    }

    @Test func nonBlockingTriesFailWithoutWaiting() {
        let b = ProgramBuilder(name: "try")
        let lock = b.lock("lock")
        let pool = b.semaphore("pool", 0)
        let jobs = b.queue("jobs", maxSize: 1)
        let results = b.shared("results")
        b.main { f in
            let got = f.local()
            f.acquire(lock, blocking: false, result: got)       // succeeds: 1
            f.set(results, .local(got))
            f.acquire(lock, blocking: false, result: got)       // already held: 0
            f.set(results, .shared(results) * 10 + .local(got))
            f.acquire(pool, blocking: false, result: got)       // no units: 0
            f.set(results, .shared(results) * 10 + .local(got))
            f.put(jobs, 1, blocking: false, result: got)         // room: 1
            f.set(results, .shared(results) * 10 + .local(got))
            f.put(jobs, 2, timeout: .constant(Int64(VirtualDuration.ms(3))), result: got)  // full: 0 after 3 ms
            f.set(results, .shared(results) * 10 + .local(got))
        }
        let result = simulate(b.build())
        #expect(result.summary.value(of: "results") == 10010)
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.duration >= VirtualDuration.ms(3))
        #expect(result.summary.duration < VirtualDuration.ms(4))
    }

    @Test func threadLocalVariablesAreSeparatePerThread() {
        let b = ProgramBuilder(name: "thread-local")
        let mine = b.threadLocal("mine")
        let sum = b.shared("sum")
        let lock = b.lock("lock")
        let worker = b.function("worker", parameters: 1) { f in
            f.set(mine, .local(f.parameter(0)))
            f.sleep(.constant(Int64(VirtualDuration.ms(1))))
            f.with(lock) { f in f.set(sum, .shared(sum) + .threadLocal(mine)) }
        }
        b.main { f in
            let handles = [1, 10, 100].map { f.start(worker, [.constant($0)]) }
            for handle in handles { f.join(handle) }
        }
        let result = simulate(b.build(), MachineConfig(policy: .random, seed: 3))
        #expect(result.summary.value(of: "sum") == 111)
    }

    @Test func aConditionWaitReleasesAnRLockFullyAndRestoresItsDepth() {
        let b = ProgramBuilder(name: "rlock-condition")
        let condition = b.condition("c")  // on an RLock, as Python's default
        let ready = b.shared("ready")
        let notifier = b.function("notifier") { f in
            f.with(condition) { f in
                f.set(ready, 1)
                f.notifyAll(condition)
            }
        }
        b.main { f in
            f.acquire(condition.lock)
            f.acquire(condition.lock)               // depth 2
            let t = f.start(notifier)
            f.while(.shared(ready) == 0) { f in f.wait(condition) }
            f.release(condition.lock)
            f.release(condition.lock)
            f.join(t)
        }
        let result = simulate(b.build())
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.errors.isEmpty)
        // The notifier could take the lock while main waited at depth 2, and main came back at depth 2.
        let mainAcquisitions = result.events.compactMap { event -> Int32? in
            if case .lockAcquired(_, let count, _) = event.kind, event.thread == 0 { return count }
            return nil
        }
        #expect(mainAcquisitions == [1, 2, 2])
    }

    @Test func aBoundedSemaphoreRefusesToGrowAndAPlainOneMay() {
        let b = ProgramBuilder(name: "semaphores")
        let bounded = b.semaphore("bounded", 1, bounded: true)
        let plain = b.semaphore("plain", 1)
        b.main { f in
            f.release(plain)
            f.release(bounded)
        }
        let result = simulate(b.build())
        #expect(result.summary.errors.map(\.error) == [.semaphoreOverReleased(0)])
    }
}
