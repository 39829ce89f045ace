import Foundation
import InterleaveTestSupport
import Testing

/// A Python program given to the built binary, as a user would: run, record and verify, explore,
/// check, and the view in a terminal.
@Suite struct PythonCommandTests {
    static let counter = """
        import threading

        counter = 0

        def value_of(x):
            return x

        def add(times):
            global counter
            for _ in range(times):
                counter = value_of(counter) + 1

        threads = [threading.Thread(target=add, args=(3,), name=f"adder-{i}") for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"counter = {counter}")
        expect(counter == 6, "no update is lost")
        """

    func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("interleave-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    @Test func runRecordReplayAndVerifyAPythonProgram() throws {
        let dir = try directory(["counter.py": PythonCommandTests.counter])
        let run = try runInterleave(["run", "counter.py", "--headless", "--record", "counter.ilvrec"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("counter = 6"))
        #expect(run.stdout.contains("Scenario: counter.py — policy gil"))
        let replay = try runInterleave(["replay", "counter.ilvrec", "--headless"], in: dir)
        #expect(replay.stdout == run.stdout)
        let verify = try runInterleave(["verify", "counter.ilvrec"], in: dir)
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("verified: counter.py"))
    }

    @Test func latencyOnTheCommandLineTimesTheNetworkAndARecordingKeepsIt() throws {
        let dir = try directory(["fetch.py": """
            import requests
            import time
            # interleave: latency = 40ms
            start = time.monotonic()
            requests.get("https://example.com")
            print(f"took {time.monotonic() - start:.2f}s")
            """])
        #expect(try runInterleave(["run", "fetch.py", "--headless"], in: dir).stdout.contains("took 0.04s"))
        let run = try runInterleave(["run", "fetch.py", "--headless", "--latency", "250ms", "--record", "fetch.ilvrec"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("took 0.25s"))
        let verify = try runInterleave(["verify", "fetch.ilvrec"], in: dir)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let wrong = try runInterleave(["run", "fetch.py", "--latency", "7200s"], in: dir)
        #expect(wrong.status != 0 && wrong.stderr.contains("--latency must be at most 3600s"))
    }

    @Test func exploreFindsTheLostUpdateOfAPythonProgramAndSavesIt() throws {
        let dir = try directory(["counter.py": PythonCommandTests.counter])
        // The read, the call and the write are three steps; a switch between them loses an update.
        let explore = try runInterleave(["explore", "counter.py", "--policy", "random", "--cores", "1", "--runs", "2000",
                                         "--fail-on", "expectation"], in: dir)
        #expect(explore.status == 1, "\(explore.stdout)\(explore.stderr)")
        #expect(explore.stdout.contains("expectation failed: expect no update is lost"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("counter.failure.ilvrec").path))
        let replay = try runInterleave(["replay", "counter.failure.ilvrec", "--headless"], in: dir)
        #expect(replay.status == 1)
        #expect(replay.stdout.contains("FAILED   expect no update is lost"))
        #expect(!replay.stdout.contains("counter = 6"))
    }

    @Test func exploreFindsTheBankAccountRaceOnAnAttributeAndTheRecordingReplaysIt() throws {
        let dir = try directory(["bank.py": """
            import threading

            class Account:
                def __init__(self, balance):
                    self.balance = balance
                    self.lock = threading.Lock()

                def deposit(self, amount):
                    current = self.balance
                    self.balance = current + amount

            account = Account(100)
            threads = [threading.Thread(target=account.deposit, args=(10,)) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print("balance", account.balance)
            """])
        let explore = try runInterleave(["explore", "bank.py", "--strategy", "dfs", "--policy", "random", "--cores", "1",
                                         "--fail-on", "lost-update"], in: dir)
        #expect(explore.status == 1, "\(explore.stdout)\(explore.stderr)")
        #expect(explore.stdout.contains("lost update on account.balance"), "\(explore.stdout)")
        let replay = try runInterleave(["replay", "bank.failure.ilvrec", "--headless"], in: dir)
        #expect(replay.stdout.contains("balance 110"), "\(replay.stdout)")
        #expect(replay.stdout.contains("Lost updates on account.balance: 1"), "\(replay.stdout)")
        let verify = try runInterleave(["verify", "bank.failure.ilvrec"], in: dir)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let events = try runInterleave(["replay", "bank.failure.ilvrec", "--events"], in: dir)
        #expect(events.stdout.contains("made lock 'account.lock'"), "\(events.stdout.prefix(2000))")
    }

    @Test func checkNamesThePlaceOfAMistakeAndExitsWithTwo() throws {
        let dir = try directory(["bad.py": "import threading\n\ndef f():\n    prnt('x')\n\nthreading.Thread(target=f).start()\n"])
        let check = try runInterleave(["check", "bad.py"], in: dir)
        #expect(check.status == 2)
        #expect(check.stderr.contains("bad.py:4:5: error: name 'prnt' is not defined"), "\(check.stderr)")
        #expect(check.stderr.contains("did you mean 'print'?"))
    }

    @Test func aRunOfThousandsOfThreadsPrintsTheFirstRowsOfItsTimeline() throws {
        // Once a fuzzer's hang: 65,535 threads made the timeline draw (and hold) a row each.
        let dir = try directory(["many.py": """
            import threading

            def nothing():
                pass

            threads = [threading.Thread(target=nothing) for _ in range(2600)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print("done")
            """])
        let run = try runInterleave(["run", "many.py", "--headless"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("… and 2101 more threads"))
        #expect(run.stdout.split(separator: "\n").filter { $0.contains("(nothing)") && $0.contains("|") }.count == 499)
    }

    @Test func theViewShowsThePythonSourceBesideTheLanes() throws {
        let dir = try directory(["counter.py": PythonCommandTests.counter])
        let tmux = try TmuxSession("\(try interleaveBinary()) run \(dir.path)/counter.py --policy manual --cores 1")
        defer { tmux.close() }
        var screen = tmux.waitFor("Your choice")
        #expect(screen.contains("counter.py"), "\(screen)")
        #expect(screen.contains("counter = value_of(counter) + 1"), "the code pane shows the program: \(screen)")
        tmux.send("2")
        screen = tmux.waitFor("adder-0 at line")
        #expect(screen.contains("adder-0"), "\(screen)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
    }
}
