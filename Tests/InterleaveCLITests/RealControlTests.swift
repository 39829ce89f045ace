import Foundation
import InterleaveTestSupport
import Testing

/// `run --real --control` and `explore --real`: real Python programs of the project's own
/// (Fixtures/control) run one thread at a time under Interleave's schedule, as a user would.
@Suite(.serialized) struct RealControlTests {
    static let programs = CompatibilityTests.fixtures.appendingPathComponent("control")

    func path(_ file: String) -> String { Self.programs.appendingPathComponent(file).path }

    func controlled(_ file: String, _ options: [String]) throws -> CommandResult {
        try runInterleave(["run", path(file), "--real", "--control"] + options, input: "", timeout: 60)
    }

    func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("control-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func theSameSeedGivesTheSameEventsAndAnotherSeedAnotherSchedule() throws {
        let first = try controlled("mixed.py", ["--events", "--seed", "7"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("print: count 6 log [0, 1, 2, 3]"))
        #expect(first.stdout.contains("scheduler: choice whose step goes first"))
        let again = try controlled("mixed.py", ["--events", "--seed", "7"])
        #expect(again.stdout == first.stdout, "the same seed, the same event stream, times and all")
        var streams: Set<String> = [first.stdout]
        for seed in 8...11 { streams.insert(try controlled("mixed.py", ["--events", "--seed", "\(seed)"]).stdout) }
        #expect(streams.count > 1, "other seeds choose otherwise")
        let summary = try json(try controlled("mixed.py", ["--json", "--seed", "7", "--policy", "pct"]))
        #expect(summary["policy"] as? String == "pct" && summary["seed"] as? Int == 7 && summary["controlled"] as? Bool == true)
    }

    @Test func sleepsTimeoutsAndClockReadsTakeInterleavesClock() throws {
        let started = Date()
        let result = try controlled("clocks.py", ["--json"])
        let wall = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result)
        // Thirty seconds of sleeps and a 25-second timeout, in virtual time: the same answers every time, at once.
        #expect(summary["output"] as? [String] == ["event set? False after 25.0", "order [1, 2, 3] after 30.0",
                                                   "wall clock moved 30.0"])
        #expect(wall < 20, "\(wall) s of wall-clock time")
        let length = try #require(summary["virtual_time_ns"] as? Int)
        #expect(length >= 30_000_000_000 && length < 30_100_000_000, "\(length) ns")
    }

    @Test func anUnlockedCounterLosesUpdatesWhenEveryAccessIsAPoint() throws {
        // Without --accesses only thread operations are points: `counter += 1` runs whole.
        let whole = try json(try controlled("unlocked_counter.py", ["--json", "--seed", "3"]))
        #expect(whole["output"] as? [String] == ["Final counter value: 6"])
        #expect((whole["lost_updates"] as? [Any])?.isEmpty == true)
        // With it, some schedules lose updates, and the detectors say where.
        var lost = 0
        for seed in 1...8 {
            let summary = try json(try controlled("unlocked_counter.py", ["--json", "--accesses", "--seed", "\(seed)"]))
            let output = summary["output"] as? [String] ?? []
            let updates = summary["lost_updates"] as? [[String: Any]] ?? []
            if output != ["Final counter value: 6"] {
                lost += 1
                #expect(!updates.isEmpty, "seed \(seed): \(output) with no lost update reported")
            }
        }
        #expect(lost > 0, "no seed lost an update")
    }

    @Test func aDeadlockIsTheSchedulesToSayAtOnce() throws {
        var found: CommandResult?
        for seed in 1...30 {
            let result = try controlled("philosophers.py", ["--headless", "--seed", "\(seed)"])
            if result.status == 1 {
                found = result
                break
            }
            #expect(result.stdout.contains("everyone ate"), "seed \(seed): \(result.stdout)")
        }
        let result = try #require(found, "no seed deadlocked")
        #expect(result.stdout.contains("Outcome: DEADLOCK"))
        #expect(result.stdout.contains("forks[0]") && result.stdout.contains("forks[2]"), "each fork by its place in the list")
        #expect(result.stderr.contains("the program deadlocked, so Interleave stopped it"))
    }

    @Test func aRecordingRunsAgainAndAnEditedProgramIsCaughtWhereItParts() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = directory.appendingPathComponent("counter.py")
        try FileManager.default.copyItem(atPath: path("unlocked_counter.py"), toPath: program.path)
        let file = directory.appendingPathComponent("counter.ilvrec").path
        let run = try runInterleave(["run", program.path, "--real", "--control", "--accesses", "--seed", "5", "--events",
                                     "--record", file], input: "", timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        let verify = try runInterleave(["verify", file], timeout: 60)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("run again in real Python 3.") && verify.stdout.contains("reproduces all"))
        let replay = try runInterleave(["replay", file, "--events"], timeout: 60)
        #expect(replay.stdout == run.stdout, "the recorded events, as they were printed")

        // The program changes: one more increment per thread. The run parts from the recording.
        let edited = try String(contentsOf: program, encoding: .utf8).replacingOccurrences(of: "range(3)", with: "range(4)")
        try edited.write(to: program, atomically: true, encoding: .utf8)
        let diverged = try runInterleave(["verify", file], timeout: 60)
        #expect(diverged.status == 1)
        #expect(diverged.stdout.contains("the program no longer follows the recording: event"), "\(diverged.stdout)")
        #expect(diverged.stdout.contains("recorded:") && diverged.stdout.contains("now:"))

        // The program's file is gone: the recorded source runs again, and says so.
        try FileManager.default.removeItem(at: program)
        let gone = try runInterleave(["verify", file], timeout: 60)
        #expect(gone.status == 0, "\(gone.stdout)\(gone.stderr)")
        #expect(gone.stderr.contains("is gone; running the program's source as recorded"))
    }

    @Test func aRunAgainUnderAnotherPythonSaysSoAndAMissingPythonStops() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("mixed.ilvrec").path
        #expect(try controlled("mixed.py", ["--json", "--record", file]).status == 0)
        let missing = try runInterleave(["verify", file, "--python", "/no/such/python3"], timeout: 60)
        #expect(missing.status == 2 && missing.stderr.contains("--python /no/such/python3: no such program can be run"))
        let other = "/root/.pyenv/versions/3.12.1/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: other) else { return }
        let verify = try runInterleave(["verify", file, "--python", other], timeout: 60)
        #expect(verify.stderr.contains("running Python 3.12.1: the run may differ"), "\(verify.stderr)")
    }

    @Test func exploreFindsAndShrinksAndTheRecordingReplaysExactly() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = RealRunTests.corpus
        let cases: [(program: String, options: [String], failure: String)] = [
            (path("bank_race.py"), ["--accesses"], "Account.balance"),
            (corpus.appendingPathComponent("check_then_act.py").path, ["--accesses"], "balance"),
            (path("philosophers.py"), [], "deadlock"),
            (path("unlocked_counter.py"), ["--accesses"], "counter"),
        ]
        for (program, options, failure) in cases {
            let out = directory.appendingPathComponent(URL(fileURLWithPath: program).lastPathComponent + ".ilvrec").path
            let explore = try runInterleave(["explore", program, "--real", "--runs", "100", "--out", out] + options, timeout: 240)
            #expect(explore.status == 1, "\(program): \(explore.stdout)\(explore.stderr)")
            #expect(explore.stdout.contains("FAILED"), "\(explore.stdout)")
            #expect(explore.stdout.contains(failure), "\(program): \(explore.stdout)")
            #expect(explore.stdout.contains("saved to"))
            let verify = try runInterleave(["verify", out], timeout: 60)
            #expect(verify.status == 0, "\(program): \(verify.stdout)")
            // The recorded run shows the failure.
            let replay = try json(try runInterleave(["replay", out, "--json"], timeout: 60))
            let shown = replay["deadlock"] is [String: Any] || !(replay["lost_updates"] as? [Any] ?? []).isEmpty
                || !(replay["races"] as? [Any] ?? []).isEmpty || !(replay["errors"] as? [Any] ?? []).isEmpty
            #expect(shown, "\(program): \(replay)")
        }
        // A correct program: nothing to find.
        let fine = try runInterleave(["explore", corpus.appendingPathComponent("bank_account.py").path, "--real", "--accesses",
                                      "--runs", "20", "--out", directory.appendingPathComponent("none.ilvrec").path], timeout: 240)
        #expect(fine.status == 0, "\(fine.stdout)")
        #expect(fine.stdout.contains("No failure in 20 schedules"))
    }

    @Test func theReducedSearchCoversASmallProgramCompletely() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = try runInterleave(["explore", path("bank_race.py"), "--real", "--accesses", "--strategy", "dfs", "--all",
                                     "--out", directory.appendingPathComponent("bank.ilvrec").path], timeout: 300)
        #expect(all.stdout.contains("distinct interleaving"), "\(all.stdout)")
        #expect(all.stdout.contains("all ") && all.stdout.contains("explored"), "\(all.stdout)")
    }

    @Test func whatTheScheduleCannotControlStillEndsAndTheRunSaysSo() throws {
        // A thread left in C code finishing there, an event loop's timer, a subprocess's timeout:
        // each hung or failed before the watchdog and the clock took them in.
        let started = Date()
        let result = try controlled("outside.py", ["--json", "--seed", "2"])
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result)
        #expect(summary["output"] as? [String] == ["joined the worker", "the loop's timer fired", "the child exited 0"])
        let moves = summary["uncontrolled"] as? [String] ?? []
        #expect(moves.contains { $0.contains("that Interleave does not control") }, "\(moves)")
    }

    @Test func aThreadStartedOutsideThreadingRunsAndTheRunSaysSo() throws {
        let result = try controlled("raw_thread.py", ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result)
        #expect(summary["output"] as? [String] == ["the raw thread took the lock", "main saw it done"])
        let moves = summary["uncontrolled"] as? [String] ?? []
        #expect(moves.contains { $0.contains("a thread started with _thread") }, "\(moves)")
    }

    @Test func cpythonsAnswersAndARunAgainAreTheSameUnderTheSchedule() throws {
        let plain = try runShell("python3 \(path("python_answers.py"))")
        let summary = try json(try controlled("python_answers.py", ["--json"]))
        // Negative timeouts return at once (a deadlock was reported before).
        #expect(summary["output"] as? [String] == plain.stdout.split(separator: "\n").map(String.init))
        #expect(summary["outcome"] as? String == "completed")
        // Sets of strings and the program's random numbers: the same in a run again, so it verifies.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("answers.ilvrec").path
        let run = try controlled("python_answers.py", ["--json", "--seed", "9", "--record", file])
        #expect(run.status == 0)
        for _ in 0..<2 {
            let verify = try runInterleave(["verify", file], timeout: 60)
            #expect(verify.status == 0, "\(verify.stdout)")
        }
    }

    @Test func badInputsGetClearMessages() throws {
        let counter = path("unlocked_counter.py")
        let notReal = try runInterleave(["run", counter, "--control"])
        #expect(notReal.status == 2 && notReal.stderr.contains("--control goes with --real"))
        let gil = try runInterleave(["run", counter, "--real", "--control", "--policy", "gil"])
        #expect(gil.status == 2 && gil.stderr.contains("under --control, the policy is one of rr, random, pct, manual"))
        let accesses = try runInterleave(["run", counter, "--real", "--accesses"])
        #expect(accesses.status == 2 && accesses.stderr.contains("--accesses goes with --control"))
        let cores = try runInterleave(["run", counter, "--real", "--control", "--cores", "2"])
        #expect(cores.status == 2 && cores.stderr.contains("under --control only --policy, --seed and --depth apply"))
        let manual = try runInterleave(["run", counter, "--real", "--control", "--policy", "manual", "--headless"])
        #expect(manual.status == 2 && manual.stderr.contains("policy 'manual' asks you"))
        let explorePolicy = try runInterleave(["explore", counter, "--real", "--policy", "random"])
        #expect(explorePolicy.status == 2 && explorePolicy.stderr.contains("Only --seed and --depth apply"))
        let exploreAccesses = try runInterleave(["explore", "unlocked_counter", "--accesses"])
        #expect(exploreAccesses.status == 2 && exploreAccesses.stderr.contains("--accesses goes with --real"))
        let noPython = try runInterleave(["explore", counter, "--real", "--python", "/nonexistent/python3"])
        #expect(noPython.status == 2 && noPython.stderr.contains("/nonexistent/python3"))
    }
}

/// The view on a real program under the schedule: a person picks who goes next, and goes back.
@Suite(.serialized) struct RealControlViewTests {
    /// The candidates of the choice on screen, by key: `1 MainThread · 2 Thread-1 (increment)`.
    static func candidates(_ screen: String) -> [(key: String, name: String)] {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("Your choice") }),
              let list = line.split(separator: ":", maxSplits: 1).last else { return [] }
        let text = String(list).components(separatedBy: " — ").first ?? ""
        return text.components(separatedBy: " · ").compactMap { item in
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }

    @Test func aPersonLosesAnUpdateByHandThenGoesBackAndChoosesAgain() throws {
        let program = RealControlTests.programs.appendingPathComponent("unlocked_counter.py").path
        let tmux = try TmuxSession("\(try interleaveBinary()) run \(program) --real --control --accesses --policy manual",
                                   width: 130, height: 40)
        defer { tmux.close() }
        // By hand: start both workers, then at each choice a worker other than the one that went
        // last, so each reads the counter before the other writes it back.
        var last = ""
        var screen = tmux.waitFor { $0.contains("Your choice") }
        for _ in 0..<100 {
            if screen.contains("■ finished") { break }
            let options = Self.candidates(screen)
            guard !options.isEmpty else { break }
            let workers = options.filter { $0.name.hasPrefix("Thread-") }
            let bothStarted = screen.contains("Thread-2 (increment)")
            let main = options.first { $0.name == "MainThread" }
            let pick = (!bothStarted ? main : nil) ?? workers.first { $0.name != last } ?? workers.first ?? options[0]
            last = pick.name
            tmux.send(pick.key)
            screen = tmux.waitFor { $0.contains("■ finished") || ($0.contains("Your choice") && $0 != screen) }
        }
        #expect(screen.contains("■ finished") && screen.contains("Outcome: completed"), "\(screen)")
        #expect(screen.contains("unlocked_counter.py · real Python 3.") && screen.contains("manual"))
        #expect(screen.contains("LOST UPDATE on counter") && !screen.contains("Shared: counter = 6"),
                "an update lost by hand: \(screen)")
        // Back to the last choice, and another thread there: the program runs again up to it and on.
        tmux.send("<")
        let back = tmux.waitFor("⏪")
        let line = back.split(separator: "\n").first { $0.contains(", whose step goes first:") }.map(String.init) ?? ""
        let went = line.components(separatedBy: " — ").dropFirst().first?.components(separatedBy: " went").first ?? ""
        let others = Self.candidates(line.replacingOccurrences(of: "At #", with: "Your choice at #")).filter { $0.name != went }
        let other = try #require(others.first, "\(back)")
        tmux.send(other.key)
        #expect(tmux.waitFor("the run after it is replaced").contains("you chose \(other.name)"))
        #expect(tmux.waitFor { $0.contains("Your choice") || $0.contains("Finished:") }.contains("real Python 3."))
        tmux.send("q")
        let after = tmux.waitFor("EXIT=", seconds: 30)
        #expect(after.contains("Program: unlocked_counter.py — real Python 3.") && after.contains("under Interleave's schedule"))
        #expect(tmux.display("#{alternate_on}") == "0")
    }

    @Test func aRecordingExploreSavedOpensAtTheFailingStep() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("control-view-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("bank.ilvrec").path
        let program = RealControlTests.programs.appendingPathComponent("bank_race.py").path
        let explore = try runInterleave(["explore", program, "--real", "--accesses", "--runs", "50", "--out", out], timeout: 240)
        #expect(explore.status == 1, "\(explore.stdout)")
        let tmux = try TmuxSession("\(try interleaveBinary()) replay \(out)", width: 130, height: 40)
        defer { tmux.close() }
        // Paused at the failure, in the past, with a note saying so.
        let screen = tmux.waitFor("⏪")
        #expect(screen.contains("⏪ #") && screen.contains("where the run fails"), "\(screen)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=1"), "the recorded run failed")
    }
}
