import InterleaveCore
import InterleaveDemos
import InterleaveRuntime
import InterleaveTestSupport
import Testing

/// Collects a session's updates until it pauses, asks for a choice, or ends.
private func collect(_ iterator: inout Channel<SessionUpdate>.AsyncIterator) async -> (events: [Event], last: SessionUpdate?) {
    var events: [Event] = []
    while let update = await iterator.next() {
        switch update {
        case .events(let batch): events += batch
        default: return (events, update)
        }
    }
    return (events, nil)
}

@Suite struct SessionTests {
    @Test func theStreamThroughTheChannelIsTheMachinesStream() async {
        let program = Demos.lockCounter(threads: 3, increments: 2000)
        let config = MachineConfig(policy: .gil, seed: 5)
        let direct = simulate(program, config).events
        let session = Session(Simulation(program: program, config: config), batchSize: 100, capacity: 2)
        async let final = session.run()
        var iterator = session.updates.makeAsyncIterator()
        let (events, last) = await collect(&iterator)
        #expect(events == direct)
        guard case .finished(.completed)? = last else {
            Issue.record("expected the run to finish, got \(String(describing: last))")
            return
        }
        #expect(await final.outcome == .completed)
    }

    @Test func pauseStepAndStepToTheNextChoice() async {
        let program = Demos.lockCounter(threads: 2, increments: 50)
        let session = Session(Simulation(program: program, config: MachineConfig(policy: .random)), startPaused: true)
        async let final = session.run()
        var iterator = session.updates.makeAsyncIterator()

        session.controls.trySend(.step(1))
        let (first, paused) = await collect(&iterator)
        #expect(!first.isEmpty)
        #expect(first.first?.seq == 0)
        guard case .paused? = paused else {
            Issue.record("expected a pause after one step, got \(String(describing: paused))")
            return
        }

        session.controls.trySend(.stepToChoice)
        let (upToChoice, pausedAgain) = await collect(&iterator)
        #expect(upToChoice.first?.seq == first.last!.seq + 1)
        // It stops right after the action that made the choice: exactly one choice, near the end.
        let choiceIndices = upToChoice.indices.filter { if case .choice = upToChoice[$0].kind { return true }; return false }
        #expect(choiceIndices.count == 1)
        #expect(upToChoice.count - (choiceIndices.first ?? 0) <= 4)
        guard case .paused? = pausedAgain else {
            Issue.record("expected a pause at the choice")
            return
        }

        session.controls.trySend(.stop)
        let (_, end) = await collect(&iterator)
        #expect(end == nil)
        #expect(await final.outcome == nil)
    }

    @Test func manualChoicesTravelBackOverTheControlChannel() async {
        let program = Demos.lockCounter(threads: 3, increments: 20)
        let config = MachineConfig(policy: .manual(over: .random))
        let session = Session(Simulation(program: program, config: config))
        async let final = session.run()
        var iterator = session.updates.makeAsyncIterator()
        var requests = 0
        var events: [Event] = []
        while true {
            let (batch, last) = await collect(&iterator)
            events += batch
            guard case .awaitingChoice(let request)? = last else {
                guard case .finished(.completed)? = last else {
                    Issue.record("unexpected end: \(String(describing: last))")
                    return
                }
                break
            }
            requests += 1
            session.controls.trySend(.choose(request.options.count - 1))
        }
        #expect(requests > 0)
        // Every recorded choice is the one sent back: the last option.
        let choices = events.compactMap { event -> Bool? in
            if case .choice(_, let options, let chosen) = event.kind { return Int(chosen) == options.count - 1 }
            return nil
        }
        #expect(choices.count == requests)
        #expect(choices.allSatisfy { $0 })
        let machine = await final
        #expect(machine.machine.sharedValue(0) == 60)
    }

    @Test func runUntilATimePausesThere() async {
        let session = Session(Simulation(program: Demos.workers(), config: MachineConfig()), startPaused: true)
        async let final = session.run()
        var iterator = session.updates.makeAsyncIterator()
        session.controls.trySend(.runUntil(VirtualDuration.s(1)))
        let (events, paused) = await collect(&iterator)
        #expect(events.allSatisfy { $0.time <= VirtualDuration.s(1) })
        guard case .paused(let at)? = paused else {
            Issue.record("expected a pause")
            return
        }
        #expect(at == VirtualDuration.s(1), "nothing happened before the time asked for: the clock stands there")
        session.controls.trySend(.resume)
        let (rest, end) = await collect(&iterator)
        #expect(rest.first!.time >= VirtualDuration.s(2))
        guard case .finished(.completed)? = end else {
            Issue.record("expected the end")
            return
        }
        _ = await final
    }

    /// A UI paces runs with `runUntil`; a run that deadlocks must still end there, not wait for
    /// a time at which nothing can ever happen.
    @Test func aRunPacedByTimeStillEndsInItsDeadlock() async {
        let b = ProgramBuilder(name: "self-deadlock")
        let lock = b.lock("lock")
        b.main { f in
            f.acquire(lock)
            f.acquire(lock)
        }
        let session = Session(Simulation(program: b.build(), config: MachineConfig()), startPaused: true)
        async let final = session.run()
        var iterator = session.updates.makeAsyncIterator()
        session.controls.trySend(.runUntil(VirtualDuration.s(1)))
        let (_, end) = await collect(&iterator)
        guard case .finished(.deadlock)? = end else {
            Issue.record("expected the deadlock to end the run, got \(String(describing: end))")
            return
        }
        _ = await final
    }

    /// A recorded schedule (answers for every choice) runs in big batches, not one per choice,
    /// and gives the run those answers give.
    @Test func answersGivenAheadKeepTheBatchesBig() async throws {
        let program = Demos.unlockedCounter(threads: 2, increments: 300)
        let random = simulate(program, MachineConfig(policy: .random, seed: 3))
        let answers = random.choices
        #expect(answers.count > 100)
        let session = Session(Simulation(program: program, config: MachineConfig(policy: .answered(.random), seed: 3)),
                              answers: answers)
        async let final = session.run()
        var batches = 0
        var events: [Event] = []
        for await update in session.updates {
            if case .events(let batch) = update {
                batches += 1
                events += batch
            }
        }
        _ = await final
        #expect(events.map(\.kind) == random.events.map(\.kind))
        #expect(batches * 20 < answers.count, "\(batches) batches for \(answers.count) choices")
    }

    /// Going back to an earlier manual answer and giving another: the session says where the run
    /// was cut, and what follows is the run those answers give.
    @Test func aBranchReplacesTheFutureAfterAnEarlierChoice() async throws {
        let program = Demos.unlockedCounter(threads: 2, increments: 30)
        let config = MachineConfig(policy: .manual(over: .random), seed: 4)
        let session = Session(Simulation(program: program, config: config))
        async let final = session.run()
        var iterator = session.updates.makeAsyncIterator()
        var events: [Event] = []
        // Answer the first 12 choices with the first option.
        for _ in 0..<12 {
            let (batch, last) = await collect(&iterator)
            events += batch
            guard case .awaitingChoice? = last else {
                Issue.record("expected a choice")
                return
            }
            session.controls.trySend(.choose(0))
        }
        let (batch, _) = await collect(&iterator)
        events += batch
        let choices = events.filter { if case .choice = $0.kind { true } else { false } }
        let fifth = try #require(choices.dropFirst(5).first)
        // Answer 5 again, with the second option.
        session.controls.trySend(.branch(answer: 5, option: 1))
        var branched: Int?
        var after: [Event] = []
        while let update = await iterator.next() {
            switch update {
            case .branched(let at): branched = at
            case .events(let batch) where branched != nil: after += batch
            case .awaitingChoice where branched != nil:
                session.controls.trySend(.choose(0))
            case .paused where branched != nil:
                // The branch shows its choice and pauses; run on.
                session.controls.trySend(.resume)
            case .finished: break
            default: continue
            }
            if case .finished = update { break }
        }
        #expect(branched == Int(fifth.seq), "the run stands up to the branched choice")
        guard case .choice(_, _, let chosen)? = after.first?.kind else {
            Issue.record("the branch starts with its choice")
            return
        }
        #expect(chosen == 1 && after.first?.seq == fifth.seq)
        // The stream as it now stands is the run those answers give.
        let stands = Array(events[..<Int(fifth.seq)]) + after
        var answers = Array(repeating: 0, count: 5) + [1]
        let expected = simulate(program, config) { _ in answers.isEmpty ? 0 : answers.removeFirst() }.events
        #expect(stands == expected)
        _ = await final
    }

    /// A source that can only be run again from the start (as a real process under control is):
    /// a simulation whose copies the session is not told are snapshots.
    struct RunAgain: EventSource {
        var simulation: Simulation
        var capabilities: SourceCapabilities { [.choices, .rerun] }
        var program: Program { simulation.program }
        var eventCount: UInt64 { simulation.eventCount }
        var now: VirtualTime { simulation.now }
        mutating func run(_ limit: RunLimit, into events: inout [Event]) -> RunStatus { simulation.run(limit, into: &events) }
        mutating func answer(_ index: Int) throws(ChoiceError) { try simulation.answer(index) }
    }

    @Test func aSourceRunAgainBranchesByANewRunOrSaysWhyNot() async throws {
        let program = Demos.unlockedCounter(threads: 2, increments: 30)
        let config = MachineConfig(policy: .manual(over: .random), seed: 4)
        for makes in [true, false] {
            let fresh = RunAgain(simulation: Simulation(program: program, config: config))
            let session = Session(fresh, restart: { makes ? fresh : nil })
            async let final = session.run()
            var iterator = session.updates.makeAsyncIterator()
            var events: [Event] = []
            for _ in 0..<8 {
                let (batch, _) = await collect(&iterator)
                events += batch
                session.controls.trySend(.choose(0))
            }
            let (batch, _) = await collect(&iterator)
            events += batch
            let choices = events.filter { if case .choice = $0.kind { true } else { false } }
            let third = try #require(choices.dropFirst(3).first)
            session.controls.trySend(.branch(answer: 3, option: 1))
            var outcome: SessionUpdate?
            while let update = await iterator.next() {
                if case .branched = update { outcome = update; break }
                if case .branchRefused = update { outcome = update; break }
            }
            if makes {
                guard case .branched(let at)? = outcome else { Issue.record("no branch: \(String(describing: outcome))"); break }
                #expect(at == Int(third.seq), "the new run stands up to the branched choice")
            } else {
                guard case .branchRefused(let why)? = outcome else { Issue.record("not refused: \(String(describing: outcome))"); break }
                #expect(why.contains("the run stands as it was"))
            }
            session.controls.trySend(.stop)
            _ = await final
        }
    }

    /// A view's session stays after the end, so going back and choosing again still works.
    @Test func aSessionThatStaysAfterTheEndStillBranches() async throws {
        let program = Demos.unlockedCounter(threads: 2, increments: 5)
        let session = Session(Simulation(program: program, config: MachineConfig(policy: .manual(over: .random), seed: 1)),
                              keepsAfterEnd: true)
        async let final = session.run()
        var iterator = session.updates.makeAsyncIterator()
        var ends = 0
        var branched: Int?
        while let update = await iterator.next() {
            switch update {
            case .awaitingChoice: session.controls.trySend(.choose(0))
            case .paused: session.controls.trySend(.resume)
            case .branched(let at): branched = at
            case .branchRefused(let why): Issue.record("the branch was refused: \(why)")
            case .finished:
                ends += 1
                // The first end: go back to the fourth answer and pick the other candidate; the second: done.
                session.controls.trySend(ends == 1 ? .branch(answer: 3, option: 1) : .stop)
            case .events, .ended: continue
            }
        }
        #expect(ends == 2 && branched != nil, "the run ended, was branched, and ended again")
        _ = await final
    }
}
