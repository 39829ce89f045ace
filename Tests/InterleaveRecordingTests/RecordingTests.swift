import InterleaveCore
import InterleaveRecording
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// Recordings: written as the run goes, read back exactly, and damaged files caught with the byte
/// where the damage is.
@Suite struct RecordingTests {
    /// A scenario's run recorded in memory: the header, the events and the file's bytes.
    func record(_ name: String, overrides: ScenarioSettings = ScenarioSettings(), finish: Bool = true)
        throws -> (header: RecordingHeader, events: [Event], bytes: [UInt8]) {
        let scenario = try catalogueScenario(name)
        let text = try #require(Catalogue.entry(named: name)).text
        let config = scenario.settings.overridden(by: overrides).config
        let result = simulate(scenario.program, config)
        let header = RecordingHeader(interleaveVersion: "test", scenarioName: scenario.name, source: text, config: config)
        var bytes: [UInt8] = []
        var writer = try RecordingWriter(header: header) { bytes += $0 }
        try writer.append(result.events)
        if finish { try writer.finish() } else { try writer.flush() }
        return (header, result.events, bytes)
    }

    @Test(arguments: Catalogue.entries.map(\.name).filter { $0 != "lock_counter" })
    func everyCatalogueRunComesBackExactly(_ name: String) throws {
        let (header, events, bytes) = try record(name)
        let recording = try Recording(bytes: bytes)
        #expect(recording.header == header)
        #expect(recording.events == events)
        #expect(!recording.cutShort)
        #expect(recording.formatVersion == RecordingFormat.version)
    }

    @Test func theLockCounterTakesUnderSixteenBytesAnEvent() throws {
        // The catalogue's counter, 2 × 100,000 increments (about 800,000 events); the test covers its round trip too.
        let (_, events, bytes) = try record("lock_counter")
        let perEvent = Double(bytes.count) / Double(events.count)
        #expect(perEvent < 16, "\(perEvent) bytes per event")
        #expect(try Recording(bytes: bytes).events == events)
    }

    /// Every byte: a cut inside the header is an error (the file can't be a recording yet), any
    /// cut after it opens as cut short, holding a prefix of the events; only the whole file is whole.
    @Test(arguments: ["workers", "philosophers", "condition", "queue_pipeline", "fetch_pool", "barrier"])
    func aRecordingCutAtAnyByteOpensAsCutShortOrWhole(_ name: String) throws {
        let (_, events, bytes) = try record(name, overrides: .with(seed: 3))
        let headerEnd = firstBlockOffset(bytes)
        for cut in 0...bytes.count {
            let recording: Recording
            do {
                recording = try Recording(bytes: Array(bytes.prefix(cut)))
            } catch {
                #expect(cut < headerEnd, "\(name) cut at \(cut) of \(bytes.count): \(error)")
                continue
            }
            #expect(recording.cutShort == (cut < bytes.count), "\(name) cut at \(cut)")
            #expect(Array(events.prefix(recording.events.count)) == recording.events, "\(name) cut at \(cut)")
        }
    }

    @Test func aRecordingCutAnywhereOpensUpToItsLastWholeBlockAndSaysSo() throws {
        let (_, events, bytes) = try record("unlocked_counter")
        #expect(events.count > 2 * RecordingFormat.blockEvents, "several blocks")
        let whole = try Recording(bytes: bytes)
        // Every cut from the first block on: at block boundaries and inside blocks.
        let headerEnd = bytes.count - (bytes.count - firstBlockOffset(bytes))
        var lastCount = 0
        // Every block boundary, a byte either side of it, and points inside blocks.
        var cuts = blockOffsets(bytes).flatMap { [$0 - 1, $0, $0 + 1] }.filter { $0 >= headerEnd && $0 < bytes.count }
        cuts += stride(from: headerEnd, to: bytes.count, by: max(1, bytes.count / 25)).map { $0 }
        for cut in cuts.sorted() + [bytes.count - 1] {
            let recording = try Recording(bytes: Array(bytes.prefix(cut)))
            #expect(recording.cutShort, "cut at \(cut)")
            #expect(recording.events.count % RecordingFormat.blockEvents == 0 || recording.events.count == events.count)
            #expect(Array(whole.events.prefix(recording.events.count)) == recording.events)
            #expect(recording.events.count >= lastCount)
            lastCount = recording.events.count
        }
        // Cut inside the header: nothing to open, and the message says where it ends.
        #expect(throws: RecordingError.self) { try Recording(bytes: Array(bytes.prefix(headerEnd - 5))) }
    }

    @Test func aDamagedByteIsCaughtWithItsBlockAndOffset() throws {
        let (_, _, bytes) = try record("workers")
        let block = firstBlockOffset(bytes)
        var damaged = bytes
        damaged[block + 20] ^= 0x40
        do {
            _ = try Recording(bytes: damaged)
            Issue.record("damage went unnoticed")
        } catch {
            #expect(error == .checksum(offset: block, block: 1))
            #expect(error.description.contains("byte \(block): block 1's checksum does not match"))
        }
        var header = bytes
        header[30] ^= 0x01
        #expect(throws: RecordingError.checksum(offset: 12, block: 0)) { try Recording(bytes: header) }
    }

    @Test func emptyForeignAndNewerFilesSayWhatTheyAre() throws {
        #expect(throws: RecordingError.empty) { try Recording(bytes: []) }
        #expect(throws: RecordingError.foreign(found: "'{\"scen'")) { try Recording(bytes: Array("{\"scenario\": 1}".utf8)) }
        let (_, _, bytes) = try record("workers")
        var newer = bytes
        newer[6] = 9
        do {
            _ = try Recording(bytes: newer)
            Issue.record("a newer version was read")
        } catch {
            #expect(error == .newerVersion(needs: 9, reads: RecordingFormat.version))
            #expect(error.description.contains("needs format version 9"))
        }
    }

    @Test func anAnsweredScheduleItsFocusAndLatencyComeBackAndOlderFilesStillRead() throws {
        let text = try #require(Catalogue.entry(named: "unlocked_counter")).text
        let scenario = try catalogueScenario("unlocked_counter")
        var config = scenario.settings.config
        config.policy = .answered(.free)
        config.latency = VirtualDuration.ms(35)
        var header = RecordingHeader(interleaveVersion: "test", scenarioName: scenario.name, source: text, config: config)
        header.focus = 271
        var bytes: [UInt8] = []
        var writer = try RecordingWriter(header: header) { bytes += $0 }
        try writer.finish()
        let read = try Recording(bytes: bytes)
        #expect(read.header == header)
        #expect(read.header.config.policy.name == "free" && read.header.config.policy.chooser == .manual)
        #expect(read.header.config.policy.ordering == Policy.free.ordering, "free's machine model")

        // The same file as formats 1 and 2 wrote it: without the header's last fields.
        let (_, _, plain) = try record("workers")
        let length = Int(plain[8]) | Int(plain[9]) << 8 | Int(plain[10]) << 16 | Int(plain[11]) << 24
        let all = Array(plain[12..<(12 + length)])
        // Format 6's field last: no real program to run again (0); before it format 5's, what ran
        // an observed program (empty: a simulated run).
        #expect(all.suffix(2) == [0, 0])
        let fields = Array(all.dropLast(2))
        // Format 4's fields last: the wake-up latency (20 µs), its cost (9 µs), a system call (250 ns).
        #expect(fields.suffix(7) == [0xA0, 0x9C, 0x01, 0xA8, 0x46, 0xFA, 0x01])
        // Before them the default latency, 100 ms, a varint of 4 bytes; before it, not answered and no focus.
        #expect(fields.dropLast(7).suffix(6) == [0, 0, 0x80, 0xC2, 0xD7, 0x2F])
        func older(_ version: UInt8, dropping count: Int) throws -> Recording {
            let kept = Array(all.dropLast(count + 2))
            var checksum: UInt32 = 0x811C_9DC5
            for byte in kept {
                checksum ^= UInt32(byte)
                checksum &*= 0x0100_0193
            }
            var old = Array(plain[0..<6]) + [version, 0]
            old += withUnsafeBytes(of: UInt32(kept.count).littleEndian, Array.init)
            old += kept
            old += withUnsafeBytes(of: checksum.littleEndian, Array.init)
            old += plain[(12 + length + 4)...]
            return try Recording(bytes: old)
        }
        let version1 = try older(1, dropping: 6 + 7)
        #expect(version1.formatVersion == 1)
        #expect(version1.header.focus == nil && version1.header.config.policy.chooser != .manual)
        #expect(version1.events == (try Recording(bytes: plain)).events)
        let version3 = try older(3, dropping: 7)
        var asMadeBefore = try Recording(bytes: plain).header
        (asMadeBefore.config.wakeUpLatency, asMadeBefore.config.wakeUpCost, asMadeBefore.config.syscallCost) = (0, 0, 0)
        #expect(version3.formatVersion == 3 && version3.header == asMadeBefore, "read as the model without those costs")
        let version2 = try older(2, dropping: 4 + 7)
        #expect(version2.formatVersion == 2 && version2.header == asMadeBefore)
        let version4 = try older(4, dropping: 0)
        let current = try Recording(bytes: plain).header
        #expect(version4.formatVersion == 4 && version4.header == current)

        // A run observed in a real process says what ran it.
        var observed = RecordingHeader(interleaveVersion: "test", scenarioName: "counter.py", source: "print(1)\n",
                                       config: MachineConfig())
        observed.observed = "Python 3.11.7"
        var observedBytes: [UInt8] = []
        var observedWriter = try RecordingWriter(header: observed) { observedBytes += $0 }
        try observedWriter.finish()
        let observedRead = try Recording(bytes: observedBytes) { _ in Program.observed("counter.py", by: "Python 3.11.7") }
        #expect(observedRead.header == observed)

        // A run under Interleave's schedule says how to run it again: its file, arguments, clock and accesses.
        var controlled = observed
        controlled.config.policy = .pct(depth: 4)
        controlled.config.seed = 12
        controlled.rerun = RecordingHeader.Rerun(path: "/tmp/prog.py", arguments: ["a b", "", "ü"], epoch: 1_765_000_000_123_456_789,
                                                 accesses: true)
        var controlledBytes: [UInt8] = []
        var controlledWriter = try RecordingWriter(header: controlled) { controlledBytes += $0 }
        try controlledWriter.finish()
        let controlledRead = try Recording(bytes: controlledBytes) { _ in Program.observed("counter.py", by: "Python 3.11.7", controlled: true) }
        #expect(controlledRead.header == controlled)
        #expect(controlledRead.header.rerun?.arguments == ["a b", "", "ü"] && controlledRead.header.config.seed == 12)
    }

    @Test func randomDamageNeverCrashesTheReader() throws {
        let (_, _, bytes) = try record("philosophers")
        var generator = SplitMix64(seed: 7)
        for _ in 0..<300 {
            var damaged = bytes
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let at = Int(generator.next() % UInt64(damaged.count))
                damaged[at] = UInt8(truncatingIfNeeded: generator.next())
            }
            // Either it reads (the damage hit nothing that matters) or it says where; it never traps.
            _ = try? Recording(bytes: damaged)
        }
    }

    /// Where each block starts, the end block included.
    func blockOffsets(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var position = firstBlockOffset(bytes)
        while position + 13 <= bytes.count {
            offsets.append(position)
            let length = Int(bytes[position + 1]) | Int(bytes[position + 2]) << 8 | Int(bytes[position + 3]) << 16
                | Int(bytes[position + 4]) << 24
            position += 13 + length + 4
        }
        return offsets
    }

    /// Where the first block starts: after the mark, version, header length, header and checksum.
    func firstBlockOffset(_ bytes: [UInt8]) -> Int {
        let length = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        return 12 + length + 4
    }

    /// Bytes with good checksums can still describe events the engine never makes; readers rely on
    /// what it guarantees, so such a file is damaged.
    @Test func eventsTheEngineCouldNotMakeAreCaught() throws {
        func bytes(_ events: [Event], policy: Policy = .gil) throws -> [UInt8] {
            var out: [UInt8] = []
            let header = RecordingHeader(interleaveVersion: "test", scenarioName: "x", source: "", config: MachineConfig(policy: policy))
            var writer = try RecordingWriter(header: header) { out += $0 }
            try writer.append(events)
            try writer.finish()
            return out
        }
        let created = Event(seq: 0, time: 0, thread: -1, kind: .threadCreated(child: 0, name: "Main", process: 0, daemon: false))
        let cases: [(Event, String)] = [
            (Event(seq: 1, time: 0, thread: -1, kind: .choice(.order, options: [0], chosen: 5)), "a choice among its options"),
            (Event(seq: 1, time: 0, thread: -1, kind: .choice(.order, options: [], chosen: 0)), "a choice among its options"),
            (Event(seq: 1, time: 0, thread: 7, kind: .dispatched(core: 0)), "the actor of a dispatched event"),
            (Event(seq: 1, time: 0, thread: -1, kind: .threadCreated(child: -1, name: "x", process: 0, daemon: false)), "thread 1 created next"),
            (Event(seq: 1, time: 0, thread: 0, kind: .woken(.granted, by: 99)), "by: a thread from -1 to 0, found 99"),
        ]
        for (event, message) in cases {
            let file = try bytes([created, event])
            do {
                _ = try Recording(bytes: file)
                Issue.record("\(event.kind) was read")
            } catch {
                #expect(error.description.contains(message), "\(error)")
            }
        }
        let deep = try bytes([created], policy: .pct(depth: 1 << 40))
        do {
            _ = try Recording(bytes: deep)
            Issue.record("a huge PCT depth was read")
        } catch {
            #expect(error.description.contains("PCT's depth, 0 to 1000"))
        }
    }

    @Test func aDamagedBlockLengthIsDamageNotACutShortFile() throws {
        let (_, _, bytes) = try record("unlocked_counter")
        let blocks = blockOffsets(bytes)
        var damaged = bytes
        damaged[blocks[1] + 4] ^= 0x01 // the high byte of block 2's length
        do {
            _ = try Recording(bytes: damaged)
            Issue.record("read as if cut short")
        } catch {
            #expect(error == .checksum(offset: blocks[1], block: 2))
        }
    }
}
