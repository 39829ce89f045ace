import Foundation
import InterleaveCore
@testable import InterleaveRecording
import InterleaveTestSupport
import Testing

/// Every kind of event the vocabulary declares, not only those some scenario happens to emit:
/// each one is encoded, read back, checked and put in words, in this vocabulary and in older ones.
@Suite struct VocabularyTests {
    /// One event of every kind (and of every case of the enums their fields hold).
    static let examples: [Event.Kind] = Event.Kind.examples


    @Test func theExamplesCoverEveryKindAndEveryCaseOfWhatTheyHold() {
        #expect(Set(VocabularyTests.examples.map(\.tag)) == Set(Event.Kind.Tag.allCases))
        var targets = Set<WaitTarget.Tag>(), decisions = Set<ChoiceKind.Tag>(), errors = Set<UserError.Tag>()
        for kind in VocabularyTests.examples {
            switch kind {
            case .blocked(let target, _, _): targets.insert(target.tag)
            case .choice(let decision, _, _): decisions.insert(decision.tag)
            case .error(let error): errors.insert(error.tag)
            default: break
            }
        }
        #expect(targets == Set(WaitTarget.Tag.allCases))
        #expect(decisions == Set(ChoiceKind.Tag.allCases))
        #expect(errors == Set(UserError.Tag.allCases))
    }

    @Test(arguments: VocabularyTests.examples)
    func everyKindComesBackFromItsEncoding(_ kind: Event.Kind) throws {
        let event = Event(seq: 7, time: 1_500, thread: 0, kind: kind)
        var writer = ByteWriter()
        var stamp = EventStamp(time: 1_000)
        event.encode(into: &writer, stamp: &stamp)
        var reader = BinaryFieldReader(reader: ByteReader(writer.bytes))
        var readStamp = EventStamp(time: 1_000)
        #expect(try Event.decode(from: &reader, seq: 7, stamp: &readStamp) == event)
        #expect(reader.reader.isAtEnd, "every byte of \(kind.name) was read")
    }

    @Test func aLineLikeTheActorsLastTakesNoByteAndReadsBack() throws {
        let first = Event(seq: 0, time: 10, thread: 1, line: 300, kind: .dispatched(core: 0))
        let second = Event(seq: 1, time: 20, thread: 1, line: 300, kind: .dispatched(core: 0))
        var writer = ByteWriter()
        var stamp = EventStamp()
        first.encode(into: &writer, stamp: &stamp)
        let firstSize = writer.bytes.count
        second.encode(into: &writer, stamp: &stamp)
        // Line 300 is two bytes the first time, none the second.
        #expect(writer.bytes.count - firstSize == firstSize - 2)
        var reader = BinaryFieldReader(reader: ByteReader(writer.bytes))
        var readStamp = EventStamp()
        #expect(try Event.decode(from: &reader, seq: 0, stamp: &readStamp) == first)
        #expect(try Event.decode(from: &reader, seq: 1, stamp: &readStamp) == second)
        // The same bit on a thread's first event has no line to take: damage, not a guess.
        var crafted = Array(writer.bytes[firstSize...])
        crafted[0] |= 0x80
        var craftedReader = BinaryFieldReader(reader: ByteReader(crafted))
        var fresh = EventStamp()
        #expect(throws: RecordingError.self) { try Event.decode(from: &craftedReader, seq: 0, stamp: &fresh) }
    }

    @Test(arguments: VocabularyTests.examples)
    func everyKindReadsBackInEveryOlderVocabularyAsThatVocabularyHasIt(_ kind: Event.Kind) throws {
        for vocabulary in UInt16(1)...Event.vocabularyVersion {
            guard let older = kind.asVocabulary(vocabulary) else {
                #expect(kind.tag.since > vocabulary)
                continue
            }
            let event = Event(seq: 0, time: 0, thread: 0, kind: kind)
            var writer = ByteWriter()
            var stamp = EventStamp()
            event.encode(into: &writer, stamp: &stamp, vocabulary: vocabulary)
            var reader = BinaryFieldReader(reader: ByteReader(writer.bytes), vocabulary: vocabulary)
            var readStamp = EventStamp()
            let read = try Event.decode(from: &reader, seq: 0, stamp: &readStamp)
            #expect(read.kind == older, "\(kind.name) in vocabulary \(vocabulary)")
            #expect(reader.reader.isAtEnd)
        }
    }

    @Test(arguments: VocabularyTests.examples)
    func everyKindHasWordsAndPassesTheStreamCheck(_ kind: Event.Kind) {
        let program = ExampleProgram.everyObject
        var names = EventNames(program: program)
        let created = Event(seq: 0, time: 0, thread: -1, kind: .threadCreated(child: 0, name: "MainThread", process: 0, daemon: false))
        names.observe(created)
        names.observe(Event(seq: 1, time: 0, thread: 0, kind: .futureSubmitted(0, pool: 0, function: 0)))
        let words = names.describe(kind)
        #expect(!words.isEmpty && !words.contains("#-") && !words.contains("lock#") && !words.contains("pool#"),
                "\(kind.name): \(words)")
        // The examples name thread 0, future 0, object 0 and event 0: what a stream that made
        // thread 0 and future 0 first has.
        var check = StreamCheck(program: program)
        #expect(check.check(created) == nil)
        if case .threadCreated = kind { return }
        if case .futureSubmitted = kind {
            #expect(check.check(Event(seq: 1, time: 0, thread: 0, kind: kind)) == nil)
            return
        }
        let submitted = Event(seq: 1, time: 0, thread: 0, kind: .futureSubmitted(0, pool: 0, function: 0))
        #expect(check.check(submitted) == nil)
        var example = kind.replacingSteps(with: 0)
        // An object made as the program runs is the next of its kind: after the one declared.
        if case .objectMade(let spec, _, let name) = example { example = .objectMade(spec, index: 1, name: name) }
        let event = Event(seq: 2, time: 0, thread: 0, kind: example)
        #expect(check.check(event) == nil, "\(kind.name)")
    }

    @Test func anObjectMadeAsTheProgramRunsIsTheNextOfItsKindAndEventsMayNameItThen() {
        let program = Program(name: "x", code: [], functions: [], main: 0, locks: [LockDecl(name: "a")])
        var check = StreamCheck(program: program)
        var names = EventNames(program: program)
        let created = Event(seq: 0, time: 0, thread: -1, kind: .threadCreated(child: 0, name: "M", process: 0, daemon: false))
        #expect(check.check(created) == nil)
        var skipping = check
        #expect(skipping.check(Event(seq: 1, time: 0, thread: 0, kind: .objectMade(.lock(reentrant: false), index: 2, name: "b")))
            == "lock 1 made next, found 2")
        var early = check
        #expect(early.check(Event(seq: 1, time: 0, thread: 0, kind: .lockAcquired(1, count: 1, nonBlocking: false))) != nil)
        let made = Event(seq: 1, time: 0, thread: 0, kind: .objectMade(.lock(reentrant: true), index: 1, name: "account.lock"))
        #expect(check.check(made) == nil)
        names.observe(made)
        let acquired = Event(seq: 2, time: 0, thread: 0, kind: .lockAcquired(1, count: 1, nonBlocking: false))
        #expect(check.check(acquired) == nil)
        #expect(names.describe(acquired.kind) == "acquired 'account.lock'")
        #expect(names.isReentrant(1) && !names.isReentrant(0))
        #expect(names.count(of: .lock) == 2)
    }

    @Test func theStreamCheckCatchesAnIdNoDeclarationHas() {
        let program = Program(name: "x", code: [], functions: [], main: 0, shared: [SharedDecl(name: "counter")],
                              locks: [LockDecl(name: "a")])
        var check = StreamCheck(program: program)
        _ = check.check(Event(seq: 0, time: 0, thread: -1, kind: .threadCreated(child: 0, name: "M", process: 0, daemon: false)))
        let cases: [(Event.Kind, String)] = [
            (.lockAcquired(1000, count: 1, nonBlocking: false), "lock: a lock from 0 to 0, found 1000"),
            (.sharedWrite(5, old: 0, new: 1), "variable: a shared variable from 0 to 0, found 5"),
            (.flagSet(0, woke: 0), "flag: an Event, but the program declares none, found 0"),
            (.blocked(.lock(-1), holder: -1, timeout: 0), "lock: a lock from 0 to 0, found -1"),
            (.woken(.granted, by: 3), "by: a thread from -1 to 0, found 3"),
            (.lostUpdate(LostUpdateReport(variable: 0, readStep: 9, writeStep: 0, overwritten: 0, overwrittenStep: 0)),
             "readStep: an earlier event's number (below 1), found 9"),
        ]
        for (kind, message) in cases {
            var fresh = check
            let problem = fresh.check(Event(seq: 1, time: 0, thread: 0, kind: kind))
            #expect(problem?.contains(message) == true, "\(kind.name): \(problem ?? "no problem found")")
        }
    }

    @Test func theRecordingFormatsTableListsEveryKindWithItsFields() throws {
        // docs/RECORDING.md's table of kinds is checked against the declarations, so it can't fall behind.
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/RECORDING.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for tag in Event.Kind.Tag.allCases {
            let row = "| \(tag.rawValue) | \(tag.name) | \(tag.fieldSummary) |"
            #expect(text.contains(row), "RECORDING.md lacks the row \(row)")
        }
        let cases = WaitTarget.Tag.allCases.map { ($0.rawValue, $0.name) } + ChoiceKind.Tag.allCases.map { ($0.rawValue, $0.name) }
            + UserError.Tag.allCases.map { ($0.rawValue, $0.name) }
        for (number, name) in cases {
            #expect(text.contains("\(number) `\(name)`"), "RECORDING.md lacks the case \(number) `\(name)`")
        }
    }
}

extension Event.Kind {
    /// The kind with every event number it names set to `step` (so it names an earlier event).
    func replacingSteps(with step: UInt64) -> Event.Kind {
        switch self {
        case .race(var report):
            report.step = step
            report.otherStep = step
            return .race(report)
        case .lostUpdate(var report):
            report.readStep = step
            report.writeStep = step
            report.overwrittenStep = step
            return .lostUpdate(report)
        case .lockOrderCycle(let edges):
            return .lockOrderCycle(edges.map { var edge = $0; edge.step = step; return edge })
        default:
            return self
        }
    }
}
