import InterleaveCore

/// Writes a recording as the run goes: the header at once, then a block every
/// ``RecordingFormat/blockEvents`` events, each handed to `sink` whole (a recorder killed at any
/// moment leaves a file that opens up to its last block), and the end block from ``finish()``.
public struct RecordingWriter {
    private let sink: ([UInt8]) throws -> Void
    private var block = ByteWriter()
    private var blockCount = 0
    private var stamp = EventStamp()
    /// The vocabulary the events are written in (the header's).
    private let vocabulary: UInt16
    /// Events written so far.
    public private(set) var eventCount: UInt64 = 0
    /// Bytes handed to the sink so far.
    public private(set) var bytesWritten = 0

    /// Starts a recording of the run `header` describes; `sink` writes bytes to the file.
    public init(header: RecordingHeader, sink: @escaping ([UInt8]) throws -> Void) throws {
        self.sink = sink
        vocabulary = header.vocabulary
        var preamble = ByteWriter()
        preamble.bytes = RecordingFormat.mark
        preamble.byte(UInt8(truncatingIfNeeded: RecordingFormat.version))
        preamble.byte(UInt8(truncatingIfNeeded: RecordingFormat.version >> 8))
        var fields = ByteWriter()
        header.encode(into: &fields)
        preamble.fixed32(UInt32(fields.bytes.count))
        preamble.bytes += fields.bytes
        preamble.fixed32(RecordingFormat.checksum(fields.bytes))
        try write(preamble.bytes)
    }

    /// Appends an event (one the header's vocabulary has: `Event.Kind.asVocabulary(_:)` tells).
    public mutating func append(_ event: Event) throws {
        event.encode(into: &block, stamp: &stamp, vocabulary: vocabulary)
        blockCount += 1
        eventCount += 1
        if blockCount >= RecordingFormat.blockEvents { try flush() }
    }

    public mutating func append(_ events: some Sequence<Event>) throws {
        for event in events { try append(event) }
    }

    /// Writes the events not yet in a block.
    public mutating func flush() throws {
        guard blockCount > 0 else { return }
        try writeBlock(kind: RecordingFormat.eventsBlock, count: blockCount, payload: block.bytes)
        block = ByteWriter()
        blockCount = 0
    }

    /// Writes what is left and the end block: the recording is complete. `reached` is the time
    /// the run had reached when it stopped, if later than its last event (a run quit while a
    /// thread sleeps or a choice waits).
    public mutating func finish(reached: VirtualTime = 0) throws {
        try flush()
        var end = ByteWriter()
        end.varint(eventCount)
        end.varint(max(stamp.time, reached))
        try writeBlock(kind: RecordingFormat.endBlock, count: 0, payload: end.bytes)
    }

    private mutating func writeBlock(kind: UInt8, count: Int, payload: [UInt8]) throws {
        try write(RecordingWriter.block(kind: kind, count: count, payload: payload))
    }

    private static func block(kind: UInt8, count: Int, payload: [UInt8]) -> [UInt8] {
        var out = ByteWriter()
        out.byte(kind)
        out.fixed32(UInt32(payload.count))
        out.fixed32(UInt32(count))
        let countBytes = Array(out.bytes.suffix(4))
        out.fixed32(RecordingFormat.checksum(out.bytes))
        out.bytes += payload
        out.fixed32(RecordingFormat.checksum(payload, seed: RecordingFormat.checksum(countBytes)))
        return out.bytes
    }

    private mutating func write(_ bytes: [UInt8]) throws {
        try sink(bytes)
        bytesWritten += bytes.count
    }
}
