import Foundation
import InterleaveTestSupport
import Testing

/// Inputs a hostile (or unlucky) user gives: each ends in a clear message and a status, never a
/// trap, a hang or a lie.
@Suite struct HostileInputTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("interleave-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `source` as a scenario file with `arguments` after `run x.ilv`.
    func run(_ source: String, _ arguments: [String] = ["--headless"], timeout: Double = 60) throws -> CommandResult {
        let folder = try scratch()
        try Data(source.utf8).write(to: folder.appendingPathComponent("x.ilv"))
        return try runInterleave(["run", "x.ilv"] + arguments, in: folder, timeout: timeout)
    }

    @Test(arguments: [["--headless"], ["--json"], ["--events"]])
    func aWaitPastTheClocksLimitIsAnErrorNotATrap(_ output: [String]) throws {
        for line in ["sleep 9223372036854775807ns", "compute 9223372036854775807ns"] {
            let result = try run("\(line)\n\(line)\n", output)
            #expect(result.status == 1, "\(line): \(result.status) \(result.stderr)")
            #expect(result.stdout.contains("past about 146 years"), "\(result.stdout)")
        }
        // Up to the limit the clock goes; the second sleep would pass it.
        let near = try run("sleep 3000000000s\nprint(\"woke\")\nsleep 3000000000s\nprint(\"never\")\n")
        #expect(near.stdout.contains("woke") && !near.stdout.contains("never"))
        #expect(near.stdout.contains("past about 146 years"))
    }

    @Test func aLongComputationTakesFewStepsAndTheStepBoundStopsEndlessHandOffs() throws {
        let lone = try run("def work():\n    compute 1000000s\n\nt = start work()\njoin t\n", ["--headless", "--max-steps", "200"])
        #expect(lone.stdout.contains("Outcome: completed after 1000000"), "\(lone.stdout)\(lone.stderr)")
        // Two threads computing under the GIL hand it over every 5 ms for 10^6 s: the bound ends it.
        let pair = try run("def work():\n    compute 1000000s\n\nt = start work()\nu = start work()\njoin t, u\n",
                           ["--headless", "--policy", "gil", "--max-steps", "1000"])
        #expect(pair.stdout.contains("Outcome: stopped by the step limit"), "\(pair.stdout)\(pair.stderr)")
    }

    @Test func aRangeEndingAtTheLargestIntegerStops() throws {
        let result = try run("for i in range(9223372036854775806, 9223372036854775807, 2):\n    print(i)\n"
            + "for i in range(-9223372036854775807, -9223372036854775808, -5):\n    print(i)\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("9223372036854775806\n-9223372036854775807\n\n"), "\(result.stdout)")
    }

    @Test func aSemaphoreReleasedPastItsLargestValueSaysSo() throws {
        let result = try run("s = Semaphore(1)\ns.release(9223372036854775807)\n")
        #expect(result.stdout.contains("released semaphore 's' past the largest value it can hold"), "\(result.stdout)")
        #expect(!result.stdout.contains("BoundedSemaphore"))
    }

    @Test func aWriteThatFailsIsAnErrorNotSilence() throws {
        let folder = try scratch()
        _ = try runInterleave(["run", "workers", "--headless", "--record", "w.ilvrec"], in: folder)
        for format in ["text", "perfetto", "jsonl"] {
            let result = try runInterleave(["export", "w.ilvrec", "--format", format, "-o", "/dev/full"], in: folder)
            #expect(result.status == 2, "\(format): \(result.status)")
            #expect(result.stderr.contains("/dev/full: can't be written (No space left on device)"), "\(result.stderr)")
        }
        // What goes to standard output: a shell redirected it to the full device.
        for command in ["check workers", "run workers --headless", "export w.ilvrec --format jsonl", "list"] {
            let result = try runShell("exec \"$INTERLEAVE\" \(command) > /dev/full", in: folder)
            #expect(result.status == 2, "\(command): \(result.status)")
            #expect(result.stderr.contains("standard output: can't be written (No space left on device)"), "\(command): \(result.stderr)")
        }
    }

    @Test func theInputCantBeNamedAsTheOutput() throws {
        let folder = try scratch()
        let scenario = "print(\"hello\")\n"
        try Data(scenario.utf8).write(to: folder.appendingPathComponent("x.ilv"))
        let run = try runInterleave(["run", "x.ilv", "--headless", "--record", "./x.ilv"], in: folder)
        #expect(run.status == 2 && run.stderr.contains("./x.ilv: is the scenario being read; give --record another file"), "\(run.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("x.ilv"), encoding: .utf8) == scenario)
        _ = try runInterleave(["run", "x.ilv", "--headless", "--record", "r.ilvrec"], in: folder)
        let recording = try Data(contentsOf: folder.appendingPathComponent("r.ilvrec"))
        let export = try runInterleave(["export", "r.ilvrec", "--format", "text", "-o", "r.ilvrec"], in: folder)
        #expect(export.status == 2 && export.stderr.contains("is the recording being read"), "\(export.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("r.ilvrec")) == recording)
        let explore = try runInterleave(["explore", "x.ilv", "--out", "x.ilv"], in: folder)
        #expect(explore.status == 2 && explore.stderr.contains("is the scenario being read"), "\(explore.stderr)")
        // A catalogue name is not a file: a recording may take its name.
        #expect(try runInterleave(["run", "workers", "--headless", "--record", "workers"], in: folder).status == 0)
    }

    @Test func optionsTheRecordingCantHoldAreRefusedBeforeTheRun() throws {
        let depth = try runInterleave(["run", "philosophers", "--headless", "--policy", "pct", "--depth", "5000", "--record", "r.ilvrec"],
                                      in: try scratch())
        #expect(depth.status == 2 && depth.stderr.contains("--depth must be between 1 and 1000, not 5000"), "\(depth.stderr)")
        let folder = try scratch()
        try Data("shared n = 0\ndef f():\n    n += 1\nt = start f()\nu = start f()\njoin t, u\nexpect n == 2\n".utf8)
            .write(to: folder.appendingPathComponent("x.ilv"))
        let empty = try runInterleave(["explore", "x.ilv", "--out", ""], in: folder, timeout: 20)
        #expect(empty.status == 2 && empty.stderr.contains("--out was given an empty file name"), "\(empty.stderr)")
        #expect(!empty.stdout.contains("schedules"), "refused before the search: \(empty.stdout)")
    }

    @Test func aMegabyteNameIsQuotedByItsEnds() throws {
        let folder = try scratch()
        let name = String(repeating: "x", count: 1_000_000)
        for (file, source) in [("name.ilv", "print(\(name))\n"), ("config.ilv", "config seed = 9\(name)\n"),
                               ("number.ilv", "x = \(String(repeating: "9", count: 1_000_000))\n")] {
            try Data(source.utf8).write(to: folder.appendingPathComponent(file))
            let result = try runInterleave(["check", file], in: folder)
            #expect(result.status == 2, "\(file)")
            #expect(result.stderr.count < 2_000, "\(file): \(result.stderr.count) characters of messages")
            #expect(result.stderr.contains("\(file):1:"), "\(file): \(result.stderr.prefix(300))")
        }
    }

    /// What the fuzz targets found (docs/FUZZING.md), each as the smallest input that did it.
    @Test(arguments: [
        // A hang: a computation of 3 years, a quantum at a time, with no events and no steps.
        ("def crunch():\n    compute 99999999999ms\ncrunch()\n", "Outcome: completed"),
        // A trap in the blocked event's timeout: 4096 sleeps of 104 days take the clock past its limit.
        ("def fetch(n):io 9000000s\nfor n in range(4096):fetch(n)\n", "past about 146 years"),
        // A trap in the timeline's bins: I/O of 3 years, 254 times over.
        ("def producer():\n   for n in range(1, 255):\n    io 99999999999ms\nt = start producer()\n", "past about 146 years"),
    ])
    func whatTheFuzzersFoundEndsWell(_ source: String, _ expected: String) throws {
        let result = try run(source, ["--headless", "--max-steps", "200000"], timeout: 60)
        #expect(result.status == 0 || result.status == 1, "\(result.status): \(result.stderr)")
        #expect(result.stdout.contains(expected), "\(result.stdout)")
    }
}
