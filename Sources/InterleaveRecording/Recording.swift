import InterleaveCore

/// A recording read back: its header, its events, and whether it was cut short (no end block:
/// the recorder was killed, or the file truncated; it holds the events up to its last whole block).
public struct Recording: Sendable {
    public var header: RecordingHeader
    public var events: [Event]
    public var cutShort: Bool
    /// The format version it was written in.
    public var formatVersion: UInt16
    /// The time the run had reached when the recording ended: its last event's, or later for a
    /// run quit while a thread slept or a choice waited (the end block says).
    public var reached: VirtualTime

    /// The index chosen at each choice, in order: a manual run's answers, to give again.
    public var answers: [Int] {
        events.compactMap { event in
            if case .choice(_, _, let chosen) = event.kind { return Int(chosen) }
            return nil
        }
    }

    /// Reads a whole recording from its bytes; a damaged or foreign file throws with the byte offset.
    ///
    /// `program` gives the program the header names (its source compiled), or nil when it has
    /// none: every object an event names is then checked against the program's declarations, so
    /// the events can't make a consumer index past them, whatever a crafted file holds.
    public init(bytes: [UInt8], program: (RecordingHeader) -> Program? = { _ in nil }) throws(RecordingError) {
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
        // The four bytes of the checksum only (the rest of the file is the blocks).
        var checksumReader = ByteReader(Array(bytes[(headerStart + headerLength)..<(headerStart + headerLength + 4)]),
                                        base: headerStart + headerLength)
        guard try checksumReader.fixed32("the header's checksum") == RecordingFormat.checksum(fields) else {
            throw .checksum(offset: headerStart, block: 0)
        }
        var fieldReader = ByteReader(fields, base: headerStart)
        header = try RecordingHeader.decode(from: &fieldReader, formatVersion: formatVersion)
        try fieldReader.expectEnd("the header")

        // The blocks.
        var position = headerStart + headerLength + 4
        var events: [Event] = []
        var stamp = EventStamp()
        // Room for every event the blocks say they hold (as far as their headers read), so the
        // array does not grow by copies; never more than the bytes could hold (3 an event at least).
        events.reserveCapacity(min(Recording.countedEvents(bytes, from: headerStart + headerLength + 4), bytes.count / 3))
        var blockNumber = 0
        var ended = false
        var reached: VirtualTime = 0
        // What the engine guarantees of every event, which consumers rely on (threads made in
        // order, every thread named exists, ...): a file that breaks it is damaged, whatever its checksums say.
        var check = StreamCheck(program: program(header))
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
            var fields = BinaryFieldReader(reader: ByteReader([]), vocabulary: header.vocabulary)
            if kind == RecordingFormat.endBlock {
                let totalOffset = payloadReader.offset
                let total = try payloadReader.varint("the number of events")
                guard total == UInt64(events.count) else {
                    throw .damaged(offset: totalOffset, expected: "\(events.count) events in all, as the blocks hold, found \(total)")
                }
                reached = max(reached, try payloadReader.varint("the final time"))
                try payloadReader.expectEnd("the end block")
                ended = true
            } else {
                swap(&fields.reader, &payloadReader)
                for _ in 0..<count {
                    let start = fields.reader.offset
                    let event = try Event.decode(from: &fields, seq: UInt64(events.count), stamp: &stamp)
                    if let problem = check.check(event) { throw .damaged(offset: start, expected: problem) }
                    events.append(event)
                }
                try fields.reader.expectEnd("block \(blockNumber)'s \(count) events")
            }
            position = payloadStart + length + 4
        }
        if ended && position < bytes.count {
            throw .damaged(offset: position, expected: "the end of the file after the end block")
        }
        self.events = events
        cutShort = !ended
        self.reached = max(reached, events.last?.time ?? 0)
    }

    /// The events the blocks from `position` on say they hold, read from their headers alone
    /// (up to the first that does not read as one).
    private static func countedEvents(_ bytes: [UInt8], from start: Int) -> Int {
        var position = start
        var total = 0
        while bytes.count - position >= RecordingFormat.blockHeaderSize {
            var header = ByteReader(Array(bytes[position..<(position + RecordingFormat.blockHeaderSize)]), base: position)
            guard let kind = try? header.byte("a block's kind"), kind == RecordingFormat.eventsBlock,
                  let length = try? header.fixed32("a block's length"), let count = try? header.fixed32("a block's event count")
            else { break }
            total += Int(count)
            position += RecordingFormat.blockHeaderSize + Int(length) + 4
        }
        return total
    }
}
