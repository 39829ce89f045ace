import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// The `gil` policy follows shared/CPYTHON_MODEL.md.
@Suite struct GILTests {
    func events(_ result: SimulationResult, _ match: (Event.Kind) -> Bool) -> [Event] {
        result.events.filter { match($0.kind) }
    }

    @Test func twoCPUBoundThreadsHandTheGILOverAboutEveryInterval() {
        let result = simulate(Demos.cpuBound(threads: 2, work: VirtualDuration.ms(100)), MachineConfig(policy: .gil, seed: 1))
        // A waiter asks for a drop a whole interval after it began waiting or after the last switch,
        // whichever is later, plus at most the 50 us timer slack; the holder, computing, gives the
        // GIL up at once.
        var acquiredAt: [ThreadID: VirtualTime] = [:]
        var waitingSince: [ThreadID: VirtualTime] = [:]
        var requestedAt: VirtualTime?
        var drops = 0
        for event in result.events {
            switch event.kind {
            case .gilAcquired: acquiredAt[event.thread] = event.time
            case .blocked(.gil, _, _): waitingSince[event.thread] = event.time
            case .gilDropRequested(_, let holder):
                let since = max(acquiredAt[holder]!, waitingSince[event.thread]!)
                #expect(event.time - since >= VirtualDuration.ms(5))
                #expect(event.time - since <= VirtualDuration.us(5_050))
                requestedAt = event.time
            case .gilReleased(_, .dropRequest):
                #expect(event.time - requestedAt! <= VirtualDuration.us(1))
                drops += 1
            default: break
            }
        }
        #expect(drops >= 30)
    }

    @Test func aDropIsRequestedOnlyAfterAWholeIntervalWithoutASwitch() {
        let result = simulate(Demos.cpuBound(threads: 2, work: VirtualDuration.ms(30)), MachineConfig(policy: .gil, seed: 1))
        var lastAcquired: VirtualTime = 0
        for event in result.events {
            switch event.kind {
            case .gilAcquired: lastAcquired = event.time
            case .gilDropRequested: #expect(event.time - lastAcquired >= VirtualDuration.ms(5))
            default: break
            }
        }
        #expect(events(result) { if case .gilDropRequested = $0 { return true }; return false }.count >= 4)
    }

    @Test func theThreadThatDroppedTheGILDoesNotTakeItStraightBack() {
        // Forced switching: after a drop, the next holder is another thread.
        let result = simulate(Demos.cpuBound(threads: 3, work: VirtualDuration.ms(40)), MachineConfig(policy: .gil, seed: 4))
        var dropper: ThreadID?
        for event in result.events {
            switch event.kind {
            case .gilReleased(_, .dropRequest): dropper = event.thread
            case .gilAcquired:
                if let dropper { #expect(event.thread != dropper) }
                dropper = nil
            default: break
            }
        }
    }

    @Test func anUncontendedAcquireKeepsTheGILAndABlockedOneReleasesIt() {
        let b = ProgramBuilder(name: "acquire")
        let lock = b.lock("lock")
        let holder = b.function("holder") { f in
            f.acquire(lock)
            f.sleep(.constant(Int64(VirtualDuration.ms(10))))
            f.release(lock)
        }
        b.main { f in
            f.with(lock) { _ in }
            let t = f.start(holder)
            f.sleep(.constant(Int64(VirtualDuration.ms(1))))
            f.acquire(lock)
            f.release(lock)
            f.join(t)
        }
        let result = simulate(b.build(), MachineConfig(policy: .gil))
        let mainEvents = result.events.filter { $0.thread == 0 }
        // The first, uncontended acquire is not preceded by a GIL release.
        let firstAcquire = mainEvents.firstIndex { if case .lockAcquired = $0.kind { return true }; return false }!
        #expect(!mainEvents[..<firstAcquire].contains { if case .gilReleased = $0.kind { return true }; return false })
        // The contended acquire releases the GIL, then blocks on the lock.
        let blocked = mainEvents.firstIndex { if case .blocked(.lock, _, _) = $0.kind { return true }; return false }!
        if case .gilReleased(_, .blocking) = mainEvents[blocked - 1].kind {} else {
            Issue.record("expected a GIL release before blocking, got \(mainEvents[blocked - 1].kind)")
        }
    }

    @Test func theConvoyEffect() {
        // An I/O-bound thread next to a CPU-bound one pays for the GIL after every blocking call.
        let b = ProgramBuilder(name: "convoy")
        let io = b.function("io") { f in f.repeat(20) { f in f.io(.constant(Int64(VirtualDuration.us(100)))) } }
        let cpu = b.function("cpu") { f in f.compute(.constant(Int64(VirtualDuration.ms(500)))) }
        b.main { f in
            let c = f.start(cpu)
            let i = f.start(io)
            f.join(i)
            f.join(c)
        }
        let alone = simulate(Demos.ioBound(threads: 1, calls: 20, each: VirtualDuration.us(100)), MachineConfig(policy: .gil))
        let convoy = simulate(b.build(), MachineConfig(policy: .gil))
        let ioThread = convoy.summary.threads[2]
        #expect(ioThread.finishedAt! > 10 * alone.summary.duration)
        // Most of its time is spent waiting for the GIL: about one interval per call.
        #expect(ioThread.waited(.gil) >= 15 * VirtualDuration.ms(5))
    }
}
