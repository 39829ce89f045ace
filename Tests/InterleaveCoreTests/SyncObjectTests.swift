import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// Event, Condition, Semaphore, Barrier, Queue and join follow Python's threading semantics.
@Suite struct SyncObjectTests {
    @Test(arguments: [Policy.gil, .random, .free, .pct()])
    func producerConsumerWithAConditionDeliversEveryItem(policy: Policy) {
        for seed in UInt64(1)...10 {
            let result = simulate(Demos.producerConsumer(items: 10, capacity: 2), MachineConfig(policy: policy, seed: seed))
            #expect(result.summary.succeeded, "seed \(seed)\n\(result.summary.text())")
        }
    }

    @Test func notifyWakesWaitersInFIFOOrderWithoutReleasingTheLock() {
        let b = ProgramBuilder(name: "notify-order")
        let condition = b.condition("c")
        let order = b.shared("order")
        let waiter = b.function("waiter", parameters: 1) { f in
            f.with(condition) { f in
                f.wait(condition)
                f.set(order, .shared(order) * 10 + .local(f.parameter(0)))
            }
        }
        b.main { f in
            let handles = (1...3).map { i in f.start(waiter, [.constant(Int64(i))]) }
            f.sleep(.constant(Int64(VirtualDuration.ms(1))))
            f.with(condition) { f in
                f.notify(condition, 2)
                f.notify(condition, 1)
            }
            for handle in handles { f.join(handle) }
        }
        let result = simulate(b.build(), MachineConfig(policy: .rr))
        #expect(result.summary.outcome == .completed)
        // The first two notified are the first two that waited, and none runs until main releases the lock.
        let notified = result.events.compactMap { event -> Int32? in
            if case .conditionNotified(_, let woke) = event.kind { return woke }
            return nil
        }
        #expect(notified == [2, 1])
        let woken = result.events.filter { if case .woken(.notified, _) = $0.kind { return true }; return false }
        #expect(woken.map(\.thread) == [1, 2, 3])
        // Nobody returns from wait before main has released the condition's lock.
        let mainRelease = result.events.first { event in
            if case .lockReleased(_, 0) = event.kind { return event.thread == 0 }
            return false
        }!
        let returns = result.events.filter { if case .conditionWaitDone = $0.kind { return true }; return false }
        #expect(returns.count == 3)
        #expect(returns.allSatisfy { $0.seq > mainRelease.seq })
        // All three ran their update once: the digits 1, 2, 3 in some order.
        let digits = result.summary.value(of: "order")!.integer!
        #expect(String(digits).sorted() == ["1", "2", "3"])
    }

    @Test func conditionWaitTimesOutAndStillReacquiresTheLock() {
        let b = ProgramBuilder(name: "cond-timeout")
        let condition = b.condition("c")
        let result = b.shared("result", -1)
        b.main { f in
            f.with(condition) { f in
                let got = f.local()
                f.wait(condition, timeout: .constant(Int64(VirtualDuration.ms(5))), result: got)
                f.set(result, .local(got))
            }
        }
        let run = simulate(b.build())
        #expect(run.summary.outcome == .completed)
        #expect(run.summary.value(of: "result") == .bool(false), "a timed-out wait returns False")
        #expect(run.summary.errors.isEmpty)
        #expect(run.summary.duration >= VirtualDuration.ms(5))
    }

    @Test func semaphoreLetsAtMostThreeIn() {
        for seed in UInt64(1)...10 {
            let result = simulate(Demos.connectionPool(workers: 10, connections: 3), MachineConfig(policy: .gil, seed: seed))
            #expect(result.summary.succeeded)
            #expect(result.summary.value(of: "peak") == 3)
            // Ten 100 ms uses, three at a time: four rounds.
            #expect(result.summary.duration >= VirtualDuration.ms(400))
            #expect(result.summary.duration < VirtualDuration.ms(402))
        }
    }

    @Test func barrierReleasesEveryoneWhenTheLastArrives() {
        let result = simulate(Demos.barrier(parties: 3), MachineConfig(policy: .gil, seed: 2))
        #expect(result.summary.succeeded)
        let passed = result.events.filter { if case .barrierPassed = $0.kind { return true }; return false }
        #expect(passed.count == 1)
        // The last worker sleeps 30 ms before arriving; nobody passes before that.
        #expect(passed[0].time >= VirtualDuration.ms(30))
    }

    @Test func aBarrierTimeoutBreaksItForEveryone() {
        let b = ProgramBuilder(name: "barrier-timeout")
        let barrier = b.barrier("b", parties: 3)
        let indices = b.shared("sum")
        let waiter = b.function("waiter") { f in
            let index = f.local()
            f.wait(barrier, index: index)
            f.increment(indices, by: .local(index))
        }
        b.main { f in
            let t = f.start(waiter)
            f.sleep(.constant(Int64(VirtualDuration.ms(1))))
            let index = f.local()
            f.wait(barrier, timeout: .constant(Int64(VirtualDuration.ms(2))), index: index)
            f.increment(indices, by: .local(index))
            f.join(t)
        }
        let result = simulate(b.build())
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.value(of: "sum") == -2)
        #expect(result.events.contains { if case .barrierBroken = $0.kind { return true }; return false })
    }

    @Test(arguments: [Policy.gil, .random, .free])
    func queuePipelineDeliversEverythingInOrder(policy: Policy) {
        for seed in UInt64(1)...10 {
            let result = simulate(Demos.pipeline(items: 6), MachineConfig(policy: policy, seed: seed))
            #expect(result.summary.succeeded)
            let got = result.events.compactMap { event -> Int64? in
                if case .queueGot(_, let value, _) = event.kind { return value.integer }
                return nil
            }
            #expect(got == [1, 2, 3, 4, 5, 6])
            // The queue never holds more than its 2 slots.
            let sizes = result.events.compactMap { event -> Int32? in
                if case .queuePut(_, _, let size) = event.kind { return size }
                return nil
            }
            #expect(sizes.allSatisfy { $0 <= 2 })
        }
    }

    @Test func eventWaitTimesOutOrSeesTheFlag() {
        let b = ProgramBuilder(name: "event")
        let event = b.flag("go")
        let early = b.shared("early", -1)
        let late = b.shared("late", -1)
        b.main { f in
            let got = f.local()
            f.wait(event, timeout: .constant(Int64(VirtualDuration.ms(1))), result: got)
            f.set(early, .local(got))
            f.set(event)
            f.wait(event, timeout: .constant(Int64(VirtualDuration.ms(1))), result: got)
            f.set(late, .local(got))
        }
        let result = simulate(b.build())
        #expect(result.summary.value(of: "early") == .bool(false))
        #expect(result.summary.value(of: "late") == .bool(true))
    }

    @Test func timedJoinLeavesTheThreadRunning() {
        let b = ProgramBuilder(name: "join-timeout")
        let alive = b.shared("alive", -1)
        let slow = b.function("slow") { f in f.sleep(.constant(Int64(VirtualDuration.ms(100)))) }
        b.main { f in
            let t = f.start(slow)
            f.join(t, timeout: .constant(Int64(VirtualDuration.ms(10))))
            f.set(alive, .isAlive(.local(t)))
            f.join(t)
        }
        let result = simulate(b.build())
        #expect(result.summary.value(of: "alive") == .bool(true))
        #expect(result.events.contains { if case .joinDone(1, timedOut: true) = $0.kind { return true }; return false })
        #expect(result.summary.duration >= VirtualDuration.ms(100))
    }

    @Test func processesHaveTheirOwnSharedVariables() {
        let b = ProgramBuilder(name: "processes")
        let x = b.shared("x")
        let results = b.queue("results")
        let child = b.function("child") { f in
            f.set(x, 100)
            f.put(results, .shared(x))
        }
        b.main { f in
            let p = f.startProcess(child)
            let item = f.local()
            f.get(results, into: item)
            f.join(p)
            f.expect(.shared(x) == 0, "the parent's x is untouched")
            f.expect(.local(item) == 100, "the child's value came through the queue")
        }
        let result = simulate(b.build())
        #expect(result.summary.succeeded)
        #expect(result.summary.shared.count == 2)
        #expect(result.summary.shared[1] == [100])
    }
}
