import Benchmark
import InterleaveScenario

/// Parsing and compiling a large scenario.
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
