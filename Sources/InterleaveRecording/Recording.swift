import InterleaveCore

/// A recording read back: its header, its events, and whether it was cut short (no end block:
/// the recorder was killed, or the file truncated; it holds the events up to its last whole block).
public struct Recording: Sendable {
    public var header: RecordingHeader
    public var events: [Event]
    public var cutShort: Bool
    /// The format version it was written in.
    public var formatVersion: UInt16

    /// The index chosen at each choice, in order: a manual run's answers, to give again.
    public var answers: [Int] {
        events.compactMap { event in
            if case .choice(_, _, let chosen) = event.kind { return Int(chosen) }
            return nil
        }
    }

    /// Reads a whole recording from its bytes; a damaged or foreign file throws with the byte offset.
    public init(bytes: [UInt8]) throws(RecordingError) {
        guard !bytes.isEmpty else { throw .empty }
        let mark = RecordingFormat.mark
        guard bytes.count >= mark.count, Array(bytes.prefix(mark.count)) == mark else {
            let shown = bytes.prefix(mark.count).map { (32...126).contains($0) ? String(UnicodeScalar($0)) : "·" }.joined()
            throw .foreign(found: "'\(shown)'")
        }
        var reader = ByteReader(bytes)
        _ = try reader.fixed32("the mark") // the mark's first four bytes
        _ = try reader.byte("the mark")
        _ = try reader.byte("the mark")
        let low = try reader.byte("the format version")
        let high = try reader.byte("the format version")
        formatVersion = UInt16(low) | UInt16(high) << 8
        guard formatVersion <= RecordingFormat.version else { throw .newerVersion(needs: formatVersion, reads: RecordingFormat.version) }
        guard formatVersion >= 1 else { throw .damaged(offset: 6, expected: "format version 1 or more, found 0") }
        let headerLength = Int(try reader.fixed32("the header's length"))
        let headerStart = reader.offset
        guard headerLength <= bytes.count - headerStart - 4 else {
            throw .damaged(offset: headerStart, expected: "a header of \(headerLength) bytes and its checksum, but the file ends at byte \(bytes.count)")
        }
        let fields = Array(bytes[headerStart..<(headerStart + headerLength)])
        var checksumReader = ByteReader(Array(bytes[(headerStart + headerLength)...]), base: headerStart + headerLength)
        guard try checksumReader.fixed32("the header's checksum") == RecordingFormat.checksum(fields) else {
            throw .checksum(offset: headerStart, block: 0)
        }
        var fieldReader = ByteReader(fields, base: headerStart)
        header = try RecordingHeader.decode(from: &fieldReader, formatVersion: formatVersion)
        try fieldReader.expectEnd("the header")

        // The blocks.
        var position = headerStart + headerLength + 4
        var events: [Event] = []
        var previous: VirtualTime = 0
        var blockNumber = 0
        var ended = false
        var threads: Int32 = 0
        while position < bytes.count && !ended {
            blockNumber += 1
            guard bytes.count - position >= RecordingFormat.blockHeaderSize else { break }
            var blockReader = ByteReader(Array(bytes[position..<(position + RecordingFormat.blockHeaderSize)]), base: position)
            let kind = try blockReader.byte("a block's kind")
            let length = Int(try blockReader.fixed32("a block's length"))
            let count = try blockReader.fixed32("a block's event count")
            // Its kind, length and count are checked first: a damaged length is damage, not a file cut short.
            guard try blockReader.fixed32("a block's header checksum") == RecordingFormat.checksum(bytes[position..<(position + 9)]) else {
                throw .checksum(offset: position, block: blockNumber)
            }
            guard kind == RecordingFormat.eventsBlock || kind == RecordingFormat.endBlock else {
                throw .damaged(offset: position, expected: "a block ('E' or 'Z'), found byte \(kind)")
            }
            let payloadStart = position + RecordingFormat.blockHeaderSize
            guard bytes.count - payloadStart >= length + 4 else { break } // cut short inside this block
            let payload = bytes[payloadStart..<(payloadStart + length)]
            var sumReader = ByteReader(Array(bytes[(payloadStart + length)..<(payloadStart + length + 4)]), base: payloadStart + length)
            let countBytes = bytes[(position + 5)..<(position + 9)]
            guard try sumReader.fixed32("a block's checksum")
                    == RecordingFormat.checksum(payload, seed: RecordingFormat.checksum(countBytes)) else {
                throw .checksum(offset: position, block: blockNumber)
            }
            var payloadReader = ByteReader(Array(payload), base: payloadStart)
            if kind == RecordingFormat.endBlock {
                let totalOffset = payloadReader.offset
                let total = try payloadReader.varint("the number of events")
                guard total == UInt64(events.count) else {
                    throw .damaged(offset: totalOffset, expected: "\(events.count) events in all, as the blocks hold, found \(total)")
                }
                _ = try payloadReader.varint("the final time")
                try payloadReader.expectEnd("the end block")
                ended = true
            } else {
                for _ in 0..<count {
                    let start = payloadReader.offset
                    let event = try Event.decode(from: &payloadReader, seq: UInt64(events.count), after: previous)
                    try Recording.check(event, threads: &threads, at: start)
                    previous = event.time
                    events.append(event)
                }
                try payloadReader.expectEnd("block \(blockNumber)'s \(count) events")
            }
            position = payloadStart + length + 4
        }
        if ended && position < bytes.count {
            throw .damaged(offset: position, expected: "the end of the file after the end block")
        }
        self.events = events
        cutShort = !ended
    }

    /// What the engine guarantees of every event, which consumers rely on: threads are made one
    /// after another from 0, every thread named exists (or is -1 where "nobody" is allowed), and a
    /// choice has options and picks one of them. A file that breaks this is damaged, whatever its checksums say.
    static func check(_ event: Event, threads: inout Int32, at offset: Int) throws(RecordingError) {
        func thread(_ id: ThreadID, nobody: Bool = true, _ what: String) throws(RecordingError) {
            guard (nobody ? id >= -1 : id >= 0) && id < threads else {
                throw .damaged(offset: offset, expected: "\(what): a thread from \(nobody ? -1 : 0) to \(threads - 1), found \(id)")
            }
        }
        /// Steps a finding names come before it.
        func earlier(_ steps: UInt64...) throws(RecordingError) {
            for step in steps where step >= event.seq {
                throw .damaged(offset: offset, expected: "an earlier event's number (below \(event.seq)), found \(step)")
            }
        }
        if case .threadCreated(let child, _, _, _) = event.kind {
            guard child == threads else { throw .damaged(offset: offset, expected: "thread \(threads) created next, found \(child)") }
            threads += 1
        }
        try thread(event.thread, "the event's actor")
        switch event.kind {
        case .threadStarted(let child): try thread(child, nobody: false, "the started thread")
        case .blocked(let target, let holder):
            try thread(holder, "the holder")
            if case .join(let t) = target { try thread(t, nobody: false, "the joined thread") }
            if case .start(let t) = target { try thread(t, nobody: false, "the started thread") }
        case .woken(_, let by): try thread(by, "the waker")
        case .gilDropRequested(_, let holder): try thread(holder, "the holder")
        case .joinDone(let t, _): try thread(t, nobody: false, "the joined thread")
        case .choice(_, let options, let chosen):
            guard !options.isEmpty, chosen >= 0, Int(chosen) < options.count else {
                throw .damaged(offset: offset, expected: "a choice among its options, found \(chosen) of \(options.count)")
            }
            for option in options { try thread(option, nobody: false, "an option") }
        case .error(.releaseNotOwner(_, let owner)): try thread(owner, "the owner")
        case .error(.joinNotStarted(let t)), .error(.startedTwice(let t)): try thread(t, "the thread")
        case .race(let race):
            try thread(race.other, nobody: false, "the other thread")
            try earlier(race.step, race.otherStep)
        case .lostUpdate(let lost):
            try thread(lost.overwritten, nobody: false, "the overwritten thread")
            try earlier(lost.readStep, lost.writeStep, lost.overwrittenStep)
        case .lockOrderCycle(let edges):
            for edge in edges {
                try thread(edge.thread, nobody: false, "a thread that took a lock")
                try earlier(edge.step)
            }
        case .deadlock(let report):
            for edge in report.cycle + report.blocked {
                try thread(edge.thread, nobody: false, "a blocked thread")
                try thread(edge.holder, "a holder")
            }
        default:
            break
        }
    }
}
