import Foundation
import InterleaveTestSupport
import Testing

/// `run --real`: Python programs of the project's own (Fixtures/real) run in the real CPython on
/// PATH with the probe, as a user would run them.
@Suite(.serialized) struct RealRunTests {
    static let programs = CompatibilityTests.fixtures.appendingPathComponent("real")

    func real(_ file: String, _ options: [String] = [], arguments: [String] = [], input: String? = nil) throws -> CommandResult {
        let path = Self.programs.appendingPathComponent(file).path
        return try runInterleave(["run", path, "--real"] + options + (arguments.isEmpty ? [] : ["--"] + arguments),
                                 input: input ?? "", timeout: 60)
    }

    func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func aLockedCounterIsWatchedAcquisitionByAcquisition() throws {
        let result = try real("locked_counter.py", ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result)
        #expect((summary["observed"] as? String)?.hasPrefix("Python 3.") == true)
        #expect(summary["policy"] as? String == "real")
        #expect(summary["outcome"] as? String == "completed")
        let locks = try #require(summary["locks"] as? [[String: Any]])
        #expect(locks.map { $0["name"] as? String } == ["lock"])
        #expect(locks.first?["acquisitions"] as? Int == 4000)
        let threads = try #require(summary["threads"] as? [[String: Any]])
        #expect(threads.map { $0["name"] as? String } == ["MainThread", "Thread-1 (increment)", "Thread-2 (increment)"])
        #expect(summary["output"] as? [String] == ["Final counter value: 4000"])
    }

    @Test func sleepingWorkersWaitTogetherAndEachEventHasItsLine() throws {
        let result = try real("sleepers.py", ["--events"])
        #expect(result.status == 0, "\(result.stderr)")
        let sleeps = result.stdout.split(separator: "\n").filter { $0.contains("waits for sleep (at most 200.000ms)") }
        #expect(sleeps.count == 3)
        #expect(result.stdout.contains("print: All workers completed."))
        // The three sleeps overlap: the run takes about one of them, not three.
        let headless = try real("sleepers.py", ["--json"])
        let summary = try json(headless)
        let length = try #require(summary["virtual_time_ns"] as? Int)
        #expect(length >= 200_000_000 && length < 550_000_000, "\(length) ns")
        let workers = try #require(summary["threads"] as? [[String: Any]]).dropFirst()
        for worker in workers { #expect((worker["sleeping_ns"] as? Int ?? 0) >= 190_000_000) }
    }

    @Test func aDeadlockIsReportedWithItsCycleAndTheProgramStopped() throws {
        let result = try real("deadlock.py", ["--headless"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Outcome: DEADLOCK"))
        #expect(result.stdout.contains("one → lock 'right' → two → lock 'left' → one")
            || result.stdout.contains("two → lock 'left' → one → lock 'right' → two"), "\(result.stdout)")
        #expect(result.stderr.contains("the program deadlocked, so Interleave stopped it"))
    }

    @Test func theDetectorsReadTheRealStreamAsAnyOther() throws {
        let result = try real("lock_order.py", ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result)
        let cycles = try #require(summary["lock_order_cycles"] as? [[String: Any]])
        #expect(cycles.count == 1)
        #expect((cycles.first?["description"] as? String)?.contains("'a'") == true, "\(cycles)")
        let events = try real("lock_order.py", ["--events"])
        #expect(events.stdout.contains("POTENTIAL DEADLOCK: locks taken in a cycle"))
    }

    @Test func aPoolAQueuePipelineAndLoggingFromThreads() throws {
        let result = try real("pool_pipeline.py", ["--events"])
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["created ThreadPoolExecutor-0_0", "put square(0) in queue 'pool work queue at line 12'",
                     "MainThread: waits for the first of 1 future", "print: squares [0, 1, 4, 9, 16]",
                     "made queue of at most 2 'jobs'", "MainThread: waits for room in queue 'jobs'",
                     "consumer: print: consumer handled 3", "marked an item of queue 'jobs' done (0 unfinished)",
                     "MainThread: joined queue 'jobs' (every item done)", "print: handled [0, 1, 2, 3]"] {
            #expect(result.stdout.contains(line), "no '\(line)'")
        }
    }

    @Test func everyKindOfSynchronizationObjectIsSeen() throws {
        let result = try real("sync_objects.py", ["--events"])
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["made RLock 'ready.lock'", "made condition on 'ready.lock' 'ready'", "waits for condition 'ready'",
                     "notified condition 'ready' (woke 1)", "condition 'ready' wait returned True",
                     "acquired semaphore 'slots' (value 0)", "released semaphore 'slots' (value 1)",
                     "acquired 'nested' (depth 2)", "set event 'go'", "barrier 'meet' opens", "print: consumer got [1]"] {
            #expect(result.stdout.contains(line), "no '\(line)'")
        }
    }

    @Test func eachObjectIsMadeOfItsOwnKind() throws {
        // A bounded semaphore and LIFO and priority queues were reported plain (the word their
        // kind was in was lost with the record's text).
        let result = try real("object_kinds.py", ["--events"])
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["made bounded semaphore (value 2) 'slots'", "made LIFO queue of at most 3 'stack'",
                     "made priority queue 'ranked'", "print: top 2"] {
            #expect(result.stdout.contains(line), "no '\(line)'")
        }
    }

    @Test func socketsWaitForIOAgainstALocalServer() throws {
        let result = try real("http_fetch.py", ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result)
        let output = try #require(summary["output"] as? [String])
        #expect(output.filter { $0.hasPrefix("Fetched") && $0.hasSuffix(": 200") }.count == 3)
        let threads = try #require(summary["threads"] as? [[String: Any]])
        let fetchers = threads.filter { ($0["name"] as? String)?.hasSuffix("(fetch)") == true }
        #expect(fetchers.count == 3)
        for fetcher in fetchers { #expect((fetcher["sleeping_ns"] as? Int ?? 0) > 0, "no I/O wait in \(fetcher)") }
        // The main thread's wait for the server's shutdown is an Event the library made.
        #expect(try real("http_fetch.py", ["--events"]).stdout.contains("MainThread: waits for event 'socketserver: self.__is_shut_down'"))
    }

    @Test func argumentsInputUncaughtExceptionsAndTheExitStatusAreThePrograms() throws {
        let result = try real("thread_error.py", ["--headless"], arguments: ["a", "b"], input: "typed\n")
        #expect(result.status == 3)
        #expect(result.stdout.contains("main goes on ['a', 'b'] typed"))
        #expect(result.stderr.contains("ValueError: bad input"), "Python's own traceback")
        let events = try real("thread_error.py", ["--events"], arguments: ["x"], input: "y\n")
        #expect(events.status == 3)
        #expect(events.stdout.contains("failing: error: ValueError: bad input (not caught: the thread ends here)"))
        #expect(!events.stdout.contains("Traceback"), "kept apart from the events: \(events.stdout)")
        #expect(events.stderr.contains("Traceback"))
    }

    @Test func aForkedProcessIsNotFollowedAndTheUserIsTold() throws {
        let result = try real("forks.py", ["--headless"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("parent done"))
        #expect(result.stdout.contains("child says hi"), "the child's output is its own")
        #expect(result.stdout.contains("child logs"), "through a stream it was given before the fork too")
        #expect(result.stderr.contains("forked a process: its threads are not followed"))
    }

    @Test func aRecordingOfARealRunReplaysVerifiesAndExports() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("real-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sync.ilvrec").path
        let run = try real("sync_objects.py", ["--events", "--record", file])
        #expect(run.status == 0, "\(run.stderr)")
        let replay = try runInterleave(["replay", file, "--events"])
        #expect(replay.status == 0, "\(replay.stderr)")
        // The same events, and a summary that says what ran them.
        #expect(replay.stdout == run.stdout)
        #expect(replay.stdout.contains("Program: sync_objects.py — real Python 3."))
        let verify = try runInterleave(["verify", file])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("observed in real Python 3."))
        let export = try runInterleave(["export", file, "--format", "jsonl"])
        #expect(export.status == 0)
        #expect(export.stdout.split(separator: "\n").count == run.stdout.split(separator: "\n").filter { $0.firstMatch(of: /^\s*\S+\s+#\d+\s/) != nil }.count)
    }

    /// The Python corpus (Tests/InterleaveScenarioTests/Python), each with what CPython prints.
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("InterleaveScenarioTests/Python")
    /// Corpus programs whose output is not the same from run to run in CPython itself: the network's
    /// answers, and a count of threads read while the first may already have ended.
    static let timingDependent: Set<String> = ["fetch.py", "thread_local.py"]

    @Test func theCorpusRunsWatchedAndPrintsWhatCPythonPrints() throws {
        let programs = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
            .filter { $0.hasSuffix(".py") && !Self.timingDependent.contains($0) }.sorted()
        #expect(programs.count >= 50)
        for program in programs {
            let path = Self.corpus.appendingPathComponent(program).path
            let result = try runInterleave(["run", path, "--real", "--json"], input: "", timeout: 60)
            #expect(result.status == 0, "\(program): \(result.stderr)")
            let summary = try json(result)
            let expected = try String(contentsOfFile: path.replacingOccurrences(of: ".py", with: ".expected"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let printed = summary["output"] as? [String] ?? []
            // The lines as a set: their order is the scheduler's (expect.sh says more).
            #expect(printed.sorted() == expected.filter { !$0.isEmpty }.sorted() || printed.sorted() == expected.dropLast().sorted(),
                    "\(program)")
            #expect(summary["outcome"] as? String == "completed", "\(program)")
        }
    }

    @Test func theProgramsEndIsPythonsOwn() throws {
        // A pool never shut down, exit hooks Python calls with no frame of the program's, a lock
        // handed to another thread to release (no deadlock: the other thread is only sleeping).
        let result = try real("exit_paths.py", ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("Error"), "\(result.stderr)")
        let summary = try json(result)
        #expect(summary["outcome"] as? String == "completed")
        #expect(summary["output"] as? [String] == ["doubled [0, 2, 4]", "the lock came back"])
    }

    @Test func lastWordsExitHooksAndTracebacksAreThePrograms() throws {
        // Flushed before os._exit: kept.
        let abrupt = try real("last_words.py", ["--json"], arguments: ["now"])
        #expect(abrupt.status == 3)
        #expect((try json(abrupt)["output"] as? [String])?.last == "last words")
        // A normal end: threading's exit hooks print as the program's (its main thread), atexit
        // functions after the end print as Python does, to standard output.
        let normal = try real("last_words.py", ["--json"])
        #expect(normal.status == 0, "\(normal.stderr)")
        let output = try #require(try json(normal)["output"] as? [String])
        #expect(output.suffix(2) == ["the end", "threading exit hook"], "\(output.suffix(3))")
        #expect(normal.stderr.contains("atexit hook"), "kept, and shown after the run: \(normal.stderr)")
        // The traceback of an exception in the main thread starts at the program's own frame.
        let failed = try real("main_error.py", ["--headless"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("main_error.py\", line 2, in <module>"), "\(failed.stderr)")
        #expect(!failed.stderr.contains("interleave probe") && !failed.stderr.contains("runpy"), "\(failed.stderr)")
        #expect(failed.stderr.contains("ZeroDivisionError: division by zero"))
    }

    @Test func watchedObjectsAnswerAsPythonsOwnDo() throws {
        let result = try real("python_semantics.py", ["--json"])
        // The program's own excepthook, and its status.
        #expect(result.status == 1)
        #expect(result.stderr.contains("the program's own hook: RuntimeError at the end"), "\(result.stderr)")
        let summary = try json(result)
        let first = try #require((summary["output"] as? [String])?.first)
        #expect(first.hasPrefix("lock: can't specify a timeout for a non-blocking call; queue: 'timeout' must be a non-negative number; "
            + "semaphore: can't specify timeout for non-blocking acquire; bounded is a semaphore: True"), "\(first)")
        // 400 locks made on four threads at once, each one named and used once.
        let locks = try #require(summary["locks"] as? [[String: Any]])
        #expect(locks.count == 401)
        #expect(locks.dropFirst().allSatisfy { $0["acquisitions"] as? Int == 1 })
    }

    @Test func everySupportedPythonHereRunsTheProbe() throws {
        // pyenv's interpreters of 3.11 to 3.13, where this machine has them (python3 on PATH is one too).
        let root = ProcessInfo.processInfo.environment["PYENV_ROOT"] ?? (NSHomeDirectory() + "/.pyenv")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/versions")) ?? [])
            .filter { ["3.11", "3.12", "3.13"].contains(String($0.prefix(4))) && !$0.contains("t") }.sorted()
        var pythons = versions.map { root + "/versions/" + $0 + "/bin/python3" }.filter { access($0, X_OK) == 0 }
        if pythons.isEmpty { pythons = ["python3"] }
        for python in pythons {
            let result = try real("sync_objects.py", ["--events", "--python", python])
            #expect(result.status == 0, "\(python): \(result.stderr)")
            #expect(result.stdout.contains("barrier 'meet' opens"), "\(python)")
            #expect(result.stdout.contains("notified condition 'ready' (woke 1)"), "\(python)")
            let version = python.split(separator: "/").dropLast(2).last.map(String.init) ?? ""
            #expect(result.stdout.contains("real Python \(version)") || python == "python3", "\(python): \(result.stdout.suffix(400))")
            let fork = try real("forks.py", ["--headless", "--python", python])
            #expect(fork.status == 0 && !fork.stderr.contains("DeprecationWarning"), "\(python): \(fork.stderr)")
            let semantics = try real("python_semantics.py", ["--headless", "--python", python])
            #expect(semantics.stdout.contains("bounded is a semaphore: True"), "\(python): \(semantics.stderr)")
            if python.contains("3.13") { #expect(semantics.stdout.contains("lock is a Lock: True"), "\(python)") }
        }
    }

    @Test func badInputsGetClearMessages() throws {
        let missing = try runInterleave(["run", "no_such_program.py", "--real", "--headless"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no_such_program.py"))
        let python = try real("sleepers.py", ["--headless", "--python", "/no/such/python3"])
        #expect(python.status == 2)
        #expect(python.stderr.contains("--python /no/such/python3: no such program can be run"))
        let policy = try real("sleepers.py", ["--headless", "--policy", "random"])
        #expect(policy.status != 0)
        #expect(policy.stderr.contains("a --real run is CPython's own scheduling"))
        let scenario = try runInterleave(["run", "lock_counter", "--real", "--headless"])
        #expect(scenario.status != 0)
        #expect(scenario.stderr.contains("--real runs a Python program (a .py file)"))
        // An interpreter that fails before the probe can speak: what it said, and a non-zero exit.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fakepy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = directory.appendingPathComponent("python3").path
        try "#!/bin/sh\necho 'this python is broken' >&2\nexit 5\n".write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        let broken = try real("sleepers.py", ["--headless", "--python", fake])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("this python is broken"))
        // With its output kept (--json), a launch that fails leaves nothing in the temporary directory.
        let scratch = directory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let kept = try runInterleave(["run", Self.programs.appendingPathComponent("sleepers.py").path, "--real", "--json",
                                      "--python", fake], environment: ["TMPDIR": scratch.path], input: "")
        #expect(kept.status == 2 && kept.stderr.contains("this python is broken"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
        // A Python older than 3.11 (where this machine has one) is refused by name and version.
        let root = ProcessInfo.processInfo.environment["PYENV_ROOT"] ?? (NSHomeDirectory() + "/.pyenv")
        if let old = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/versions")) ?? [])
            .first(where: { $0.hasPrefix("3.10") || $0.hasPrefix("2.7") }) {
            let tooOld = try real("sleepers.py", ["--headless", "--python", root + "/versions/" + old + "/bin/python"])
            #expect(tooOld.status == 2)
            #expect(tooOld.stderr.contains("--real needs Python 3.11 to 3.13, and "), "\(tooOld.stderr)")
            #expect(tooOld.stderr.contains("is Python \(old)"))
        }
        let noPath = try runInterleave(["run", Self.programs.appendingPathComponent("sleepers.py").path, "--real", "--headless"],
                                       environment: ["PATH": directory.path + "/none"])
        #expect(noPath.status == 2)
        #expect(noPath.stderr.contains("python3 was not found on PATH"))
    }
}

/// `run --real` in the full-screen view, in a real terminal (tmux).
@Suite(.serialized) struct RealViewTests {
    @Test func theViewShowsTheRealThreadsLiveSavesAndQuitsGivingTheTerminalBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("realsave-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = RealRunTests.programs.appendingPathComponent("sleepers.py").path
        let tmux = try TmuxSession("sh -c 'cd \(directory.path) && exec \(try interleaveBinary()) run \(program) --real'",
                                   width: 100, height: 30)
        defer { tmux.close() }
        let screen = tmux.waitFor("Finished: completed")
        #expect(screen.contains("sleepers.py · real Python 3."), "\(screen)")
        #expect(screen.contains("Thread-3 (worker)"))
        #expect(screen.contains("zzzz"), "the workers' sleeps")
        #expect(screen.contains("# running Python code (the GIL: not seen)"), "what is inferred is said")
        #expect(screen.contains("steps back through it"), "no restart is offered for a real process")
        tmux.send("r")
        #expect(tmux.waitFor("it runs once").contains("this is a real process, watched: it runs once"))
        tmux.send("w")
        #expect(tmux.waitFor("saved").contains("to sleepers-real.ilvrec"))
        tmux.send("q")
        let after = tmux.waitFor("EXIT=")
        #expect(after.contains("EXIT=0"))
        #expect(after.contains("Program: sleepers.py — real Python 3."))
        #expect(tmux.display("#{alternate_on}") == "0")

        // The saved run opens in the view from its events, and goes back through them.
        let saved = directory.appendingPathComponent("sleepers-real.ilvrec").path
        let replay = try TmuxSession("\(try interleaveBinary()) replay \(saved)", width: 100, height: 30)
        defer { replay.close() }
        #expect(replay.waitFor("Finished: completed").contains("sleepers.py · real Python 3."))
        replay.send(",")
        #expect(replay.waitFor("⏪").contains("⏪ #"), "a step back shows the past")
        replay.send("q")
        #expect(replay.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test func ctrlCStopsTheProgramAndKeepsTheRecording() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("realview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("turns.ilvrec").path
        let program = RealRunTests.programs.appendingPathComponent("turns.py").path
        let tmux = try TmuxSession("\(try interleaveBinary()) run \(program) --real --record \(file)", width: 100, height: 30)
        defer { tmux.close() }
        tmux.waitFor("▶ playing")
        tmux.waitFor { $0.contains("waiting: lock") }
        tmux.send("C-c")
        let after = tmux.waitFor("EXIT=")
        #expect(after.contains("EXIT=130"), "\(after)")
        #expect(after.contains("Outcome: still running"), "stopped before it ended")
        #expect(tmux.display("#{alternate_on}") == "0")
        // The program is gone, and the recording holds what came, whole.
        // (The pattern matches the interpreter's command line, which holds the probe, and not itself.)
        let alive = try runShell("pgrep -f \"Interleave's probe.*[t]urns.py\" || true")
        #expect(alive.stdout.isEmpty, "the program still runs: \(alive.stdout)")
        let replay = try runInterleave(["replay", file, "--json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any])
        #expect((summary["events"] as? Int ?? 0) > 20)
        #expect(!replay.stderr.contains("cut short"))
    }
}
