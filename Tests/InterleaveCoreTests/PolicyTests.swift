import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

@Suite struct PolicyTests {
    @Test func everyNamedPolicyResolves() {
        for name in Policy.names {
            #expect(Policy.named(name)?.name == name)
        }
        #expect(Policy.named("fifo") == nil)
    }

    @Test func onlyTheHardwareModelsTreatNearbyStepsAsConcurrent() {
        // `rr` orders visible steps strictly by time, so the concurrency window changes nothing;
        // under `free` a wider window makes more steps a choice, and the run changes.
        let program = Demos.unlockedCounter(threads: 2, increments: 500)
        func digest(_ policy: Policy, window: VirtualTime) -> UInt64 {
            simulate(program, MachineConfig(policy: policy, seed: 4, concurrencyWindow: window)).digest
        }
        #expect(digest(.rr, window: 100) == digest(.rr, window: VirtualDuration.us(5)))
        #expect(digest(.free, window: 100) != digest(.free, window: VirtualDuration.us(5)))
    }

    @Test func roundRobinTimeSlicesThreadsOnOneCore() {
        let result = simulate(Demos.cpuBound(threads: 3, work: VirtualDuration.ms(50)),
                              MachineConfig(policy: .rr, cores: 1, quantum: VirtualDuration.ms(10)))
        let preemptions = result.events.filter { if case .preempted(_, .quantum) = $0.kind { return true }; return false }
        #expect(preemptions.count >= 10)
        #expect(result.summary.duration >= VirtualDuration.ms(150))
        // Time slicing: even the first to finish shares the core with the others on the way
        // (run one after another, it would be done at 50 ms).
        let finishes = result.summary.threads.dropFirst().compactMap(\.finishedAt)
        #expect(finishes.min()! > VirtualDuration.ms(100))
    }

    @Test func priorityPreemptsALowerPriorityThreadAtOnce() {
        let b = ProgramBuilder(name: "priority")
        let low = b.function("low") { f in f.compute(.constant(Int64(VirtualDuration.ms(50)))) }
        let high = b.function("high") { f in f.compute(.constant(Int64(VirtualDuration.ms(10)))) }
        b.main { f in
            let l = f.start(low, priority: -5, name: "low")
            f.sleep(.constant(Int64(VirtualDuration.ms(5))))
            let h = f.start(high, priority: 10, name: "high")
            f.join(h)
            f.join(l)
        }
        let result = simulate(b.build(), MachineConfig(policy: .priority, cores: 1))
        #expect(result.events.contains { if case .preempted(_, .priority) = $0.kind { return true }; return false })
        let highFigures = result.summary.threads.first { $0.name == "high" }!
        let lowFigures = result.summary.threads.first { $0.name == "low" }!
        #expect(highFigures.finishedAt! < VirtualDuration.ms(16))
        #expect(lowFigures.finishedAt! > highFigures.finishedAt!)
    }

    @Test func manualPolicyStopsAtEveryChoiceAndTakesAnswers() throws {
        var machine = Machine(program: Demos.lockCounter(threads: 3, increments: 5),
                              config: MachineConfig(policy: .manual(over: .random)))
        var events: [Event] = []
        var answered = 0
        loop: while true {
            switch machine.run(RunLimit(maxEvents: 1 << 16), into: &events) {
            case .awaitingChoice(let request):
                #expect(request.options.count >= 2)
                #expect(throws: ChoiceError.outOfRange(request.options.count, count: request.options.count)) {
                    try machine.answer(request.options.count)
                }
                // Always pick the last option.
                try machine.answer(thread: request.options.last!)
                answered += 1
            case .finished(let outcome):
                #expect(outcome == .completed)
                break loop
            default: continue
            }
        }
        #expect(answered > 0)
        let choices = events.compactMap { event -> (Int32, Int)? in
            if case .choice(_, let options, let chosen) = event.kind { return (chosen, options.count) }
            return nil
        }
        #expect(choices.count == answered)
        #expect(choices.allSatisfy { Int($0.0) == $0.1 - 1 })
        #expect(throws: ChoiceError.noPendingChoice) { try machine.answer(0) }
    }

    @Test func pctRunsTheHighestPriorityThreadAndChangesItsMind() {
        // Different seeds give PCT different priorities, so different threads finish first.
        let program = Demos.unlockedCounter(threads: 3, increments: 500)
        let firstFinishers = Set((UInt64(1)...12).map { seed -> ThreadID in
            let result = simulate(program, MachineConfig(policy: .pct(depth: 3), seed: seed, cores: 1, pctSteps: 3000))
            return result.events.first { if case .threadFinished = $0.kind { return true }; return false }!.thread
        })
        #expect(firstFinishers.count > 1)
    }
}
