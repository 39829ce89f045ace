import InterleaveCore

/// Every event of a run, kept compact in memory (the recording's encoding, in blocks of 4,096
/// events), with random access: an event, a range, or the last event at or before a time, by
/// decoding one block or a few. About 7 bytes an event for a lock-heavy run.
public struct EventStore: Sendable {
    /// Events per block.
    public static let blockEvents = 4096

    private struct Block: Sendable {
        var bytes: [UInt8]
        var firstTime: VirtualTime
        /// The time of the event before the block (deltas start from it).
        var previousTime: VirtualTime
    }

    private var blocks: [Block] = []
    private var open = ByteWriter()
    private var openFirstTime: VirtualTime = 0
    private var openPreviousTime: VirtualTime = 0
    private var openCount = 0
    private var lastTime: VirtualTime = 0
    private var openStamp = EventStamp()
    /// Events stored.
    public private(set) var count = 0

    public init() {}

    /// Bytes the store holds (for measuring).
    public var byteCount: Int { blocks.reduce(open.bytes.count) { $0 + $1.bytes.count } }

    public mutating func append(_ event: Event) {
        if openCount == 0 {
            openFirstTime = event.time
            openPreviousTime = lastTime
        }
        // Each block starts afresh (it is read on its own): the time before it, no lines yet.
        if openCount == 0 { openStamp = EventStamp(time: lastTime) }
        event.encode(into: &open, stamp: &openStamp)
        lastTime = event.time
        openCount += 1
        count += 1
        if openCount == EventStore.blockEvents {
            blocks.append(Block(bytes: open.bytes, firstTime: openFirstTime, previousTime: openPreviousTime))
            open = ByteWriter()
            openCount = 0
        }
    }

    /// Events `range` (clamped to what is stored), in order.
    public func events(_ range: Range<Int>) -> [Event] {
        let range = range.clamped(to: 0..<count)
        guard !range.isEmpty else { return [] }
        var result: [Event] = []
        result.reserveCapacity(range.count)
        var block = range.lowerBound / EventStore.blockEvents
        while block * EventStore.blockEvents < range.upperBound {
            for event in decode(block) where range.contains(Int(event.seq)) { result.append(event) }
            block += 1
        }
        return result
    }

    public func event(_ seq: Int) -> Event? { events(seq..<(seq + 1)).first }

    /// The number of the last event at or before `time` (nil if the first is later).
    public func lastEvent(atOrBefore time: VirtualTime) -> Int? {
        // The last block starting at or before `time`, then within it.
        var low = 0, high = blockCount
        while low < high {
            let middle = (low + high) / 2
            if firstTime(of: middle) <= time { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let events = decode(low - 1)
        guard let index = events.lastIndex(where: { $0.time <= time }) else { return nil }
        return Int(events[index].seq)
    }

    private var blockCount: Int { blocks.count + (openCount > 0 ? 1 : 0) }

    private func firstTime(of block: Int) -> VirtualTime {
        block < blocks.count ? blocks[block].firstTime : openFirstTime
    }

    /// The events of block `index`.
    private func decode(_ index: Int) -> [Event] {
        let (bytes, previous, events) = index < blocks.count
            ? (blocks[index].bytes, blocks[index].previousTime, EventStore.blockEvents)
            : (open.bytes, openPreviousTime, openCount)
        var reader = BinaryFieldReader(reader: ByteReader(bytes))
        var stamp = EventStamp(time: previous)
        var result: [Event] = []
        result.reserveCapacity(events)
        for i in 0..<events {
            // The bytes were written by `append`: they decode.
            guard let event = try? Event.decode(from: &reader, seq: UInt64(index * EventStore.blockEvents + i), stamp: &stamp) else { break }
            result.append(event)
        }
        return result
    }
}
