import Benchmark
import InterleaveCore
import InterleaveScenario

/// Parsing and compiling a large scenario and a large Python program; the lock counter written
/// in Python against the same counter in the scenario language.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    let source = ScenarioText.generated(lines: 10_000)

    Benchmark("parse and compile a 10,000-line scenario") { benchmark in
        for _ in benchmark.scaledIterations {
            guard case .success(let scenario) = Scenario.compile(source, name: "big") else {
                fatalError("the generated scenario does not compile")
            }
            blackHole(scenario.program.code.count)
        }
    }

    let python = PythonText.generated(lines: 10_000)
    Benchmark("parse and compile a 10,000-line Python program") { benchmark in
        for _ in benchmark.scaledIterations {
            guard case .success(let program) = Scenario.compile(python, name: "big.py") else {
                fatalError("the generated Python program does not compile")
            }
            blackHole(program.program.code.count)
        }
    }

    // The same lock counter (2 threads x 100,000 increments under a Lock) in both languages.
    for (language, text, name) in [("Python", PythonText.lockCounter, "lock_counter.py"),
                                   ("scenario language", PythonText.lockCounterScenario, "lock_counter")] {
        guard case .success(let scenario) = Scenario.compile(text, name: name) else { fatalError("\(name) does not compile") }
        Benchmark(
            "lock counter 2x100k written in the \(language), engine events per second",
            configuration: .init(metrics: [.wallClock, .custom("Mevents/s", polarity: .prefersLarger, useScalingFactor: false)])
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                let clock = ContinuousClock()
                let start = clock.now
                var simulation = Simulation(program: scenario.program, config: scenario.settings.config)
                var buffer: [Event] = []
                buffer.reserveCapacity(4200)
                var count = 0
                while true {
                    let status = simulation.run(RunLimit(maxEvents: 4096), into: &buffer)
                    count += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                    if case .finished = status { break }
                }
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                benchmark.measurement(.custom("Mevents/s", polarity: .prefersLarger, useScalingFactor: false),
                                      Int(Double(count) / seconds / 1e6 * 100))
                blackHole(count)
            }
        }
    }
}

/// Python programs for the benchmarks.
enum PythonText {
    static let lockCounter = """
        import threading

        counter = 0
        lock = threading.Lock()

        def increment():
            global counter
            for _ in range(100000):
                with lock:
                    counter += 1

        threads = [threading.Thread(target=increment) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"Final counter value: {counter}")
        """

    static let lockCounterScenario = """
        shared counter = 0
        lock = Lock()

        def increment():
            for _ in range(100000):
                with lock:
                    counter += 1

        t1 = start increment()
        t2 = start increment()
        join t1, t2
        print "Final counter value: {counter}"
        """

    /// A program of realistic statements: imports, module state, functions with loops, locks,
    /// conditions, queues, f-strings and prints, and a main program that starts and joins threads.
    static func generated(lines target: Int) -> String {
        var lines = [
            "# big.py: a generated program for the compiler benchmark",
            "import queue",
            "import threading",
            "import time",
            "",
            "total = 0",
            "lock = threading.Lock()",
            "cond = threading.Condition(lock)",
            "q = queue.Queue(maxsize=4)",
            "go = threading.Event()",
        ]
        var functions = 0
        while lines.count < target - 40 {
            let n = functions
            lines += [
                "",
                "",
                "def work\(n)(k, limit):",
                "    # function \(n)",
                "    global total",
                "    go.wait(timeout=0.005)",
                "    names = [f\"item-{i}\" for i in range(limit)]",
                "    for i in range(limit):",
                "        with lock:",
                "            total += k * \(n % 7 + 1)",
                "        if i % 3 == 0:",
                "            time.sleep(0.00001)",
                "        elif i % 3 == 1 and len(names) > 1:",
                "            q.put(k, timeout=0.001)",
                "        else:",
                "            q.get(timeout=0.001)",
                "    print(f\"worker \(n) done with {k:>3} and {limit * 2}\", names[0])",
                "    return k + limit",
            ]
            functions += 1
        }
        lines += ["", "", "threads = []"]
        for n in stride(from: 0, to: functions, by: max(1, functions / 30)) {
            lines.append("threads.append(threading.Thread(target=work\(n), args=(\(n), 3), name=\"w\(n)\"))")
        }
        lines += ["for t in threads:", "    t.start()", "go.set()", "for t in threads:", "    t.join()", "print(total)"]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A scenario of realistic statements: declarations, functions with loops, locks, conditions,
/// queues and prints, and a main program that starts and joins them.
enum ScenarioText {
    static func generated(lines target: Int) -> String {
        var lines = [
            "# big.ilv — a generated scenario for the compiler benchmark",
            "config cores = 4",
            "shared total = 0",
            "lock = Lock()",
            "cond = Condition(lock)",
            "q = Queue(maxsize=4)",
            "go = Event()",
        ]
        var functions = 0
        while lines.count < target - 40 {
            let n = functions
            lines += [
                "",
                "def work\(n)(k, limit):",
                "    # function \(n)",
                "    go.wait(timeout=5ms)",
                "    for i in range(limit):",
                "        with lock:",
                "            total += k * \(n % 7 + 1)",
                "        if i % 3 == 0:",
                "            compute 10us",
                "        elif i % 3 == 1:",
                "            sleep 5us",
                "        else:",
                "            io 1us",
                "    item, ok = q.get(timeout=1ms)",
                "    while not ok and limit > 0:",
                "        limit -= 1",
                "        ok = q.put(k, timeout=1ms)",
                "    print \"worker \(n) done with {k} and {limit * 2}\"",
                "    return k + limit",
            ]
            functions += 1
        }
        lines.append("")
        lines.append("threads = []")
        for n in stride(from: 0, to: functions, by: max(1, functions / 30)) {
            lines.append("threads.append(start work\(n)(\(n), 3, name=\"w\(n)\"))")
        }
        lines += ["go.set()", "join threads", "expect total >= 0"]
        return lines.joined(separator: "\n") + "\n"
    }
}
