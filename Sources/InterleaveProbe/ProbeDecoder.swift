/// Reads the probe's records out of the bytes of its socket, as they arrive in pieces.
public struct ProbeDecoder: Sendable {
    private var pending: [UInt8] = []
    private var start = 0
    /// Bytes read so far.
    public private(set) var offset = 0

    /// Why the bytes are not the protocol.
    public struct Damage: Error, Sendable, Hashable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "the probe's record at byte \(offset) \(reason)" }
    }

    public init() {}

    /// Adds bytes that arrived.
    public mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        if start > 0 && start == pending.count {
            pending.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 20 {
            pending.removeFirst(start)
            start = 0
        }
        pending.append(contentsOf: bytes)
    }

    /// Whether bytes of a record that has not arrived whole are waiting.
    public var hasPartialRecord: Bool { start < pending.count }

    /// The next whole record, or nil until more bytes arrive.
    public mutating func next() throws(Damage) -> ProbeRecord? {
        let available = pending.count - start
        guard available >= ProbeRecord.headerBytes else { return nil }
        let (start, offset) = (self.start, self.offset)
        let result = pending.withUnsafeBytes { (raw) -> Result<(ProbeRecord, Int)?, Damage> in
            func word(_ i: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8 * i, as: UInt64.self)) }
            let head = word(0)
            let textBytes = Int(head >> 16)
            guard let kind = ProbeRecord.Kind(rawValue: Int(head & 0xFFFF)) else {
                return .failure(Damage(offset: offset, reason: "is of an unknown kind, \(head & 0xFFFF)"))
            }
            guard textBytes % 8 == 0, textBytes <= 1 << 24 else {
                return .failure(Damage(offset: offset, reason: "says its text is \(textBytes) bytes (a multiple of 8, at most 16 MiB)"))
            }
            guard available >= ProbeRecord.headerBytes + textBytes else { return .success(nil) }
            var text = ""
            if textBytes > 0 {
                let from = start + ProbeRecord.headerBytes
                var end = from + textBytes
                while end > from && raw[end - 1] == 0 { end -= 1 }
                text = String(decoding: UnsafeRawBufferPointer(rebasing: raw[from..<end]), as: UTF8.self)
            }
            let record = ProbeRecord(kind, time: Int64(bitPattern: word(1)), ident: word(2), line: Int64(bitPattern: word(3)),
                                     a: Int64(bitPattern: word(4)), b: Int64(bitPattern: word(5)),
                                     c: Int64(bitPattern: word(6)), d: Int64(bitPattern: word(7)), text: text)
            return .success((record, ProbeRecord.headerBytes + textBytes))
        }
        guard let (record, size) = try result.get() else { return nil }
        self.start += size
        self.offset += size
        return record
    }
}
