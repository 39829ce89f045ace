import InterleaveCore
import InterleaveDemos
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// The happens-before race detector, lost updates and the lock-order graph, as a run reports them.
@Suite struct DetectorTests {
    static let policies: [String] = ["rr", "random", "pct", "gil", "gil-legacy", "free"]

    /// Runs `source` under `policy` for seeds 1...`seeds` and returns every run's summary.
    func runs(_ source: String, policy: String, seeds: Int = 10) throws -> [Summary] {
        let scenario = try compileScenario(source)
        return (1...seeds).map { simulate(scenario, .with(policy: policy, seed: UInt64($0))).summary }
    }

    @Test(arguments: policies)
    func theLockProtectedCounterHasNoRace(policy: String) throws {
        for (seed, summary) in try runs("""
            shared counter = 0
            lock = Lock()
            def work():
                for _ in range(50):
                    with lock:
                        counter += 1
            a = start work()
            b = start work()
            join a, b
            expect counter == 100
            """, policy: policy).enumerated() {
            #expect(summary.races.isEmpty && summary.lostUpdates.isEmpty, "seed \(seed + 1): \(summary.text())")
            #expect(summary.succeeded)
        }
    }

    /// A value handed over through `handover`: with it the reader is ordered after the writer;
    /// without it (the control) the same accesses race.
    func handover(_ declaration: String, give: String, take: String) -> (synchronized: String, unsynchronized: String) {
        let body = { (give: String, take: String) in """
            shared data = 0
            \(declaration)
            def producer():
                sleep 1ms
                data = 42
                \(give)
            def consumer():
                \(take)
                expect data == 42
            c = start consumer()
            p = start producer()
            join c, p
            """
        }
        return (body(give, take), body("pass", "sleep 5ms"))
    }

    @Test(arguments: policies)
    func aValueHandedOverThroughAQueueOrAnEventDoesNotRace(policy: String) throws {
        for (declaration, give, take) in [("q = Queue()", "q.put(1)", "q.get()"),
                                          ("ready = Event()", "ready.set()", "ready.wait()"),
                                          ("s = Semaphore(0)", "s.release()", "s.acquire()")] {
            let pair = handover(declaration, give: give, take: take)
            for summary in try runs(pair.synchronized, policy: policy) {
                #expect(summary.races.isEmpty, "\(declaration): \(summary.text())")
                #expect(summary.succeeded)
            }
            for summary in try runs(pair.unsynchronized, policy: policy, seeds: 3) {
                #expect(summary.races.count == 1, "\(declaration) control: \(summary.text())")
                #expect(summary.races.first?.report.write == false && summary.races.first?.report.otherWrite == true)
            }
        }
    }

    @Test func startAndJoinOrderWhatComesBeforeAndAfter() throws {
        for summary in try runs("""
            shared setting = 0
            shared result = 0
            def worker():
                result = setting * 2
            setting = 21
            t = start worker()
            join t
            expect result == 42
            """, policy: "free") {
            #expect(summary.races.isEmpty, "\(summary.text())")
        }
    }

    @Test func theUnlockedCounterRacesEvenInARunThatLosesNothing() throws {
        // The second thread comes long after the first has finished: no update can be lost, but
        // nothing orders the two threads' accesses (a sleep is no synchronization).
        let summaries = try runs("""
            shared counter = 0
            def work(delay):
                sleep delay
                counter += 1
            a = start work(0ms)
            b = start work(5ms)
            join a, b
            expect counter == 2
            """, policy: "free", seeds: 3)
        for summary in summaries {
            #expect(summary.succeeded && summary.lostUpdates.isEmpty)
            let race = try #require(summary.races.first, "\(summary.text())")
            #expect(summary.races.count == 1)
            #expect(summary.names.thread(race.thread) == "Thread-2 (work)" && summary.names.thread(race.report.other) == "Thread-1 (work)")
            #expect(!race.report.write && race.report.otherWrite, "b's read races with a's write")
            #expect(race.report.otherStep < race.report.step)
        }
    }

    @Test func theGILIsNotAnEdgeButItKeepsUpdates() throws {
        let scenario = try catalogueScenario("unlocked_counter")
        for seed in UInt64(1)...5 {
            let summary = simulate(scenario, .with(policy: "gil", seed: seed)).summary
            #expect(summary.lostUpdates.isEmpty, "seed \(seed)")
            #expect(summary.races.count == 1, "seed \(seed): the GIL orders nothing")
        }
        let lossy = simulate(scenario, .with(policy: "free", seed: 2)).summary
        let lost = try #require(lossy.lostUpdates.first)
        // Increments are missing. (The counts need not match: a stale write can undo several
        // increments, and a write over a stale write is reported too.)
        #expect(Int(lossy.value(of: "counter")!.integer!) < 20000)
        #expect(lost.first.report.readStep < lost.first.report.overwrittenStep)
        #expect(lost.first.report.overwrittenStep < lost.first.report.writeStep)
    }

    @Test func aStaleReadWrittenBackIsALostUpdateEvenWithoutARace() throws {
        // Each access holds the lock, so there is no data race, but the read and the write are
        // two critical sections: an atomicity violation.
        let source = """
            shared counter = 0
            lock = Lock()
            def work():
                with lock:
                    seen = counter
                sleep 1ms
                with lock:
                    counter = seen + 1
            a = start work()
            b = start work()
            join a, b
            expect counter == 2
            """
        for summary in try runs(source, policy: "free", seeds: 3) {
            #expect(summary.races.isEmpty)
            #expect(summary.lostUpdates.first?.count == 1, "\(summary.text())")
            #expect(!summary.succeeded)
        }
    }

    @Test func aCheckThenActLosesAnUpdateButAWriteAfterAJoinDoesNot() throws {
        // Both threads see the slot free and both claim it: the second claim undoes the first.
        let claims = try runs("""
            config cores = 1
            shared owner = 0
            def claim(me):
                if owner == 0:
                    owner = me
            t1 = start claim(1)
            t2 = start claim(2)
            join t1, t2
            """, policy: "random", seeds: 40)
        #expect(claims.contains { $0.lostUpdates.first?.count == 1 }, "some schedule lets both claim")
        // Main reads x, joins a worker that increments it, then sets it: having waited for the
        // worker, main knows what it did, so nothing is lost (and the join orders everything).
        for summary in try runs("""
            shared x = 0
            def worker():
                x += 1
            print "x is {x}"
            t = start worker()
            join t
            x = 100
            expect x == 100
            """, policy: "free", seeds: 3) {
            #expect(summary.lostUpdates.isEmpty && summary.races.isEmpty, "\(summary.text())")
        }
    }

    @Test func locksTakenInOppositeOrdersAreAPotentialDeadlockEvenWhenTheRunEnds() throws {
        let source = """
            a = Lock()
            b = Lock()
            def one():
                with a:
                    with b:
                        pass
            def two():
                sleep 1ms
                with b:
                    with a:
                        pass
            t1 = start one()
            t2 = start two()
            join t1, t2
            """
        for summary in try runs(source, policy: "gil", seeds: 3) {
            #expect(summary.outcome == .completed)
            let cycle = try #require(summary.lockOrderCycles.first, "\(summary.text())").report
            #expect(summary.lockOrderCycles.count == 1)
            #expect(summary.names.describe(lockOrder: cycle).hasPrefix("'b' → 'a' (Thread-2 (two) at #"))
            #expect(cycle.map(\.held) == [1, 0] && cycle.map(\.taken) == [0, 1])
        }
        // Backing off (a try-lock for the second lock) cannot deadlock: no cycle.
        for summary in try runs("""
            a = Lock()
            b = Lock()
            shared n = 0
            def one():
                with a:
                    with b:
                        n += 1
            def two():
                with b:
                    if a.acquire(blocking=False):
                        n += 1
                        a.release()
            join start one(), start two()
            """, policy: "gil", seeds: 3) {
            #expect(summary.lockOrderCycles.isEmpty, "\(summary.text())")
        }
        let ordered = try catalogueScenario("philosophers_ordered")
        #expect(simulate(ordered).summary.lockOrderCycles.isEmpty)
        let unordered = try catalogueScenario("philosophers")
        let cycles = simulate(unordered, .with(seed: 1)).summary.lockOrderCycles
        #expect(cycles.count == 1 && cycles.first?.report.count == 5, "the five forks")
    }

    @Test func findingsComeRightAfterTheAccessTheyName() throws {
        let scenario = try catalogueScenario("unlocked_counter")
        let events = simulate(scenario).events
        for (i, event) in events.enumerated() {
            switch event.kind {
            case .race(let race):
                #expect(race.step < event.seq && events[Int(race.step)].thread == event.thread)
                #expect(events[Int(race.otherStep)].thread == race.other)
            case .lostUpdate(let lost):
                #expect(Int(lost.writeStep) == i - 1)
                guard case .sharedWrite = events[i - 1].kind, case .sharedRead = events[Int(lost.readStep)].kind,
                      case .sharedWrite = events[Int(lost.overwrittenStep)].kind else {
                    Issue.record("a lost update names a read and two writes")
                    return
                }
            default:
                continue
            }
        }
    }
}

/// The detectors read only the stream: run over the events of a machine that ran without them (as
/// a recording's or another producer's events come), they find what they find in the simulator.
@Suite struct DetectorStageTests {
    @Test(arguments: ["unlocked_counter", "philosophers", "lock_counter", "fetch_pool", "queue_pipeline"])
    func theDetectorsFindTheSameOnAStreamMadeWithoutThem(_ name: String) throws {
        let scenario = try catalogueScenario(name)
        let config = scenario.settings.config
        let with = simulate(scenario.program, config)
        var events = simulate(scenario.program, config, detecting: false).events
        #expect(!events.contains { $0.kind.isFinding }, "the engine alone makes no findings")
        // The stream in batches, as a channel or a recording hands it out.
        var detectors = Detectors(program: scenario.program)
        var processed: [Event] = []
        for start in stride(from: 0, to: events.count, by: 1000) {
            var batch = Array(events[start..<min(start + 1000, events.count)])
            detectors.process(&batch)
            processed.append(contentsOf: batch)
        }
        events = processed
        #expect(events == with.events, "\(name): \(events.count) events against \(with.events.count)")
        if name == "unlocked_counter" || name == "philosophers" {
            #expect(events.contains { $0.kind.isFinding }, "\(name) has findings to find")
        }
    }
}

extension Event.Kind {
    var isFinding: Bool {
        switch self {
        case .race, .lostUpdate, .lockOrderCycle, .deadlock: return true
        default: return false
        }
    }
}
