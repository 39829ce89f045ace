import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// `concurrent.futures` written in a scenario: executors, submit, result, as_completed, map and
/// shutdown, as a user of the tutorial's fetch programs writes them.
@Suite struct FuturesScenarioTests {
    /// The fetch program: three calls of different lengths through a pool of `workers`.
    func fetches(workers: Int, loop: String) -> String {
        """
        from concurrent.futures import ThreadPoolExecutor, as_completed

        def fetch(n):
            io 30ms - n * 10ms
            return n

        with ThreadPoolExecutor(max_workers=\(workers)) as pool:
            futures = [pool.submit(fetch, n) for n in range(3)]
        \(loop)
        """
    }

    @Test func asCompletedHandsOutTheFuturesInTheOrderTheyFinish() throws {
        // fetch(2) is the shortest and fetch(0) the longest: as_completed gives 2, 1, 0.
        let scenario = try compileScenario(fetches(workers: 3, loop: """
                for f in as_completed(futures):
                    print "done {f.result()}"
            """))
        let result = simulate(scenario)
        #expect(result.summary.succeeded, "\(result.summary.text())")
        #expect(printed(result) == ["done 2", "done 1", "done 0"])
    }

    @Test func continueAndBreakInAnAsCompletedLoopGoOnToTheNextFutureAndLeaveTheLoop() throws {
        // Done in the order 2, 1, 0: 2 is skipped, 1 is counted and ends the loop, 0 is never taken.
        let scenario = try compileScenario(fetches(workers: 3, loop: """
                seen = 0
                for f in as_completed(futures):
                    if f.result() == 2:
                        continue
                    seen += 1
                    print "took {f.result()}"
                    if f.result() == 1:
                        break
                expect seen == 1
            """))
        let result = simulate(scenario)
        #expect(result.summary.succeeded, "\(result.summary.text())")
        #expect(printed(result) == ["took 1"])
    }

    @Test func mapGivesTheResultsInTheItemsOrderWhateverFinishesFirst() throws {
        let scenario = try compileScenario(fetches(workers: 3, loop: """
                for value in pool.map(fetch, [0, 1, 2]):
                    print "got {value}"
                results = pool.map(fetch, [2, 0])
                expect results[0] == 2 and results[1] == 0
            """))
        let result = simulate(scenario)
        #expect(result.summary.succeeded, "\(result.summary.text())")
        #expect(printed(result) == ["got 0", "got 1", "got 2"])
    }

    @Test func thePoolStartsAWorkerPerSubmissionUpToItsLimitNamedAsCPythonNamesThem() throws {
        let scenario = try compileScenario(fetches(workers: 2, loop: """
                for f in futures:
                    f.result()
            """))
        let result = simulate(scenario)
        #expect(result.summary.succeeded)
        let names = result.events.compactMap { event -> String? in
            if case .threadCreated(_, let name, _, _) = event.kind { return name }
            return nil
        }
        #expect(names == ["MainThread", "ThreadPoolExecutor-0_0", "ThreadPoolExecutor-0_1"])
        // Two workers for three calls of 30, 20 and 10 ms: the third waits for a free worker, so
        // the run takes 30 ms (fetch(0) on one worker; fetch(1) then fetch(2) on the other).
        let end = try #require(result.events.last).time
        #expect(end >= 30_000_000 && end < 31_000_000, "ended at \(end)ns")
    }

    @Test func theThreeFetchesTakeAboutOneRoundTripNotThree() throws {
        let scenario = try catalogueScenario("fetch_pool")
        let result = simulate(scenario)
        #expect(result.summary.succeeded, "\(result.summary.text())")
        let end = try #require(result.events.last).time
        #expect(end > 200_000_000 && end < 260_000_000, "ended at \(end)ns, not about 200 ms")
        #expect(printed(result).last == "All URLs fetched.")
    }

    @Test func anAsCompletedWaitIsShownAsWaitingForTheFirstOfItsFutures() throws {
        let scenario = try catalogueScenario("fetch_pool")
        let result = simulate(scenario)
        var names = EventNames(program: scenario.program)
        let lines = result.events.map { event -> String in
            names.observe(event)
            return names.line(event)
        }
        #expect(lines.contains { $0.contains("MainThread") && $0.contains("the first of 3 futures") }, "\(lines.joined(separator: "\n"))")
    }

    @Test func aTaskThatWaitsForWorkItsFullPoolCannotStartIsReportedAsADeadlock() throws {
        let scenario = try compileScenario("""
            from concurrent.futures import ThreadPoolExecutor
            pool = ThreadPoolExecutor(max_workers=1)

            def inner():
                return 1

            def outer():
                f = pool.submit(inner)
                return f.result()

            expect pool.submit(outer).result() == 1
            """)
        let result = simulate(scenario)
        #expect(result.summary.outcome == .deadlock, "\(result.summary.text())")
    }

    @Test(arguments: [
        ("def f():\n    with ThreadPoolExecutor(max_workers=2) as pool:\n        pass\nf()\n", 2, 10,
         "an executor is made at the top level of the scenario"),
        ("pool = ThreadPoolExecutor(max_workers=0)\n", 1, 39, "max_workers must be between 1 and 1024, not 0"),
        ("pool = ThreadPoolExecutor()\ndef f(a, b):\n    return a\npool.map(f, [1])\n", 4, 10,
         "pool.map calls 'f' with one item at a time, so it must take one parameter"),
        ("pool = ThreadPoolExecutor()\npool.submit(5)\n", 2, 13, "submit() takes the name of a function defined with 'def'"),
        ("pool = ThreadPoolExecutor()\npool.sumbit(5)\n", 2, 6, "ThreadPoolExecutor 'pool' has no method 'sumbit'"),
        ("with ThreadPoolExecutor():\n    pass\n", 1, 6, "name the executor to use it: 'with ThreadPoolExecutor(...) as pool:'"),
    ])
    func aMistakeWithAnExecutorSaysWhereAndWhat(_ source: String, _ line: Int, _ column: Int, _ message: String) {
        let found = diagnostics(of: source)
        #expect(found.contains { $0.line == line && $0.column == column && $0.message == message },
                "\(found.map { "\($0.line):\($0.column): \($0.message)" })")
    }

    func printed(_ result: SimulationResult) -> [String] {
        result.events.compactMap { event in
            if case .printed(let text) = event.kind { return text }
            return nil
        }
    }
}
