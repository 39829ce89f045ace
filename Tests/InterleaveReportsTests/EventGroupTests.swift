import InterleaveCore
import InterleaveReports
import Testing

/// What the vocabulary's groups decide for consumers that treat a group's kinds alike.
@Suite struct EventGroupTests {
    @Test(arguments: Event.Kind.examples)
    func aKindThatMayWakeAWaiterMarksItsLaneAsASignal(_ kind: Event.Kind) {
        let mark = EventMark(Event(seq: 0, time: 0, thread: 0, kind: kind))
        #expect((mark == .signalled) == (kind.tag.group == .signal), "\(kind.name) is in group \(kind.tag.group.name)")
    }

    @Test func theSignalsAreTheOperationsThatMayWakeAWaiter() {
        let signals = Event.Kind.Tag.allCases.filter { $0.group == .signal }.map(\.name)
        #expect(Set(signals) == ["flagSet", "conditionNotified", "semaphoreReleased", "queuePut", "barrierPassed"])
    }
}

/// The glyphs a timeline draws tell one thing from another.
@Suite struct GlyphTests {
    @Test func everyStateAndMarkHasAGlyphOfItsOwn() {
        let states = ThreadActivity.all.map(\.glyph).filter { $0 != " " }
        let marks = EventMark.allCases.filter { $0 != .none }.map(\.glyph)
        #expect(Set(states + marks).count == states.count + marks.count, "\(states) \(marks)")
    }
}
