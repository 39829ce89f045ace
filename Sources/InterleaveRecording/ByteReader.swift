/// Reads the recording format's primitives from bytes, throwing a ``RecordingError`` that names
/// the byte offset in the file and what was expected there (`what`, a constant so that reading
/// costs no text unless something is wrong).
struct ByteReader {
    let bytes: [UInt8]
    /// Where `bytes` start in the file, for messages.
    let base: Int
    private(set) var position = 0

    init(_ bytes: [UInt8], base: Int = 0) {
        self.bytes = bytes
        self.base = base
    }

    var isAtEnd: Bool { position >= bytes.count }
    /// The file offset of the next byte.
    var offset: Int { base + position }

    func damaged(_ expected: String) -> RecordingError {
        .damaged(offset: offset, expected: expected)
    }

    @inline(__always)
    mutating func byte(_ what: StaticString) throws(RecordingError) -> UInt8 {
        guard position < bytes.count else { throw damaged("\(what)") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func fixed32(_ what: StaticString) throws(RecordingError) -> UInt32 {
        var value: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { value |= UInt32(try byte(what)) << UInt32(shift) }
        return value
    }

    mutating func fixed64(_ what: StaticString) throws(RecordingError) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(try byte(what)) << UInt64(shift) }
        return value
    }

    @inline(__always)
    mutating func varint(_ what: StaticString) throws(RecordingError) -> UInt64 {
        // One byte: the common case.
        if position < bytes.count && bytes[position] < 0x80 {
            defer { position += 1 }
            return UInt64(bytes[position])
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let start = offset
            let next = try byte(what)
            guard shift < 64, shift < 63 || next <= 1 else { throw .damaged(offset: start, expected: "\(what) (a number that fits 64 bits)") }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A duration in nanoseconds of at most an hour (the longest the model takes).
    mutating func duration(_ what: StaticString) throws(RecordingError) -> UInt64 {
        let start = offset
        let value = try varint(what)
        guard value <= 3_600_000_000_000 else { throw .damaged(offset: start, expected: "\(what), at most 3600s, found \(value)ns") }
        return value
    }

    @inline(__always)
    mutating func signed(_ what: StaticString) throws(RecordingError) -> Int64 {
        let raw = try varint(what)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A signed value that must fit 32 bits (thread, object and process numbers).
    @inline(__always)
    mutating func int32(_ what: StaticString) throws(RecordingError) -> Int32 {
        let start = offset
        let value = try signed(what)
        guard let narrow = Int32(exactly: value) else { throw .damaged(offset: start, expected: "\(what) (a 32-bit number)") }
        return narrow
    }

    mutating func string(_ what: StaticString) throws(RecordingError) -> String {
        let start = offset
        let count = try varint(what)
        guard count <= UInt64(bytes.count - position) else { throw .damaged(offset: start, expected: "\(what) (its length runs past the end)") }
        let slice = bytes[position..<(position + Int(count))]
        position += Int(count)
        guard let text = String(validating: slice, as: UTF8.self) else { throw .damaged(offset: start, expected: "\(what) as UTF-8 text") }
        return text
    }

    /// Bytes left unread, for the caller to check that a record was consumed exactly.
    mutating func expectEnd(_ what: @autoclosure () -> String) throws(RecordingError) {
        guard isAtEnd else { throw damaged("the end of " + what()) }
    }
}
