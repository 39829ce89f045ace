import Foundation
import InterleaveCore
import InterleaveRecording
import InterleaveTestSupport
import Testing

/// Recordings whose checksums are right but whose events name what does not exist: every command
/// that reads one calls it damaged, with the byte and status 2, and none of them traps.
@Suite struct CraftedRecordingTests {
    static let source = """
        shared counter = 0
        lock = Lock()

        def add():
            with lock:
                counter += 1

        t = start add()
        add()
        join t
        expect counter == 2

        """

    /// A recording of `source`, read back: its header and events.
    func recorded(in folder: URL) throws -> Recording {
        try Data(CraftedRecordingTests.source.utf8).write(to: folder.appendingPathComponent("small.ilv"))
        let run = try runInterleave(["run", "small.ilv", "--headless", "--record", "small.ilvrec"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        return try Recording(bytes: [UInt8](Data(contentsOf: folder.appendingPathComponent("small.ilvrec"))))
    }

    /// Writes `events` under `header` with fresh checksums.
    func write(_ header: RecordingHeader, _ events: [Event], to url: URL) throws {
        var bytes: [UInt8] = []
        var writer = try RecordingWriter(header: header) { bytes += $0 }
        try writer.append(events)
        try writer.finish()
        try Data(bytes).write(to: url)
    }

    /// The events with the first one `matching` replaced by what `change` makes of it.
    func changing(_ events: [Event], where matching: (Event) -> Bool, _ change: (inout Event) -> Void) -> [Event] {
        var events = events
        guard let index = events.firstIndex(where: matching) else {
            Issue.record("no event to change")
            return events
        }
        change(&events[index])
        return events
    }

    @Test func eventsNamingWhatDoesNotExistAreDamageNotACrash() throws {
        let folder = try FileManager.default.temporaryDirectory.appendingPathComponent("interleave-crafted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let recording = try recorded(in: folder)
        let events = recording.events
        func isKind(_ name: String) -> (Event) -> Bool { { $0.kind.tag.name == name } }
        var crafted: [(name: String, events: [Event], header: RecordingHeader, expected: String)] = []
        func craft(_ name: String, _ expected: String, header: RecordingHeader? = nil, _ events: [Event]) {
            crafted.append((name, events, header ?? recording.header, expected))
        }
        craft("lock", "lock: a lock from 0 to 0, found 1000", changing(events, where: isKind("lockAcquired")) {
            if case .lockAcquired(_, let count, let nonBlocking) = $0.kind { $0.kind = .lockAcquired(1000, count: count, nonBlocking: nonBlocking) }
        })
        craft("variable", "found 1000", changing(events, where: isKind("sharedWrite")) {
            if case .sharedWrite(_, let old, let new) = $0.kind { $0.kind = .sharedWrite(1000, old: old, new: new) }
        })
        for index: Int32 in [1000, -1] {
            craft("expectation\(index)", "found \(index)", changing(events, where: isKind("expectation")) {
                if case .expectation(_, let passed) = $0.kind { $0.kind = .expectation(index, passed: passed) }
            })
        }
        craft("blocked", "found 1000", changing(events, where: isKind("blocked")) {
            if case .blocked(_, let holder, let timeout) = $0.kind { $0.kind = .blocked(.lock(1000), holder: holder, timeout: timeout) }
        })
        for kind in ["dispatched", "blocked", "woken", "lockAcquired", "sharedWrite"] {
            craft("actor-\(kind)", "the actor of a \(kind) event: a thread from 0 to", changing(events, where: isKind(kind)) { $0.thread = -1 })
        }
        // The embedded source swapped for one with no lock and no shared variable, its hash made
        // right (its code further down than the recorded lines, so that the objects are what is wrong).
        var swapped = recording.header
        swapped.source = String(repeating: "#\n", count: 12) + "def f():\n    sleep 1ms\n\nt = start f()\njoin t\n"
        swapped.sourceHash = RecordingFormat.sourceHash(swapped.source)
        craft("swapped", "but the program declares none", header: swapped, events)
        // A source line past the program's last.
        craft("line", "a source line from 0 to 11, found 1000", changing(events, where: isKind("sharedWrite")) { $0.line = 1000 })
        // A time no run reaches (the clock stops at 2^62 ns): the last event 2^64 - 2 ns in.
        var late = events
        late[late.count - 1].time = UInt64.max - 1
        craft("time", "a time within 2^63 ns", late)

        for item in crafted {
            let name = "\(item.name).ilvrec"
            try write(item.header, item.events, to: folder.appendingPathComponent(name))
            for command in [["replay", name, "--headless"], ["replay", name, "--json"], ["verify", name],
                            ["export", name, "--format", "text"], ["export", name, "--format", "perfetto", "-o", "t.json"],
                            ["export", name, "--format", "jsonl", "-o", "t.jsonl"]] {
                let result = try runInterleave(command, in: folder)
                #expect(result.status == 2, "\(command.joined(separator: " ")): status \(result.status)\n\(result.stderr)")
                #expect(result.stderr.contains("\(name): byte ") && result.stderr.contains(item.expected),
                        "\(command.joined(separator: " ")): \(result.stderr)")
            }
        }
    }
}
