import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// The threading tutorial's programs behave, in virtual time, the way the tutorial says they do.
@Suite struct TutorialWorkloadTests {
    @Test(arguments: [Policy.gil, .free, .rr])
    func fiveSleepingWorkersFinishInTwoSeconds(policy: Policy) {
        let result = simulate(Demos.workers(), MachineConfig(policy: policy, seed: 3))
        let summary = result.summary
        #expect(summary.outcome == .completed)
        // 2 s of sleep, plus only the start-up costs: five thread starts and a few instructions.
        #expect(summary.duration >= VirtualDuration.s(2))
        #expect(summary.duration < VirtualDuration.s(2) + VirtualDuration.ms(1))
        let workers = summary.threads.dropFirst()
        #expect(workers.count == 5)
        #expect(workers.allSatisfy { $0.finishedAt != nil })
        #expect(summary.output.filter { $0.hasSuffix("finished") }.count == 5)
        #expect(summary.output.last == "All workers completed.")

        // Main's last join returns after the last worker finished.
        let lastFinish = result.events.last { event in
            if case .threadFinished = event.kind { return event.thread != 0 }
            return false
        }!
        let lastJoin = result.events.last { event in
            if case .joinDone = event.kind { return event.thread == 0 }
            return false
        }!
        #expect(lastJoin.seq > lastFinish.seq)
        #expect(lastJoin.time >= lastFinish.time)
    }

    @Test func ioBoundThreadsOverlapTheirWaits() {
        let threaded = simulate(Demos.ioBound(threads: 8, calls: 5, each: VirtualDuration.ms(200)), MachineConfig(policy: .gil))
        let sequential = simulate(Demos.ioBound(threads: 1, calls: 40, each: VirtualDuration.ms(200)), MachineConfig(policy: .gil))
        #expect(threaded.summary.outcome == .completed)
        #expect(sequential.summary.outcome == .completed)
        // 5 rounds of 200 ms: about 1 s. The same 40 calls one after another: 8 s.
        #expect(threaded.summary.duration >= VirtualDuration.s(1))
        #expect(threaded.summary.duration < VirtualDuration.ms(1_010))
        #expect(sequential.summary.duration >= VirtualDuration.s(8))
        #expect(sequential.summary.duration < VirtualDuration.ms(8_010))
    }

    @Test func cpuBoundThreadsDoNotGoFasterUnderTheGIL() {
        let work = VirtualDuration.ms(100)
        let gil = simulate(Demos.cpuBound(threads: 2, work: work), MachineConfig(policy: .gil, cores: 2))
        let free = simulate(Demos.cpuBound(threads: 2, work: work), MachineConfig(policy: .free, cores: 2))
        let processes = simulate(Demos.cpuBound(threads: 2, work: work, processes: true),
                                 MachineConfig(policy: .gil, cores: 2))
        // Under the GIL only one thread computes at a time: about 2X.
        #expect(gil.summary.duration >= 2 * work)
        #expect(gil.summary.duration < 2 * work + VirtualDuration.ms(2))
        // Without it both cores work at once: about X.
        #expect(free.summary.duration >= work)
        #expect(free.summary.duration < work + VirtualDuration.ms(1))
        // One process per core, each with its own GIL: about X plus process start-up.
        #expect(processes.summary.duration < work + VirtualDuration.ms(12))
        // Under the GIL, each thread spent about as long waiting for the GIL as computing.
        let crunchers = gil.summary.threads.dropFirst()
        for figures in crunchers {
            #expect(figures.running >= work)
            #expect(figures.waited(.gil) > work / 2)
        }
    }

    @Test func daemonThreadIsStoppedWhenMainEnds() {
        let result = simulate(Demos.daemon(), MachineConfig(policy: .gil))
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.duration >= VirtualDuration.ms(1500))
        #expect(result.summary.duration < VirtualDuration.ms(1501))
        #expect(result.summary.threads[1].stopped)
        // It printed twice (at 0 s and 1 s) and never got to its third round.
        #expect(result.summary.output.filter { $0 == "daemon still working" }.count == 2)
        #expect(result.summary.output.last == "main done")
    }
}
