import InterleaveCore
@testable import InterleaveProbe
import Testing

/// The probe's records, read from bytes and turned into the stream, without a Python process.
@Suite struct ProbeTranslatorTests {
    static let main: UInt64 = 1000
    static let worker: UInt64 = 2000
    static let other: UInt64 = 3000

    /// The records of a main thread that starts two workers which each take one lock, then the
    /// other: the cycle `deadlock.py` makes.
    static let deadlocking: [ProbeRecord] = [
        ProbeRecord(.hello, time: 1_000, ident: main, a: 1, b: 42, c: 0x030B07F0, text: "/tmp/deadlock.py"),
        ProbeRecord(.objectNew, time: 2_000, ident: main, line: 3, a: 0, b: 0, text: "left"),
        ProbeRecord(.objectNew, time: 2_100, ident: main, line: 4, a: 0, b: 1, text: "right"),
        ProbeRecord(.threadNew, time: 3_000, ident: main, line: 20, a: 1, text: "one"),
        ProbeRecord(.threadBegin, time: 3_500, ident: worker, a: 1),
        ProbeRecord(.threadNew, time: 4_000, ident: main, line: 21, a: 2, text: "two"),
        ProbeRecord(.threadBegin, time: 4_500, ident: other, a: 2),
        ProbeRecord(.lockAcquired, time: 5_000, ident: worker, line: 8, a: 0, b: 1),
        ProbeRecord(.lockAcquired, time: 5_100, ident: other, line: 14, a: 1, b: 1),
        ProbeRecord(.block, time: 6_000, ident: main, line: 22, a: ProbeWait.join.rawValue, b: 1),
        ProbeRecord(.block, time: 6_100, ident: worker, line: 10, a: ProbeWait.lock.rawValue, b: 1),
        ProbeRecord(.block, time: 6_200, ident: other, line: 16, a: ProbeWait.lock.rawValue, b: 0),
    ]

    static func translate(_ records: [ProbeRecord]) -> (ProbeTranslator, [Event]) {
        var translator = ProbeTranslator(program: .observed("deadlock.py", by: "Python 3.11.7"))
        var decoder = ProbeDecoder()
        var events: [Event] = []
        // Byte by byte: a record split across reads is put back together.
        for byte in records.flatMap(\.bytes) {
            decoder.feed([byte])
            while let record = try? decoder.next() { translator.apply(record, into: &events) }
        }
        return (translator, events)
    }

    @Test func recordsReadBackAsTheyWereWrittenHoweverTheBytesArrive() throws {
        var decoder = ProbeDecoder()
        let records = Self.deadlocking + [ProbeRecord(.printed, time: 9, ident: 7, line: 2, text: "héllo, wörld: 17 bytes+")]
        decoder.feed(records.flatMap(\.bytes))
        var read: [ProbeRecord] = []
        while let record = try decoder.next() { read.append(record) }
        #expect(read == records)
        #expect(!decoder.hasPartialRecord)
    }

    @Test func bytesThatAreNotTheProtocolAreNamedByTheirOffset() {
        var decoder = ProbeDecoder()
        var bad = ProbeRecord(.printed, time: 0, ident: 0).bytes
        bad[0] = 99
        decoder.feed(ProbeRecord(.hello, time: 0, ident: 0, a: 1).bytes + bad)
        #expect(throws: ProbeDecoder.Damage(offset: 64, reason: "is of an unknown kind, 99")) {
            _ = try decoder.next()
            _ = try decoder.next()
        }
    }

    @Test func threadsAndLocksAreNumberedAndNamedAsTheSimulatorNumbersThem() {
        let (translator, events) = Self.translate(Self.deadlocking)
        let world = translator.world
        #expect(world.threads.map(\.name) == ["MainThread", "one", "two"])
        #expect(translator.interpreter == "Python 3.11.7")
        #expect(world.names.object(.lock, 1) == "right")
        #expect(world.locks.map(\.holder) == [1, 2])
        // Times count from the hello; every event names what exists.
        #expect(events.first?.time == 0 && events.last?.time == 5_200)
        var check = StreamCheck(program: world.program)
        for event in events { #expect(check.check(event) == nil, "\(event)") }
        // The line each event was at.
        #expect(events.contains { $0.line == 16 && $0.kind == .blocked(.lock(0), holder: 1, timeout: 0) })
    }

    @Test func aCycleOfLocksIsADeadlockWithItsCycle() throws {
        let (translator, _) = Self.translate(Self.deadlocking)
        let report = try #require(translator.stuck())
        #expect(report.cycle.map(\.thread) == [1, 2])
        #expect(report.cycle.map(\.holder) == [2, 1])
        #expect(report.blocked.count == 3)
        // Until the second thread blocks, someone could still move.
        let (before, _) = Self.translate(Array(Self.deadlocking.dropLast()))
        #expect(before.stuck() == nil)
    }

    @Test func aRecordThatEndsAWaitWakesItsThreadFirst() {
        let records = Array(Self.deadlocking.prefix(10)) + [
            ProbeRecord(.lockReleased, time: 7_000, ident: Self.worker, line: 9, a: 0, b: 0),
            ProbeRecord(.threadEnd, time: 7_100, ident: Self.worker, a: 1),
            ProbeRecord(.joinDone, time: 7_200, ident: Self.main, line: 22, a: 1, b: 0),
        ]
        let (translator, events) = Self.translate(records)
        let tail = events.suffix(5).map(\.kind)
        #expect(tail == [.lockReleased(0, count: 0), .threadFinished, .woken(.joined, by: 1), .resumed, .joinDone(1, timedOut: false)])
        #expect(translator.world.thread(0)?.activity == .running)
        #expect(translator.world.locks[0].holder == -1)
    }

    @Test func theEndStopsDaemonsAndAnEndWithoutTheProbesWordIsAnError() {
        var (translator, events) = Self.translate(Array(Self.deadlocking.prefix(7)) + [
            ProbeRecord(.end, time: 8_000, ident: Self.main, a: 0),
        ])
        translator.finish(.exited(0), into: &events)
        #expect(events.suffix(4).map(\.kind) == [.threadStopped, .threadStopped, .threadStopped, .finished(.completed)])
        #expect(!events.contains { if case .error = $0.kind { true } else { false } })

        var (killed, more) = Self.translate(Array(Self.deadlocking.prefix(3)))
        killed.finish(.signalled(9), into: &more)
        #expect(more.contains { $0.kind == .error(.uncaught(exception: "ProcessEnded",
                                                             message: "the process was killed by signal 9 before the program finished")) })
        #expect(killed.finished)
    }

    @Test func recordsNamingWhatDoesNotExistAreSkippedAndCounted() {
        let (translator, events) = Self.translate([
            ProbeRecord(.lockAcquired, time: 0, ident: Self.main, a: 0, b: 1),
            Self.deadlocking[0],
            ProbeRecord(.lockAcquired, time: 1_100, ident: Self.main, a: 5, b: 1),
            ProbeRecord(.block, time: 1_200, ident: Self.main, a: 99, b: 0),
            ProbeRecord(.joinDone, time: 1_300, ident: Self.main, a: 7),
        ])
        #expect(translator.unreadable == 4)
        #expect(events.count == 3)
    }

    @Test func aThreadStartedOutsideThreadingIsAdoptedAtItsFirstRecord() {
        let (translator, events) = Self.translate([Self.deadlocking[0], Self.deadlocking[1],
                                                   ProbeRecord(.lockAcquired, time: 2_500, ident: 77, a: 0, b: 1)])
        #expect(translator.world.threads.count == 2)
        #expect(translator.world.threads[1].name.contains("started outside threading"))
        #expect(events.last?.kind == .lockAcquired(0, count: 1, nonBlocking: false) && events.last?.thread == 1)
    }

    @Test func objectsAreNumberedInTheOrderTheirRecordsArrive() {
        // Two threads took numbers 0 and 1 and reported them the other way round.
        let (translator, events) = Self.translate([
            Self.deadlocking[0],
            ProbeRecord(.objectNew, time: 2_000, ident: Self.main, a: 0, b: 1, text: "second"),
            ProbeRecord(.objectNew, time: 2_100, ident: Self.main, a: 0, b: 0, text: "first"),
            ProbeRecord(.lockAcquired, time: 2_200, ident: Self.main, a: 0, b: 1),
            ProbeRecord(.objectNew, time: 2_300, ident: Self.main, a: 2, b: 0, c: 0, text: "ready"),
        ])
        #expect(translator.unreadable == 0)
        #expect(translator.world.names.object(.lock, 0) == "second" && translator.world.names.object(.lock, 1) == "first")
        #expect(events.contains { $0.kind == .lockAcquired(1, count: 1, nonBlocking: false) }, "the probe's 0 is the second made")
        #expect(events.last?.kind == .objectMade(.condition(lock: 1), index: 0, name: "ready"))
    }

    @Test func aLockHandedToAThreadThatSleepsIsNoDeadlock() {
        // The main thread takes `done` and waits for it again; a worker that sleeps will release it.
        var records = Array(Self.deadlocking.prefix(5))
        records += [
            ProbeRecord(.lockAcquired, time: 5_000, ident: Self.main, a: 0, b: 1),
            ProbeRecord(.block, time: 5_100, ident: Self.worker, a: ProbeWait.sleep.rawValue, c: 1_000_000_000),
            ProbeRecord(.block, time: 5_200, ident: Self.main, a: ProbeWait.lock.rawValue, b: 0),
        ]
        let (sleeping, _) = Self.translate(records)
        #expect(sleeping.stuck() == nil)
        // Once the worker waits for good too, nobody can release it.
        let (stuck, _) = Self.translate(records + [ProbeRecord(.resume, time: 6_000, ident: Self.worker, a: 6),
                                                   ProbeRecord(.block, time: 6_100, ident: Self.worker, a: ProbeWait.join.rawValue, b: 0)])
        #expect(stuck.stuck() != nil)
    }

    @Test func anIdentGivenToANewThreadIsNotTheFinishedOnes() {
        let (translator, events) = Self.translate(Array(Self.deadlocking.prefix(5)) + [
            ProbeRecord(.threadEnd, time: 5_000, ident: Self.worker, a: 1),
            // A thread started from C, with the finished thread's ident.
            ProbeRecord(.lockAcquired, time: 5_100, ident: Self.worker, a: 0, b: 1),
        ])
        #expect(translator.world.threads.count == 3)
        #expect(translator.world.thread(1)?.activity == .finished)
        #expect(events.last?.thread == 2)
    }
}
