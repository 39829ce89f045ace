import Foundation
import InterleaveTestSupport
import Testing

/// The built `interleave` binary, run as a user would.
@Suite struct CommandLineTests {
    /// A scratch directory with the given files in it.
    func directory(_ files: [String: [UInt8]]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("interleave-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: url.appendingPathComponent(name)) }
        return url
    }

    @Test func versionAndHelp() throws {
        let version = try runInterleave(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try runInterleave(["--help"])
        #expect(help.status == 0)
        for command in ["run", "check", "list", "show"] { #expect(help.stdout.contains("  \(command) ")) }
    }

    @Test func withoutAScenarioTheDefaultOneRunsHeadlessWithATimelineAndASummary() throws {
        let result = try runInterleave(["--headless"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Worker 0 started\nWorker 1 started"))
        #expect(result.stdout.contains("All workers completed."))
        #expect(result.stdout.contains("Worker-4   |zzzzzzzz"))
        #expect(result.stdout.contains("Outcome: completed after 2.000s of virtual time"))
        // Fitted to 100 columns when the output is not a terminal.
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })
        let narrow = try runInterleave(["run", "workers", "--headless"], environment: ["COLUMNS": "60"])
        #expect(narrow.stdout.split(separator: "\n").filter { $0.contains("|") }.allSatisfy { $0.count <= 60 })
    }

    @Test func theCatalogueIsFoundByNameFromAnyDirectory() throws {
        let elsewhere = try directory([:])
        let result = try runInterleave(["run", "lock_counter.py", "--headless"], in: elsewhere)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Shared: counter = 200000"))
        #expect(result.stdout.contains("passed   expect no update was lost"))
        let scenario = try runInterleave(["run", "priority_inversion.ilv", "--headless"], in: elsewhere)
        #expect(scenario.status == 0 && scenario.stdout.contains("Scenario: priority_inversion — policy priority"))
    }

    @Test func aDeadlockExitsWithOneAndNamesTheCycle() throws {
        let result = try runInterleave(["run", "philosophers", "--headless"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Deadlock: P"))
        #expect(result.stdout.contains("lock 'fork"))
    }

    @Test func aFailedExpectationExitsWithOne() throws {
        let result = try runInterleave(["run", "unlocked_counter", "--policy", "free", "--headless"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAILED   expect every increment was counted"))
        #expect(result.stdout.contains("Lost updates on counter: "))
    }

    @Test func commandLineOptionsOverrideTheScenariosConfig() throws {
        let result = try runInterleave(["run", "cpu_bound", "--policy", "free", "--seed", "9", "--cores", "3", "--headless"])
        #expect(result.stdout.contains("Scenario: cpu_bound.py — policy free, 3 cores, seed 9"))
    }

    @Test func jsonGivesTheDocumentedSummary() throws {
        let result = try runInterleave(["run", "lock_counter", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["scenario", "policy", "seed", "cores", "virtual_time_ns", "events", "threads", "locks", "shared",
                    "expectations", "errors", "deadlock"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["scenario"] as? String == "lock_counter.py")
        #expect(object["deadlock"] is NSNull)
        #expect((object["shared"] as? [String: Any])?["counter"] as? Int == 200_000)
        let threads = try #require(object["threads"] as? [[String: Any]])
        #expect(threads.count == 3)
        for key in ["name", "running_ns", "ready_ns", "gil_wait_ns", "blocked_ns", "sleeping_ns", "finished"] {
            #expect(threads[1][key] != nil, "thread has no \(key)")
        }
        let locks = try #require(object["locks"] as? [[String: Any]])
        #expect(locks.first?["acquisitions"] as? Int == 200_000)
        let expectations = try #require(object["expectations"] as? [[String: Any]])
        #expect(expectations.first?["line"] as? Int == 28)
        #expect(expectations.first?["passed"] as? Bool == true)

        let deadlocked = try runInterleave(["run", "philosophers", "--json"])
        #expect(deadlocked.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(deadlocked.stdout.utf8)) as? [String: Any])
        let deadlock = try #require(report["deadlock"] as? [String: Any])
        #expect((deadlock["cycle"] as? [Any])?.count == 5)
    }

    @Test func aScenarioWithMistakesExitsWithTwoAndPointsAtThem() throws {
        let folder = try directory([
            "broken.ilv": Array("shared counter = 0\ndef f():\n    countr += 1\n    sleep 5\nf()\n".utf8),
            "good.ilv": Array("sleep 1ms\n".utf8),
        ])
        let run = try runInterleave(["run", "broken.ilv", "--headless"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("broken.ilv:3:5: error: unknown name 'countr'\n        countr += 1\n        ^~~~~~\n    hint: did you mean 'counter'?"))
        #expect(run.stderr.contains("broken.ilv:4:11: error: a duration needs a unit"))
        #expect(run.stderr.contains("2 errors in broken.ilv"))
        #expect(run.stdout.isEmpty)
        let check = try runInterleave(["check", "good.ilv", "broken.ilv"], in: folder)
        #expect(check.status == 2)
        #expect(check.stdout.contains("good.ilv: ok"))
        #expect(check.stderr.contains("broken.ilv:3:5"))
    }

    @Test func everyCatalogueScenarioPassesCheck() throws {
        let names = try runInterleave(["list"]).stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(names.count >= 17)
        let check = try runInterleave(["check"] + names)
        #expect(check.status == 0)
        #expect(check.stdout.split(separator: "\n").count == names.count)
    }

    @Test func badInputGetsAClearMessageAndExitStatusTwo() throws {
        let folder = try directory([
            "empty.ilv": [],
            "noise.ilv": (0..<300).map { UInt8(($0 * 167 + 13) % 256) },
            "deep.ilv": Array(("x = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)).utf8),
        ])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("folder.ilv"), withIntermediateDirectories: true)
        let cases: [([String], String)] = [
            (["run", "worker"], "'worker' is neither a file nor a scenario in the catalogue\n    hint: did you mean 'workers'?"),
            (["run", "missing.ilv"], "missing.ilv: no such file"),
            (["run", "folder.ilv"], "folder.ilv: is a directory, not a scenario file"),
            (["run", "empty.ilv"], "empty.ilv:1:1: error: the scenario is empty"),
            (["run", "noise.ilv"], "error: the file is not UTF-8 text"),
            (["run", "deep.ilv"], "error: brackets are nested more than 100 deep"),
            (["run", "--policy", "fastest"], "unknown policy 'fastest'. Choose one of: gil, gil-legacy, free, rr"),
            (["run", "--switch-interval", "5 ms"], "is not a duration"),
            (["run", "--quantum", "7200s"], "--quantum must be more than 0 and at most 3600s, not 7200.000s"),
            (["run", "--policy", "manual", "--headless"], "headless run cannot"),
            (["run", "workers"], "the full-screen view needs a terminal, and standard output is not one. "
                + "To write the run to a pipe or a file, add --headless (text), --json or --events."),
            ([], "the full-screen view needs a terminal"),
            (["show", "nothing"], "no catalogue scenario is called 'nothing'"),
            (["check"], "Missing expected argument '<files> ...'"),
        ]
        for (arguments, message) in cases {
            let result = try runInterleave(arguments, in: folder)
            #expect(result.status == 2, "\(arguments) exited with \(result.status)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test func aSpeedTheViewDoesNotHaveIsRefusedWithTheOnesItHas() throws {
        let folder = try directory([:])
        let cases: [([String], String)] = [
            (["run", "workers", "--speed", "3ms"],
             "--speed: '3ms' is not one of the view's speeds, 1us, 10us, 100us, 1ms, 10ms, 100ms, 1s, 10s."),
            (["run", "workers", "--speed", "fast"], "'fast' is not a duration"),
            (["replay", "missing.ilvrec", "--speed", "2s"], "--speed: '2s' is not one of the view's speeds"),
        ]
        for (arguments, message) in cases {
            let result = try runInterleave(arguments, in: folder)
            #expect(result.status == 2, "\(arguments) exited with \(result.status)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test func listAndShowPresentTheCatalogue() throws {
        let list = try runInterleave(["list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("workers                five workers each sleep 2 s, and main joins them all"))
        let show = try runInterleave(["show", "workers"])
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets/scenarios/workers.py")
        #expect(show.stdout == (try String(contentsOf: file, encoding: .utf8)))
    }

    @Test func theSameSeedPrintsTheSameEvents() throws {
        let arguments = ["run", "unlocked_counter", "--policy", "free", "--events"]
        let first = try runInterleave(arguments + ["--seed", "3"])
        let again = try runInterleave(arguments + ["--seed", "3"])
        let other = try runInterleave(arguments + ["--seed", "4"])
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != other.stdout)
        #expect(first.stdout.contains("read counter"))
    }
}
