import InterleaveRecording

/// Puts a recording's checksums and source hash right, so that a mutated recording is read past
/// them (docs/RECORDING.md has the layout): the header's checksum and the hash of the source it
/// holds, and each whole block's two checksums. Lengths, counts and everything else stay as given;
/// where the bytes stop making sense (a length past the end), the rest is left alone.
enum RecordingRepair {
    /// The mark (6 bytes), the format version (2), the header's length (4).
    static let preamble = 12
    /// A block's kind (1), payload length (4), event count (4) and their checksum (4).
    static let blockHeader = 13

    static func repaired(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        guard bytes.count >= preamble + 4, bytes.starts(with: RecordingFormat.markText.utf8) else { return bytes }
        let headerLength = Int(readFixed32(bytes, at: 8))
        guard headerLength <= bytes.count - preamble - 4 else { return bytes }
        let fields = preamble..<(preamble + headerLength)
        repairSourceHash(&bytes, in: fields)
        writeFixed32(&bytes, at: fields.upperBound, fnv1a(bytes[fields]))

        var position = fields.upperBound + 4
        while bytes.count - position >= blockHeader {
            writeFixed32(&bytes, at: position + 9, fnv1a(bytes[position..<(position + 9)]))
            let length = Int(readFixed32(bytes, at: position + 1))
            let payload = position + blockHeader
            guard bytes.count - payload >= length + 4 else { break }
            let countChecksum = fnv1a(bytes[(position + 5)..<(position + 9)])
            writeFixed32(&bytes, at: payload + length, fnv1a(bytes[payload..<(payload + length)], seed: countChecksum))
            position = payload + length + 4
        }
        return bytes
    }

    /// The header's fields start with the version (a string), the vocabulary (a varint), the
    /// scenario's name and its source (strings), then the source's hash (8 bytes).
    private static func repairSourceHash(_ bytes: inout [UInt8], in fields: Range<Int>) {
        var position = fields.lowerBound
        guard skipString(bytes, &position, end: fields.upperBound),
              readVarint(bytes, &position, end: fields.upperBound) != nil,
              skipString(bytes, &position, end: fields.upperBound) else { return }
        let sourceStart = position
        guard skipString(bytes, &position, end: fields.upperBound), fields.upperBound - position >= 8 else { return }
        var lengthEnd = sourceStart
        _ = readVarint(bytes, &lengthEnd, end: fields.upperBound)
        let source = String(decoding: bytes[lengthEnd..<position], as: UTF8.self)
        let hash = RecordingFormat.sourceHash(source)
        for index in 0..<8 { bytes[position + index] = UInt8(truncatingIfNeeded: hash >> UInt64(8 * index)) }
    }

    private static func readVarint(_ bytes: [UInt8], _ position: inout Int, end: Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < end && shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    private static func skipString(_ bytes: [UInt8], _ position: inout Int, end: Int) -> Bool {
        guard let length = readVarint(bytes, &position, end: end), length <= UInt64(end - position) else { return false }
        position += Int(length)
        return true
    }

    private static func readFixed32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << UInt32(8 * $1) }
    }

    private static func writeFixed32(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(8 * index)) }
    }

    /// FNV-1a, 32 bits: the format's checksum.
    private static func fnv1a(_ bytes: ArraySlice<UInt8>, seed: UInt32 = 0x811C_9DC5) -> UInt32 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return hash
    }
}
