import InterleaveCore

/// Events in the recording format: a kind tag, the actor, the time since the previous event, the
/// source line (from vocabulary 6 on: only when it is not the actor's line in its previous event,
/// which the tag's high bit says instead), then the kind's fields in their declared order
/// (docs/RECORDING.md). The sequence number is implicit. Every kind is encoded the same way,
/// from its declaration: numbers as signed or unsigned varints by their role, flags as a byte,
/// text with its length, an enum's case as its tag byte before its fields, a list as its length
/// before its items.
extension Event {
    /// Writes the event as vocabulary `vocabulary` has it (without the fields added after it),
    /// its stamp against `stamp` (which it then moves on).
    func encode(into writer: inout ByteWriter, stamp: inout EventStamp, vocabulary: UInt16 = Event.vocabularyVersion) {
        let lines = vocabulary >= Event.lineVocabulary
        let sameLine = lines && stamp.line(of: thread) == line
        writer.byte(kind.tag.rawValue | (sameLine ? EventStamp.sameLineBit : 0))
        writer.signed(Int64(thread))
        writer.varint(time - stamp.time)
        if lines && !sameLine { writer.varint(UInt64(max(0, line))) }
        stamp.moveOn(time: time, thread: thread, line: line)
        var fields = BinaryFieldWriter(writer: writer)
        // Out of `writer` and back, so its buffer stays uniquely referenced.
        writer = ByteWriter()
        kind.visitFields(&fields, vocabulary: vocabulary)
        writer = fields.writer
    }

    /// Reads an event written by ``encode(into:stamp:vocabulary:)`` (in the reader's vocabulary).
    static func decode(from fields: inout BinaryFieldReader, seq: UInt64, stamp: inout EventStamp) throws(RecordingError) -> Event {
        let tagOffset = fields.reader.offset
        let byte = try fields.reader.byte("an event's kind")
        let lines = fields.vocabulary >= Event.lineVocabulary
        let sameLine = lines && byte & EventStamp.sameLineBit != 0
        let tag = lines ? byte & ~EventStamp.sameLineBit : byte
        let thread = try fields.reader.int32("the event's thread")
        let delta = try fields.reader.varint("the event's time")
        let (time, overflow) = stamp.time.addingReportingOverflow(delta)
        guard !overflow else { throw .damaged(offset: fields.reader.offset, expected: "a time that fits 64 bits") }
        var line: Int32 = 0
        if sameLine {
            guard let previous = stamp.line(of: thread) else {
                throw .damaged(offset: tagOffset, expected: "a source line for thread \(thread), which has no earlier event to take one from")
            }
            line = previous
        } else if lines {
            let lineOffset = fields.reader.offset
            guard let read = Int32(exactly: try fields.reader.varint("the event's line")) else {
                throw .damaged(offset: lineOffset, expected: "the event's line (a source line, below 2^31)")
            }
            line = read
        }
        guard Event.Kind.Tag(rawValue: tag) != nil else {
            throw .damaged(offset: tagOffset, expected: "an event kind (\(Event.Kind.tagRange)), found \(tag)")
        }
        let kind = try Event.Kind.read(tag, from: &fields)
        stamp.moveOn(time: time, thread: thread, line: line)
        return Event(seq: seq, time: time, thread: thread, line: line, kind: kind)
    }

    /// The first vocabulary whose events carry their source line.
    static let lineVocabulary: UInt16 = 6
}

/// What an event's stamp is written against, and read back with: the time of the event before
/// it, and each actor's line in its latest event (most events are on their actor's line of just
/// before, and take no byte for it).
struct EventStamp: Sendable {
    /// The previous event's time.
    private(set) var time: VirtualTime
    /// Each actor's latest line, by thread number plus one (the scheduler is -1).
    private var lines: [Int32] = []

    /// The tag byte's bit that says "the actor's line of its previous event" (kinds are below 128).
    static let sameLineBit: UInt8 = 0x80
    /// The most threads whose lines are kept; past them a line is always written out.
    private static let keptThreads = 1 << 20

    init(time: VirtualTime = 0) { self.time = time }

    /// Thread `t`'s line in its latest event, if it had one.
    @inline(__always)
    func line(of t: ThreadID) -> Int32? {
        let index = Int(t) + 1
        return index >= 0 && index < lines.count && lines[index] >= 0 ? lines[index] : nil
    }

    @inline(__always)
    mutating func moveOn(time: VirtualTime, thread t: ThreadID, line: Int32) {
        self.time = time
        let index = Int(t) + 1
        // Written only when it changes (most events stay on their actor's line).
        if index >= 0 && index < lines.count {
            if lines[index] != line { lines[index] = line }
        } else if index >= 0 && index < EventStamp.keptThreads {
            lines.append(contentsOf: repeatElement(-1, count: index + 1 - lines.count))
            lines[index] = line
        }
    }
}

extension Event.Kind {
    /// The kinds' numbers, for messages: `0 to 40`.
    static var tagRange: String {
        let tags = Tag.allCases.map(\.rawValue)
        return "\(tags.min() ?? 0) to \(tags.max() ?? 0)"
    }
}

/// Writes fields in the recording format.
struct BinaryFieldWriter: FieldVisitor {
    var writer: ByteWriter

    mutating func integer(_ value: Int64, _ role: FieldRole, _ label: StaticString) { writer.signed(value) }
    mutating func unsigned(_ value: UInt64, _ role: FieldRole, _ label: StaticString) { writer.varint(value) }
    mutating func bool(_ value: Bool, _ label: StaticString) { writer.byte(value ? 1 : 0) }
    mutating func string(_ value: String, _ label: StaticString) { writer.string(value) }
    mutating func rawCase(_ raw: UInt8, name: String, label: StaticString) { writer.byte(raw) }
    mutating func enter(_ label: StaticString, variant: UInt8?, name: String?) {
        if let variant { writer.byte(variant) }
    }
    mutating func exit() {}
    mutating func enterList(_ count: Int, _ label: StaticString) { writer.varint(UInt64(count)) }
    mutating func exitList() {}
}

/// Reads fields in the recording format; what it can't read is damage, named by its byte offset.
struct BinaryFieldReader: FieldReader {
    var reader: ByteReader
    let vocabulary: UInt16

    init(reader: ByteReader, vocabulary: UInt16 = Event.vocabularyVersion) {
        self.reader = reader
        self.vocabulary = vocabulary
    }

    /// The longest list a field may hold.
    static let maxList: UInt64 = 1 << 20

    /// The damage, saying what the field means (`lock (a lock)`).
    private static func named(_ error: RecordingError, _ label: StaticString, _ role: FieldRole) -> RecordingError {
        guard case .damaged(let offset, let expected) = error else { return error }
        return .damaged(offset: offset, expected: "\(label) (\(role.noun))" + expected.dropFirst("\(label)".count))
    }

    @inline(__always)
    mutating func int32(_ role: FieldRole, _ label: StaticString) throws(RecordingError) -> Int32 {
        do { return try reader.int32(label) } catch { throw BinaryFieldReader.named(error, label, role) }
    }

    @inline(__always)
    mutating func int64(_ role: FieldRole, _ label: StaticString) throws(RecordingError) -> Int64 {
        do { return try reader.signed(label) } catch { throw BinaryFieldReader.named(error, label, role) }
    }

    @inline(__always)
    mutating func uint64(_ role: FieldRole, _ label: StaticString) throws(RecordingError) -> UInt64 {
        do { return try reader.varint(label) } catch { throw BinaryFieldReader.named(error, label, role) }
    }

    mutating func bool(_ label: StaticString) throws(RecordingError) -> Bool {
        let start = reader.offset
        switch try reader.byte(label) {
        case 0: return false
        case 1: return true
        default: throw .damaged(offset: start, expected: "\(label) (0 or 1)")
        }
    }

    mutating func string(_ label: StaticString) throws(RecordingError) -> String { try reader.string(label) }

    mutating func rawCase(_ label: StaticString) throws(RecordingError) -> UInt8 { try reader.byte(label) }

    mutating func variant(_ label: StaticString) throws(RecordingError) -> UInt8 { try reader.byte(label) }

    mutating func list<T>(_ label: StaticString, _ element: (inout BinaryFieldReader) throws(RecordingError) -> T)
        throws(RecordingError) -> [T] {
        let count = try reader.varint(label)
        guard count <= BinaryFieldReader.maxList else { throw reader.damaged("\(label) (at most \(BinaryFieldReader.maxList) items)") }
        var items: [T] = []
        items.reserveCapacity(Int(count))
        for _ in 0..<count { items.append(try element(&self)) }
        return items
    }

    func unknownCase(_ tag: UInt8, of type: StaticString, known: StaticString) -> RecordingError {
        // The tag was the byte just read.
        .damaged(offset: reader.offset - 1, expected: "a \(type) (\(known)), found \(tag)")
    }
}
