import InterleaveCore
import InterleaveTestSupport
import Testing

/// The tutorial's programs, written as the issue and a Python reader would write them.
@Suite struct TutorialTranslationTests {
    @Test func workersWithAComprehensionAndAJoinOfTheList() throws {
        let result = simulate(try compileScenario("""
            # workers.ilv — five workers, each sleeps 2 s; main joins them all
            config cores = 2

            def worker(n):
                print "Worker {n} started"
                sleep 2s
                print "Worker {n} finished"

            threads = [start worker(i) for i in range(5)]    # or a loop that starts them
            join threads
            print "All workers completed."
            """))
        #expect(result.summary.output.first == "Worker 0 started")
        #expect(result.summary.output.count == 11)
        #expect(result.summary.duration < VirtualDuration.s(2) + VirtualDuration.ms(5))
    }

    @Test func workersInPythonsOwnSpelling() throws {
        let result = simulate(try compileScenario("""
            import_time = 0

            def worker(n):
                print(f"Worker {n} started")
                time.sleep(2s)
                print(f"Worker {n} finished")

            threads = []
            for i in range(5):
                t = threading.Thread(target=worker, args=(i,))
                threads.append(t)
                t.start()

            for t in threads:
                t.join()

            print("All workers completed.")
            """))
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.output.last == "All workers completed.")
        #expect(result.summary.duration < VirtualDuration.s(2) + VirtualDuration.ms(5))
    }

    @Test func theLockCounterAsTheIssueWritesIt() throws {
        let result = simulate(try compileScenario("""
            # lock_counter.ilv
            shared counter = 0
            lock = Lock()

            def increment():
                for _ in range(1000):
                    with lock:
                        counter += 1

            t1 = start increment()
            t2 = start increment()
            join t1, t2
            expect counter == 2000
            """), .with(policy: "free", seed: 3))
        #expect(result.summary.succeeded)
        #expect(result.summary.locks[0].acquisitions == 2000)
    }

    @Test func anIncrementIsAReadAndAWriteOfTheSharedVariable() throws {
        let result = simulate(try compileScenario("shared x = 0\nx += 1\n"))
        let steps = result.events.compactMap { event -> String? in
            switch event.kind {
            case .sharedRead: return "read"
            case .sharedWrite: return "write"
            default: return nil
            }
        }
        #expect(steps == ["read", "write"])
    }

    @Test func cpuBoundThreadsUnderTheGILTakeTwiceAsLongAsWithoutIt() throws {
        let source = """
            def crunch():
                compute 100ms
            join start crunch(), start crunch()
            """
        let scenario = try compileScenario(source)
        let gil = simulate(scenario, .with(policy: "gil")).summary.duration
        let free = simulate(scenario, .with(policy: "free")).summary.duration
        #expect(gil > VirtualDuration.ms(195) && gil < VirtualDuration.ms(215))
        #expect(free > VirtualDuration.ms(99) && free < VirtualDuration.ms(110), "join evaluates both starts before waiting")
    }
}
