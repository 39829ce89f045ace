import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// Going back to any event of a run: the nearest copy of the machine, run forward.
@Suite struct SnapshotIndexTests {
    /// Runs `machine` to its end in small pieces, feeding the index; manual choices answered by `answer`.
    func record(_ machine: Machine, interval: UInt64, answer: (ChoiceRequest) -> Int = { _ in 0 })
        -> (events: [Event], index: SnapshotIndex) {
        var machine = machine
        var index = SnapshotIndex(machine, interval: interval)
        var events: [Event] = []
        while true {
            switch machine.run(RunLimit(maxEvents: 100), into: &events) {
            case .finished:
                return (events, index)
            case .awaitingChoice(let request):
                let choice = answer(request)
                try? machine.answer(choice)
                index.answered(choice)
            default:
                break
            }
            index.observe(machine)
        }
    }

    @Test func theMachineAtAnyEventContinuesExactlyAsTheRunDid() throws {
        let program = Demos.unlockedCounter(threads: 3, increments: 300)
        let (events, index) = record(Machine(program: program, config: MachineConfig(policy: .random, seed: 5)), interval: 500)
        #expect(index.snapshots.count > 3)
        for seq in [0, 1, 499, 500, 1234, events.count / 2, events.count - 1].map(UInt64.init) {
            var (machine, replayed) = try #require(index.machine(after: seq), "event \(seq)")
            #expect(machine.eventCount > seq)
            let start = Int(machine.eventCount) - replayed.count
            #expect(replayed == Array(events[start..<Int(machine.eventCount)]), "the way there is the run's")
            let expected = Array(events[Int(machine.eventCount)...])
            #expect(machine.runToEnd() == expected, "and so is the way on, from \(seq)")
        }
        #expect(index.machine(after: UInt64(events.count)) == nil, "past the end")
    }

    @Test func manualAnswersAreGivenAgainOnTheWayForward() throws {
        let program = Demos.unlockedCounter(threads: 2, increments: 50)
        // Always the last candidate: a schedule no default would give.
        let (events, index) = record(Machine(program: program, config: MachineConfig(policy: .manual(over: .random), seed: 2)),
                                     interval: 64, answer: { $0.options.count - 1 })
        #expect(!index.answers.isEmpty)
        let seq = UInt64(events.count - 10)
        var (machine, _) = try #require(index.machine(after: seq))
        var rest: [Event] = []
        // The answers still to come are the recorded ones after those already used.
        var answered = events[..<Int(machine.eventCount)].filter { if case .choice = $0.kind { true } else { false } }.count
        while true {
            switch machine.run(RunLimit(maxEvents: 100), into: &rest) {
            case .finished:
                #expect(rest == Array(events[(events.count - rest.count)...]))
                return
            case .awaitingChoice:
                try machine.answer(index.answers[answered])
                answered += 1
            default:
                continue
            }
        }
    }
}
