import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// The GIL model keeps CPython 3.11's time: what code costs, where the GIL can change hands, how
/// a contended `Lock` changes owner, what a thread's start costs. The CPython figures quoted are
/// this project's measurements (docs/CALIBRATION.md, docs/MODEL.md).
@Suite struct CPythonTimingTests {
    func run(_ text: String, switchInterval: VirtualTime? = nil, seed: UInt64 = 1) throws -> SimulationResult {
        var overrides = ScenarioSettings.with(policy: "gil", seed: seed)
        overrides.switchInterval = switchInterval
        return simulate(try compileScenario(text, name: "timing.py"), overrides)
    }

    /// Each line `name: number`, as the programs print them.
    func figures(_ result: SimulationResult) -> [String: Double] {
        Dictionary(result.summary.output.compactMap { line -> (String, Double)? in
            let parts = line.split(separator: ":")
            guard parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
            return (String(parts[0]), value)
        }, uniquingKeysWith: { first, _ in first })
    }

    @Test func aLoopCostsWhatCPythonSpendsOnIt() throws {
        let result = try run("""
            import threading
            import time

            N = 2000

            def nothing():
                pass

            def empty():
                for _ in range(N):
                    pass

            def add():
                x = 0
                for _ in range(N):
                    x = x + 1

            def call():
                for _ in range(N):
                    nothing()

            def locked():
                lock = threading.Lock()
                for _ in range(N):
                    with lock:
                        pass

            for name, work in [("empty", empty), ("add", add), ("call", call), ("locked", locked)]:
                start = time.perf_counter()
                work()
                print(f"{name}: {(time.perf_counter() - start) * 1e9 / N}")
            """)
        let measured = figures(result)
        // CPython 3.11.7 here: ns an iteration (Benchmarks/fidelity.py's code_costs.py, the middle
        // of three runs' medians).
        for (name, cpython) in [("empty", 11.7), ("add", 25.9), ("call", 31.7), ("locked", 167.7)] {
            let simulated = try #require(measured[name], "\(result.summary.output)")
            #expect(abs(simulated / cpython - 1) <= 0.10, "\(name): \(simulated) ns an iteration, CPython \(cpython)")
        }
    }

    /// Two threads update `counter` 20,000 times each, a 100 µs switch interval.
    func lost(_ update: String) throws -> Int64 {
        let result = try run("""
            import threading

            counter = 0
            items = [1]

            def current():
                return counter

            def work():
                global counter
                for _ in range(20000):
                    \(update)

            threads = [threading.Thread(target=work) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            """, switchInterval: VirtualDuration.us(100))
        return 40000 - (result.summary.value(of: "counter")?.integer ?? 0)
    }

    @Test func theGILChangesHandsOnEnteringAFunctionAndAfterACCallButNotOnAReturn() throws {
        // CPython 3.11 (sys.setswitchinterval(0.0001), 2 × 300,000): a read inside a function
        // returned to the write loses nothing, `abs` between the read and the write loses
        // hundreds of thousands, `len` (specialised, unchecked) nothing.
        #expect(try lost("counter = current() + 1") == 0, "the read is after the entry's check point, and a return is none")
        #expect(try lost("counter = counter + abs(1)") > 0, "CPython checks right after abs returns")
        #expect(try lost("counter = counter + len(items)") == 0, "len is specialised and does not check")
    }

    @Test func anIfElseBetweenTheReadAndTheWriteIsNoCheckPoint() throws {
        // CPython 3.11 (sys.setswitchinterval(0.0001), 2 × 300,000): nothing lost, since a
        // forward jump (JUMP_FORWARD, out of the `if` branch) does not check the eval breaker.
        let result = try run("""
            import threading

            counter = 0

            def work():
                global counter
                for i in range(20000):
                    if i % 2 == 0:
                        v = counter
                    else:
                        v = counter
                    counter = v + 1

            threads = [threading.Thread(target=work) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            """, switchInterval: VirtualDuration.us(100))
        #expect(result.summary.value(of: "counter") == .int(40000))
        let drops = result.events.filter { if case .gilReleased(_, .dropRequest) = $0.kind { return true } else { return false } }
        #expect(drops.count > 10, "the GIL did change hands meanwhile: \(drops.count) drops")
    }

    @Test func aDictsGetCostsACCallNotAQueuesGet() throws {
        // CPython 3.11 here: `d.get(1)` in a loop, about 50 ns an iteration.
        let result = try run("""
            import time

            d = {1: 2}

            def lookups():
                for _ in range(2000):
                    d.get(1)

            start = time.perf_counter()
            lookups()
            print(f"get: {(time.perf_counter() - start) * 1e9 / 2000}")
            """)
        let each = try #require(figures(result)["get"], "\(result.summary.output)")
        #expect(each < 60, "\(each) ns an iteration")
    }

    @Test func aContendedLockIsUsuallyTakenBackByTheThreadThatReleasedIt() throws {
        // Two threads take one Lock with a call (a GIL check point) inside. CPython 3.11 here:
        // 27 to 38 acquisitions per change of owner (a woken waiter takes the lock about 25 µs
        // after the release that woke it); a lock handed to its waiter at every release changes
        // owner at nearly every acquisition.
        let result = try run("""
            import threading

            lock = threading.Lock()
            last = -1
            changes = 0

            def note(me):
                global last, changes
                if last != me:
                    last = me
                    changes += 1

            def work(me):
                for _ in range(20000):
                    with lock:
                        note(me)

            threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(f"per change: {40000 / changes}")
            """, switchInterval: VirtualDuration.us(100))
        let perChange = try #require(figures(result)["per change"], "\(result.summary.output)")
        #expect(perChange >= 20 && perChange <= 60, "\(perChange) acquisitions per change of owner")
        let lock = try #require(result.summary.locks.first)
        #expect(lock.contended > 20, "the threads did contend: \(lock.contended) contended acquisitions")
    }

    @Test func aProgramSetsItsOwnSwitchInterval() throws {
        // The unlocked counter with a call: at the default 5 ms a thread is done before the other
        // asks for the GIL; at 100 µs, set by the program itself, the GIL changes hands inside
        // the loop and updates are lost.
        let program = { (interval: String) in """
            import sys
            import threading

            \(interval)
            counter = 0

            def value_of(x):
                return x

            def work():
                global counter
                for _ in range(10000):
                    counter = value_of(counter) + 1

            threads = [threading.Thread(target=work) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(sys.getswitchinterval())
            """
        }
        let calm = try run(program(""))
        #expect(calm.summary.value(of: "counter") == .int(20000))
        #expect(calm.summary.output == ["0.005"])
        let busy = try run(program("sys.setswitchinterval(0.0001)"))
        #expect((busy.summary.value(of: "counter")?.integer ?? 20000) < 20000, "updates are lost")
        #expect(busy.summary.output == ["0.0001"])
        for (call, error) in [("sys.setswitchinterval(0)", UserError.uncaught(exception: "ValueError", message: "switch interval must be strictly positive")),
                              ("sys.setswitchinterval(-1)", .uncaught(exception: "ValueError", message: "switch interval must be strictly positive")),
                              ("sys.setswitchinterval('x')", .uncaught(exception: "TypeError", message: "must be real number, not str"))] {
            #expect(try run(program(call)).summary.errors.map(\.error) == [error], "\(call): as CPython says it")
        }
    }

    @Test func anEventRoundTripTakesTwoWakeUps() throws {
        // Each leg wakes a thread asleep in the kernel: CPython 3.11 here takes 56 to 76 µs a
        // round trip (Benchmarks/Fidelity/wake_up.py); the model once took 9.
        let result = try run("""
            import threading
            import time

            go = threading.Event()
            back = threading.Event()

            def partner():
                for _ in range(200):
                    go.wait()
                    go.clear()
                    back.set()

            t = threading.Thread(target=partner)
            t.start()
            start = time.perf_counter()
            for _ in range(200):
                go.set()
                back.wait()
                back.clear()
            print(f"us: {(time.perf_counter() - start) * 1e6 / 200}")
            t.join()
            """)
        let each = try #require(figures(result)["us"], "\(result.summary.output)")
        #expect(each >= 45 && each <= 75, "\(each) µs a round trip")
    }

    @Test func wakingASleepingThreadCostsTheThreadThatWakesIt() throws {
        // A release that wakes a waiter asleep in acquire() costs the releaser 7 to 11 µs here
        // (an interrupt to the idle CPU; calibrate-cpython.py); one with no waiter next to nothing.
        let result = try run("""
            import threading
            import time

            lock = threading.Lock()
            lock.acquire()

            def waiter():
                lock.acquire()

            t = threading.Thread(target=waiter)
            t.start()
            time.sleep(0.001)
            start = time.perf_counter()
            lock.release()
            print(f"waking: {(time.perf_counter() - start) * 1e6}")
            t.join()
            alone = threading.Lock()
            alone.acquire()
            start = time.perf_counter()
            alone.release()
            print(f"alone: {(time.perf_counter() - start) * 1e6}")
            """)
        let found = figures(result)
        let waking = try #require(found["waking"], "\(result.summary.output)")
        let alone = try #require(found["alone"], "\(result.summary.output)")
        #expect(waking >= 7 && waking <= 11, "\(waking) µs to release a lock and wake its waiter")
        #expect(alone < 1, "\(alone) µs to release a lock no one waits for")
    }

    @Test func aNotifyWakesItsWaiterOnceAndThatWaiterRunsAWakeUpLater() throws {
        // The waiter sleeps in Condition.wait; notify() wakes it (the notifier pays one wake-up)
        // and it runs about one wake-up latency later, the condition's lock long free by then.
        // Once it paid twice and ran two latencies later: the lock, still held at the notify,
        // had put it back to sleep.
        let result = try run("""
            import threading
            import time

            cond = threading.Condition()
            woke = 0.0

            def waiter():
                global woke
                with cond:
                    cond.wait()
                    woke = time.perf_counter()

            t = threading.Thread(target=waiter)
            t.start()
            time.sleep(0.001)
            start = time.perf_counter()
            with cond:
                cond.notify()
            print(f"notifier: {(time.perf_counter() - start) * 1e6}")
            t.join()
            print(f"waiter: {(woke - start) * 1e6}")
            """)
        let found = figures(result)
        let notifier = try #require(found["notifier"], "\(result.summary.output)")
        let waiter = try #require(found["waiter"], "\(result.summary.output)")
        #expect(notifier >= 9 && notifier < 12, "\(notifier) µs to notify: one wake-up's cost")
        #expect(waiter >= 20 && waiter < 35, "\(waiter) µs from the notify to the waiter running")
    }

    @Test func startingAndJoiningAThreadTakesWhatItTakesInCPython() throws {
        let result = try run("""
            import threading
            import time

            def nothing():
                pass

            start = time.perf_counter()
            for _ in range(100):
                t = threading.Thread(target=nothing)
                t.start()
                t.join()
            print(f"us: {(time.perf_counter() - start) * 1e6 / 100}")
            """)
        // CPython 3.11 here: 91 to 116 µs (calibrate-cpython.py and Benchmarks/Fidelity/thread_start.py).
        let each = try #require(figures(result)["us"], "\(result.summary.output)")
        #expect(each >= 90 && each <= 130, "\(each) µs a thread")
    }
}
