import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// The parts of `threading` and `queue` that are more than an object's method: `queue.join()`,
/// `Condition.wait_for`, `Timer`, `local`, and the questions about the threads alive.
extension PythonLanguageTests {
    @Test func aQueueJoinThatNothingFinishesIsADeadlockThatSaysWhatItWaitsFor() throws {
        let result = try run("""
            import queue
            q = queue.Queue()
            q.put("job")
            q.join()
            """)
        #expect(result.summary.outcome == .deadlock)
        let report = try #require(result.summary.deadlock)
        #expect(report.blocked.map { result.summary.names.describe($0.target) } == ["every item of queue 'q' to be done"])
    }

    @Test func waitForWithATimeoutGivesUpWithThePredicatesLastValue() throws {
        let result = try run("""
            import threading
            import time
            cond = threading.Condition()
            level = 0

            def raise_level():
                global level
                for _ in range(3):
                    time.sleep(0.01)
                    with cond:
                        level += 1
                        cond.notify_all()

            t = threading.Thread(target=raise_level)
            t.start()
            with cond:
                print(cond.wait_for(lambda: level >= 2 and level, timeout=1))
                start = time.monotonic()
                print(cond.wait_for(lambda: level > 10, 0.05), round(time.monotonic() - start, 2))
            t.join()
            """)
        #expect(result.summary.output == ["2", "False 0.05"])
    }

    @Test func aBarrierSaysHowManyWaitAndAbortBreaksItForThem() throws {
        // As CPython 3.11 prints it, but for the order of the two broken waiters.
        let result = try run("""
            import threading
            import time
            b = threading.Barrier(3)
            def w(i):
                try:
                    b.wait()
                    print("passed", i)
                except threading.BrokenBarrierError:
                    print("broken", i)
            ts = [threading.Thread(target=w, args=(i,)) for i in range(2)]
            print(b.parties, b.n_waiting, b.broken)
            for t in ts:
                t.start()
            time.sleep(0.1)
            print("waiting", b.n_waiting)
            b.abort()
            for t in ts:
                t.join()
            print(b.broken, b.n_waiting)

            def late(barrier):
                try:
                    barrier.wait()
                except threading.BrokenBarrierError:
                    print("still broken")
                barrier.abort()
            late(b)
            """)
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.output.first == "3 0 False")
        #expect(result.summary.output.dropFirst().first == "waiting 2")
        #expect(Set(result.summary.output.dropFirst(2).prefix(2)) == ["broken 0", "broken 1"])
        #expect(result.summary.output.dropFirst(4) == ["True 0", "still broken"])
    }

    @Test func anAttributeHoldingALambdaIsCalledEvenWithTheNameOfABuiltInMethod() throws {
        // `abort` became a built-in value's method with Barrier.abort(); `get` is a queue's.
        let result = try run("""
            import queue
            class Job:
                def __init__(self):
                    self.abort = lambda: "aborted"
                    self.get = lambda key: key * 2
            job = Job()
            q = queue.Queue()
            q.put(5)
            print(job.abort(), job.get(21), q.get())
            """)
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.output == ["aborted 42 5"])
    }

    @Test func theLibrarysMistakesAreReportedWhereTheyAre() {
        let cases: [(String, String)] = [
            ("import threading\ndef f():\n    d = threading.local()\n", "threading.local() only at the top"),
            ("import threading\nd = threading.local()\nprint(d)\n", "through its attributes only"),
            ("import threading\nt = threading.Timer(1, print)\n", "a function defined with 'def'"),
            ("import threading\ndef f(x):\n    pass\nt = threading.Timer(1, f, kwargs={'y': 1})\n", "f() has no parameter 'y'"),
            ("import threading\nc = threading.Condition()\nc.wait_for()\n", "wait_for() needs its predicate"),
            ("import logging\ndef main():\n    logging.basicConfig(level=logging.INFO)\nmain()\n", "when it is a statement at the top"),
            ("import logging\nlog = logging.getLogger('a')\ndef f():\n    log.setLevel(logging.DEBUG)\nf()\n", "reads a logger's setLevel(...) when it is a statement at the top"),
            ("import logging\nlog = logging.getLogger('a')\nlog.setLevel(level)\n", "setLevel() takes a level written out"),
            ("import threading\nb = threading.Barrier(2)\nb.reset()\n", "does not model Barrier.reset() yet"),
            ("import threading\nb = threading.Barrier(2)\nprint(b.partie)\n", "does not know the attribute 'partie'"),
        ]
        expectErrors(cases)
    }

    @Test func roundingAnIntPastSixtyFourBitsIsAnOverflowErrorNotACrash() throws {
        let result = try run("""
            try:
                round(9223372036854775807, -1)
            except OverflowError:
                print("overflow")
            print(round(1250, -2), round(1350, -2), round(-1250, -2), round(2.675, 2), round(2.5))
            """)
        #expect(result.summary.output == ["overflow", "1200 1400 -1200 2.67 2"])
    }

    @Test func basicConfigInTheMainBlockSetsTheLevel() throws {
        let result = try run("""
            import logging
            if __name__ == "__main__":
                logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
                logging.info("hi %s", "there")
            """)
        #expect(result.summary.output == ["INFO hi there"])
    }

    @Test func aModulesLoggerNamesItselfAndWorksInThreads() throws {
        let result = try run("""
            import logging
            import threading
            logging.basicConfig(level=logging.DEBUG, format="%(name)s|%(threadName)s|%(message)s")
            log = logging.getLogger(__name__)

            def work(n):
                log.debug("job %d", n)

            t = threading.Thread(target=work, args=(7,), name="w")
            t.start()
            t.join()
            """)
        #expect(result.summary.output == ["__main__|w|job 7"])
        // The logger is not a shared variable: using it is no step of its own.
        #expect(result.summary.names.program.shared.isEmpty)
    }

    @Test func aTimerCancelledBeforeItFiresNeverCallsItsFunction() throws {
        let result = try run("""
            import threading
            def ring():
                print("ring")
            t = threading.Timer(10, ring)
            t.start()
            t.cancel()
            t.join()
            print("quiet", t.name)
            """)
        #expect(result.summary.output == ["quiet Thread-1"])
        // Cancelled at once: the run does not sit out the ten seconds.
        #expect(result.summary.duration < VirtualDuration.ms(1))
    }
}

extension PythonLanguageTests {
    @Test func aPoolWithoutASizeHasAWorkerProcessPerCoreAndItsResultsAreCopies() throws {
        var overrides = ScenarioSettings()
        overrides.cores = 3
        let result = try run("""
            from multiprocessing import Pool, current_process

            def who(n):
                return [n, current_process().name]

            if __name__ == "__main__":
                pool = Pool()
                results = pool.map(who, range(6))
                results[0].append("changed here")
                pool.close()
                pool.join()
                print(len(results), results[0])
            """, overrides)
        // The results are the parent's own lists, which it can change.
        #expect(result.summary.output == ["6 [0, 'ForkPoolWorker-1', 'changed here']"], "\(result.summary.output)")
        #expect(result.summary.threads.map(\.name).filter { $0.hasPrefix("ForkPoolWorker") }
            == ["ForkPoolWorker-1", "ForkPoolWorker-2", "ForkPoolWorker-3"])
        #expect(result.summary.outcome == .completed)
    }

    @Test func poolAndProcessMistakesAreReportedWhereTheyAre() {
        expectErrors([
            ("from multiprocessing import current_process\nprint(current_process())\n", "current_process().name only"),
            ("from multiprocessing import Pool\ndef f(x):\n    return x\nwith Pool(2) as p:\n    p.apply_async(f, kwds={})\n",
             "takes a function defined with 'def' and its arguments as a tuple"),
            ("from multiprocessing import Pool\ndef f(x):\n    return x\nwith Pool(2) as p:\n    p.starmap(f)\n", "a list of argument tuples"),
            ("from multiprocessing import Pool\ndef f():\n    p = Pool(2)\n", "makes a Pool only at the top level"),
            ("from multiprocessing import Pool\nwith Pool(2) as p:\n    p.submit(print)\n", "does not model Pool.submit()"),
        ])
    }
}

extension PythonLanguageTests {
    @Test func lambdaMistakesAreReportedWhereTheyAre() {
        expectErrors([
            ("f = lambda a=1, b: a\n", "a parameter without a default follows one with a default"),
            ("f = lambda a, a: a\n", "parameters must have names of their own"),
            ("f = lambda *args: 1\n", "expected a parameter's name or ':' in the lambda"),
            ("f = lambda x: x\nprint(f(x=1))\n", "takes its arguments by position here"),
            ("print(sorted([1], key=len, cmp=1))\n", "sorted() takes one list and key= and reverse= here"),
            ("print(sorted([2, 1], reverse=flag))\nflag = True\n", "reverse= takes True or False written out"),
        ])
    }

    @Test func aLambdaSeesTheLocalsItUsesAsTheyAreWhenItRunsAndARaceOnOneIsReported() throws {
        let late = try run("""
            def make():
                n = 1
                f = lambda: n * 10
                n = 2
                return f

            g = make()
            print(g(), (lambda x, y=3: x + y)(1))
            """)
        #expect(late.summary.output == ["20 4"])
        // Each thread reads the loop's `i` when it runs, while main goes on to write the next:
        // the classic late-binding race, on a variable the summary names.
        let raced = try run("""
            import threading
            seen = []

            def work(x):
                seen.append(x)

            threads = []
            for i in range(3):
                t = threading.Thread(target=lambda: work(i))
                t.start()
                threads.append(t)
            for t in threads:
                t.join()
            """)
        #expect(raced.summary.races.contains { raced.summary.names.variable($0.report.variable) == "i" }, "\(raced.summary.text())")
    }
}
