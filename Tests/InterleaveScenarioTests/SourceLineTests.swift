import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// Every event a thread makes carries the source line it was at; the scheduler's carry none.
@Suite struct SourceLineTests {
    static let source = """
        shared counter = 0
        lock = Lock()

        def add():
            with lock:
                counter += 1
            sleep 1ms

        t = start add()
        add()
        join t
        expect counter == 2
        """

    @Test func eachEventCarriesTheLineOfTheStatementThatMadeIt() throws {
        let events = simulate(try compileScenario(SourceLineTests.source)).events
        func lines(_ kind: String) -> Set<Int32> { Set(events.filter { $0.kind.tag.name == kind }.map(\.line)) }
        #expect(lines("lockAcquired") == [5] && lines("lockReleased") == [5], "with lock: is line 5")
        #expect(lines("sharedRead") == [6, 12] && lines("sharedWrite") == [6], "counter += 1 is line 6; expect reads at 12")
        #expect(lines("threadCreated").subtracting([0]) == [9], "start add() is line 9")
        #expect(lines("joinDone") == [11])
        #expect(lines("expectation") == [12])
        // A sleep blocks at its line, and the thread wakes there.
        let sleeper = try #require(events.first { if case .blocked(.sleep, _, _) = $0.kind { true } else { false } })
        #expect(sleeper.line == 7)
        #expect(events.contains { $0.kind.tag.name == "woken" && $0.thread == sleeper.thread && $0.line == 7 })
        // The scheduler acts on nobody's behalf, at no line.
        #expect(events.filter { $0.thread == Event.machine }.allSatisfy { $0.line == 0 })
        // Every thread's events have a line from its first step on.
        #expect(events.filter { $0.thread >= 0 && $0.kind.tag.name != "threadCreated" }.allSatisfy { $0.line > 0 })
    }

    @Test func aThreadPreemptedInALoopIsAtALineOfTheLoop() throws {
        let source = """
            config policy = gil
            def spin():
                n = 0
                for i in range(200000):
                    n = n + i

            t = start spin()
            spin()
            join t
            """
        let events = simulate(try compileScenario(source)).events
        let dropped = events.filter { if case .gilReleased(_, .dropRequest) = $0.kind { true } else { false } }
        #expect(!dropped.isEmpty, "two spinning threads hand the GIL back and forth")
        #expect(dropped.allSatisfy { $0.line == 4 || $0.line == 5 }, "\(Set(dropped.map(\.line)))")
        // Without a GIL, on one core, the time slice ends inside the loop too.
        let rr = simulate(try compileScenario(source), .with(policy: "rr", cores: 1)).events
        let preempted = rr.filter { if case .preempted = $0.kind { true } else { false } }
        #expect(!preempted.isEmpty)
        #expect(preempted.allSatisfy { $0.line == 4 || $0.line == 5 }, "\(Set(preempted.map(\.line)))")
    }

    @Test func theWorldKnowsWhereEachThreadIs() throws {
        let scenario = try compileScenario(SourceLineTests.source)
        var world = World(program: scenario.program)
        for event in simulate(scenario).events.prefix { $0.kind.tag.name != "sharedWrite" } { world.apply(event) }
        // The first write is about to happen: its thread is at line 6, main (if not the writer) elsewhere.
        #expect(world.threads.contains { $0.line == 6 })
    }
}
