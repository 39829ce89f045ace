import Foundation
import InterleaveTestSupport
import Testing

/// `run --record`, `replay` and `verify`, as a user runs them.
@Suite struct RecordingCommandTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("interleave-rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: ["workers", "philosophers", "queue_pipeline", "unlocked_counter", "priority_inversion", "fetch_pool"])
    func aReplayPrintsWhatTheRunPrintedAndVerifies(_ name: String) throws {
        let folder = try scratch()
        let run = try runInterleave(["run", name, "--headless", "--record", "run.ilvrec"], in: folder)
        let replay = try runInterleave(["replay", "run.ilvrec", "--headless"], in: folder)
        #expect(replay.stdout == run.stdout)
        #expect(replay.status == run.status)
        #expect(replay.stderr.isEmpty)
        let json = try runInterleave(["run", name, "--json"], in: folder)
        #expect(try runInterleave(["replay", "run.ilvrec", "--json"], in: folder).stdout == json.stdout)
        let verify = try runInterleave(["verify", "run.ilvrec"], in: folder)
        #expect(verify.status == 0)
        let scenario = name == "priority_inversion" ? name : name + ".py"
        #expect(verify.stdout.contains("verified: \(scenario) under"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aDamagedRecordingIsNamedWithItsByteAndStatusTwo() throws {
        let folder = try scratch()
        _ = try runInterleave(["run", "workers", "--headless", "--record", "run.ilvrec"], in: folder)
        let file = folder.appendingPathComponent("run.ilvrec")
        var bytes = [UInt8](try Data(contentsOf: file))
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        let block = 12 + headerLength + 4
        bytes[block + 30] ^= 0x20
        try Data(bytes).write(to: folder.appendingPathComponent("damaged.ilvrec"))
        for command in ["replay", "verify"] {
            let result = try runInterleave([command, "damaged.ilvrec", "--headless"].filter { command == "replay" || $0 != "--headless" },
                                           in: folder)
            #expect(result.status == 2)
            #expect(result.stderr.contains("damaged.ilvrec: byte \(block): block 1's checksum does not match its contents"),
                    "\(result.stderr)")
        }
        try Data("not a recording".utf8).write(to: folder.appendingPathComponent("text.ilvrec"))
        let foreign = try runInterleave(["replay", "text.ilvrec", "--headless"], in: folder)
        #expect(foreign.status == 2 && foreign.stderr.contains("this is not an Interleave recording"))
        let missing = try runInterleave(["verify", "missing.ilvrec"], in: folder)
        #expect(missing.status == 2 && missing.stderr.contains("missing.ilvrec: no such file"))
        // Refused before the run starts (the lock counter would run for seconds, and its engine wait on a full channel).
        let unwritable = try runInterleave(["run", "lock_counter", "--headless", "--record", "no/such/dir/x.ilvrec"], in: folder)
        #expect(unwritable.status == 2 && unwritable.stderr.contains("can't be written"))
    }

    @Test func aRecordingThatNoLongerReproducesNamesTheFirstDifference() throws {
        let folder = try scratch()
        _ = try runInterleave(["run", "workers", "--headless", "--record", "run.ilvrec"], in: folder)
        // Re-record with another seed, then graft the first recording's header on: same scenario, other events.
        _ = try runInterleave(["run", "workers", "--headless", "--seed", "2", "--record", "other.ilvrec"], in: folder)
        let first = [UInt8](try Data(contentsOf: folder.appendingPathComponent("run.ilvrec")))
        let other = [UInt8](try Data(contentsOf: folder.appendingPathComponent("other.ilvrec")))
        func blocks(_ bytes: [UInt8]) -> Int { 12 + (Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16) + 4 }
        try Data(Array(first[..<blocks(first)]) + Array(other[blocks(other)...]))
            .write(to: folder.appendingPathComponent("grafted.ilvrec"))
        let verify = try runInterleave(["verify", "grafted.ilvrec"], in: folder)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("grafted.ilvrec: event "), "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("  recorded: ") && verify.stdout.contains("  now:      "))
        // The view would run the scenario again, which is no longer this recording: it says so.
        let replay = try runInterleave(["replay", "grafted.ilvrec"], in: folder)
        #expect(replay.status == 1 && replay.stderr.contains("no longer reproduces the recording"), "\(replay.stderr)")
    }

    @Test func aRecorderKilledMidRunLeavesAFileThatOpens() throws {
        let folder = try scratch()
        let path = folder.appendingPathComponent("killed.ilvrec").path
        let tmux = try TmuxSession("\(try interleaveBinary()) run lock_counter --record \(path)")
        defer { tmux.close() }
        tmux.waitFor("Thread-2")
        tmux.send("]")
        tmux.send("]")
        // Let a few blocks reach the file, then SIGKILL: no handler runs, nothing is finished.
        _ = tmux.waitFor(20) { screen in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return (size ?? 0) > 100_000
        }
        tmux.signal(SIGKILL)
        #expect(tmux.waitFor("EXIT=").contains("EXIT=137"))
        let replay = try runInterleave(["replay", path, "--headless"], in: folder)
        #expect(replay.stderr.contains("the recording was cut short"), "\(replay.stderr)")
        #expect(replay.stdout.contains("Outcome: still running after"))
        let verify = try runInterleave(["verify", path], in: folder)
        #expect(verify.status == 0 && verify.stdout.contains("(the recording was cut short)"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test func wInTheViewSavesTheRunSoFarAndItReplays() throws {
        let folder = try scratch()
        let tmux = try TmuxSession("sh -c 'cd \(folder.path) && exec \(try interleaveBinary()) run workers --seed 3'")
        defer { tmux.close() }
        tmux.waitFor("Worker-4")
        tmux.send("w")
        #expect(tmux.waitFor("saved ").contains("to workers-seed3.ilvrec (interleave replay workers-seed3.ilvrec)"))
        tmux.send("q")
        tmux.waitFor("EXIT=")
        let replay = try runInterleave(["replay", "workers-seed3.ilvrec", "--headless"], in: folder)
        #expect(replay.status == 0 && replay.stderr.isEmpty, "\(replay.stderr)")
        #expect(replay.stdout.contains("Scenario: workers.py — policy gil, 2 cores, seed 3"))
        #expect(try runInterleave(["verify", "workers-seed3.ilvrec"], in: folder).status == 0)
        // And it opens in the view.
        let view = try TmuxSession("sh -c 'cd \(folder.path) && exec \(try interleaveBinary()) replay workers-seed3.ilvrec'")
        defer { view.close() }
        #expect(view.waitFor("Worker-4").contains("workers.py · gil · 2 cores · seed 3"))
        view.send("q")
        #expect(view.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test(arguments: ["philosophers", "queue_pipeline", "condition", "unlocked_counter"])
    func theExportsAreWellFormed(_ name: String) throws {
        let folder = try scratch()
        _ = try runInterleave(["run", name, "--headless", "--record", "run.ilvrec"], in: folder)
        let export = try runInterleave(["export", "run.ilvrec", "--format", "perfetto", "-o", "trace.json"], in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        let data = try Data(contentsOf: folder.appendingPathComponent("trace.json"))
        let trace = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(trace["traceEvents"] as? [[String: Any]])
        // Every slice is well formed, and a track's slices never overlap.
        var slices: [String: [(Double, Double)]] = [:]
        var flows: [Int: Set<String>] = [:]
        for event in events {
            let phase = try #require(event["ph"] as? String)
            #expect(event["pid"] is Int && event["tid"] is Int, "\(event)")
            switch phase {
            case "X":
                let ts = try #require(event["ts"] as? Double ?? (event["ts"] as? Int).map(Double.init))
                let dur = try #require(event["dur"] as? Double ?? (event["dur"] as? Int).map(Double.init))
                #expect(dur >= 0 && event["name"] is String)
                slices["\(event["pid"]!)/\(event["tid"]!)", default: []].append((ts, ts + dur))
            case "s", "f":
                flows[try #require(event["id"] as? Int), default: []].insert(phase)
            case "M", "i":
                #expect(event["name"] is String)
            default:
                Issue.record("unexpected phase \(phase)")
            }
        }
        for (track, list) in slices {
            let sorted = list.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0 + 1e-9, "\(track): \(a) overlaps \(b)") }
        }
        #expect(flows.values.allSatisfy { $0 == ["s", "f"] }, "every arrow has both ends")
        // What went wrong is what a user exports the trace to look at: it is there, at its moment.
        let instants = events.filter { $0["ph"] as? String == "i" }.map { ($0["cat"] as? String ?? "", $0["name"] as? String ?? "") }
        if name == "unlocked_counter" {
            #expect(instants.contains { $0.0 == "shared" && $0.1.hasPrefix("wrote counter") })
            #expect(instants.contains { $0.0 == "finding" && $0.1.hasPrefix("LOST UPDATE on counter") })
            #expect(instants.contains { $0.0 == "expectation" && $0.1.contains("FAILED") })
        }
        if name == "philosophers" {
            #expect(instants.contains { $0.0 == "finding" && $0.1.hasPrefix("DEADLOCK") })
        }
        // Under the GIL, a track in the process says who held it.
        if name == "condition" {
            let gilTracks = events.filter { $0["name"] as? String == "thread_name" && ($0["tid"] as? Int) == 1_000_000 }
            #expect(gilTracks.count == 1 && (gilTracks.first?["args"] as? [String: Any])?["name"] as? String == "GIL")
            let held = events.filter { $0["ph"] as? String == "X" && $0["cat"] as? String == "gil" }.compactMap { $0["name"] as? String }
            #expect(held.contains("held by Producer") && held.contains("held by Consumer"), "\(held.prefix(5))")
        }
        // The thread names are the scenario's.
        let jsonl = try runInterleave(["export", "run.ilvrec", "--format", "jsonl"], in: folder)
        let lines = jsonl.stdout.split(separator: "\n")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.enumerated().allSatisfy { ($0.element["seq"] as? Int) == $0.offset })
        let created = Set(objects.filter { $0["kind"] as? String == "threadCreated" }.compactMap { $0["name"] as? String })
        let named = Set(events.filter { $0["name"] as? String == "thread_name" && ($0["pid"] as? Int) != 1_000_000
                && ($0["tid"] as? Int) != 1_000_000 }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String })
        #expect(!created.isEmpty && created == named)
        // The text export is what replay prints.
        let text = try runInterleave(["export", "run.ilvrec", "--format", "text"], in: folder)
        #expect(text.stdout == (try runInterleave(["replay", "run.ilvrec", "--headless"], in: folder)).stdout)
    }

    @Test func theSummaryOfAManualRunQuitEarlyIsTheRecordingsSummary() throws {
        let folder = try scratch()
        let path = folder.appendingPathComponent("manual.ilvrec").path
        let tmux = try TmuxSession("\(try interleaveBinary()) run unlocked_counter --policy manual --cores 1 --record \(path)",
                                   width: 120, height: 50)
        defer { tmux.close() }
        tmux.waitFor("Your choice")
        for key in ["2", "1", "1", "1", "1", "2", "1", "1", "2", "1"] {
            tmux.send(key)
            usleep(150_000)
        }
        tmux.send("q")
        let screen = tmux.waitFor("EXIT=")
        let rows = { (text: String) in
            text.split(separator: "\n").filter { line in ["MainThread", "Adder-1", "Adder-2", "Outcome:"].contains { line.hasPrefix($0) } }
                .filter { !$0.contains("|") } // the replay's text timeline, which the view doesn't print
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let replay = try runInterleave(["replay", path, "--headless"], in: folder)
        #expect(rows(screen).count == 4)
        #expect(rows(screen) == rows(replay.stdout), "\(screen)\n---\n\(replay.stdout)")
    }

    @Test func aBranchInTheViewIsWhatTheRecordingKeeps() throws {
        let folder = try scratch()
        let path = folder.appendingPathComponent("branch.ilvrec").path
        let tmux = try TmuxSession("\(try interleaveBinary()) run unlocked_counter --policy manual --record \(path)")
        defer { tmux.close() }
        tmux.waitFor("Your choice")
        for _ in 0..<8 {
            tmux.send("1")
            Thread.sleep(forTimeInterval: 0.1)
        }
        tmux.send("<")
        tmux.waitFor("⏪ #")
        tmux.send("2")
        #expect(tmux.waitFor("the run after it is replaced").contains("the run after it is replaced"))
        tmux.waitFor("Your choice")
        tmux.send("1")
        Thread.sleep(forTimeInterval: 0.2)
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=").contains("EXIT=0"))
        let verify = try runInterleave(["verify", path], in: folder)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // The branch's choice (key 2: the second thread by number) is in the recording; every other
        // choice was key 1, the first thread by number.
        let jsonl = try runInterleave(["export", path, "--format", "jsonl"], in: folder).stdout
        let chosen = try jsonl.split(separator: "\n").filter { $0.contains("\"kind\":\"choice\"") }.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let options = try #require(object["options"] as? [Int])
            let index = try #require(object["chosen"] as? Int)
            return options[index] != options.min()
        }
        #expect(chosen.filter { $0 }.count == 1, "\(chosen)")
    }
}
