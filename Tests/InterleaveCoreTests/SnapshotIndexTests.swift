import InterleaveCore
import InterleaveDemos
import InterleaveTestSupport
import Testing

/// Going back to any event of a run: the nearest copy of the source, run forward.
@Suite struct SnapshotIndexTests {
    /// Runs `simulation` to its end in small pieces, feeding the index; choices answered by `answer`.
    func record(_ simulation: Simulation, interval: UInt64, answer: @escaping (ChoiceRequest) -> Int = { _ in 0 })
        -> (events: [Event], index: SnapshotIndex<Simulation>, answers: [Int]) {
        var driver = Driver(simulation)
        var index = SnapshotIndex(simulation, interval: interval)
        var events: [Event] = []
        while true {
            switch driver.run(RunLimit(maxEvents: 100), into: &events, decide: { request, _, _ in answer(request) }) {
            case .finished, .ended, .awaitingChoice:
                return (events, index, driver.answers)
            default:
                break
            }
            index.observe(driver)
        }
    }

    @Test func theSimulationAtAnyEventContinuesExactlyAsTheRunDid() throws {
        let program = Demos.unlockedCounter(threads: 3, increments: 300)
        let (events, index, answers) = record(Simulation(program: program, config: MachineConfig(policy: .random, seed: 5)),
                                              interval: 500)
        #expect(index.checkpoints.copies.count > 3)
        #expect(events.contains { if case .race = $0.kind { true } else { false } }, "the detectors' findings are events too")
        for seq in [0, 1, 499, 500, 1234, events.count / 2, events.count - 1].map(UInt64.init) {
            let (simulation, replayed) = try #require(index.source(after: seq, answers: answers), "event \(seq)")
            #expect(simulation.eventCount > seq)
            let start = Int(simulation.eventCount) - replayed.count
            #expect(replayed == Array(events[start..<Int(simulation.eventCount)]), "the way there is the run's")
            let expected = Array(events[Int(simulation.eventCount)...])
            var driver = Driver(simulation)
            #expect(driver.eventsToEnd() == expected, "and so is the way on, from \(seq)")
        }
        #expect(index.source(after: UInt64(events.count), answers: answers) == nil, "past the end")
    }

    @Test func answersAreGivenAgainOnTheWayForward() throws {
        let program = Demos.unlockedCounter(threads: 2, increments: 50)
        // Always the last candidate: a schedule no default would give.
        let (events, index, answers) = record(Simulation(program: program, config: MachineConfig(policy: .manual(over: .random), seed: 2)),
                                              interval: 64, answer: { $0.options.count - 1 })
        #expect(!answers.isEmpty)
        let seq = UInt64(events.count - 10)
        let (simulation, _) = try #require(index.source(after: seq, answers: answers))
        // The answers still to come are the recorded ones after those already used.
        let answered = events[..<Int(simulation.eventCount)].filter { if case .choice = $0.kind { true } else { false } }.count
        var driver = Driver(simulation, answers: answers, given: answered)
        let rest = driver.eventsToEnd { _, listed, _ in listed }
        #expect(rest == Array(events[(events.count - rest.count)...]))
        #expect(rest.last.map { if case .finished = $0.kind { true } else { false } } == true)
    }

    @Test func aBranchStartsFromTheChoiceWithTheAnswersBeforeIt() throws {
        let program = Demos.unlockedCounter(threads: 2, increments: 20)
        let (_, index, answers) = record(Simulation(program: program, config: MachineConfig(policy: .manual(over: .random), seed: 4)),
                                         interval: 16)
        let k = answers.count / 2
        var (driver, _) = try #require(index.driver(beforeAnswer: k, answers: answers))
        #expect(driver.given == k)
        try driver.answer(1 - answers[k])
        #expect(driver.answers == Array(answers.prefix(k)) + [1 - answers[k]], "the answer replaces the future after it")
    }
}
