/// What `Vocabulary.events` declares: types and their members, as the generator reads them.

/// A field's type: a role (what a number means), a type the vocabulary declares, or a list.
indirect enum FieldType {
    case role(Role)
    case named(String)
    case list(FieldType)
}

/// A field of a record, or of an enum's or a kind's case.
struct Field {
    var label: String
    /// Whether the Swift case spells the label (`_ label` leaves it out).
    var spelled: Bool
    var type: FieldType
    /// The vocabulary version that added the field, and what older streams read as.
    var since: Int?
    var fallback: String?
    /// The field's type before `since`, when the field was there with another type (`since V was
    /// T`): older streams hold a `T`, which the field's type converts with `init(legacy:)` and
    /// back with `legacy`.
    var was: FieldType?
    var doc: [String] = []
}

/// What an event's step touches, for telling independent steps apart.
enum Touches {
    /// Another thread's step never depends on it.
    case nothing
    /// Every other step depends on it.
    case everything
    /// The object a field names, read or written.
    case object(field: String, role: Role, write: Bool)
    /// Printed output.
    case output
    /// What the nested value in this field touches.
    case nested(field: String)
}

/// A case of an enum, a raw enum or the event kinds.
struct Member {
    var name: String
    var tag: Int
    var fields: [Field]
    var doc: [String]
    /// Swift: one expression, or statements that return the words (`block`).
    var words: [String] = []
    var wordsBlock = false
    var touches: Touches?
    /// Whether the scheduler itself may be the event's actor (`actor: thread?`); otherwise a thread is.
    var schedulerMayAct = false
    /// What a kind is about: a case of the vocabulary's `EventGroup` (`group: sync`).
    var group: String?
    /// A sort of wait's glyph in timelines (`glyph: B`).
    var glyph: String?
    /// A wait target's sort of wait (`category: barrier`).
    var category: String?
    /// An object kind's role in words, for messages (`noun: a lock`).
    var noun: String?
    /// The Swift type that runs an object kind as a library primitive (`state: BarrierState`).
    var state: String?
    /// The state, a number, that the event leaves its object in (`shows: arrived`), or that an
    /// `ObjectSpec` starts its object in (`shows: initial`): Swift, fields by label.
    var shows: String?
    /// Whether the event's thread got there after another thread's step (`waited: result`), so
    /// its reads from before are no longer pending: Swift, fields by label.
    var waited: String?
    /// A wait target whose waiter, woken, has synchronized with its object (`synchronizes: woken`).
    var synchronizesWoken = false
    /// The vocabulary version that added it (nil: the first).
    var since: Int?
    /// Where it is declared, for messages.
    var line: Int
}

/// A type the vocabulary declares.
struct Declaration {
    enum Shape: String {
        /// An enum of plain cases, one byte each.
        case raw
        /// An enum whose cases carry fields.
        case `enum`
        /// A struct of fields.
        case record
        /// The event kinds (`Event.Kind`).
        case kinds
        /// The kinds of object the stream names by index (`ObjectKind`): each is also a role.
        case objects
        /// The sorts of wait (`WaitCategory`), each with its glyph; each wait target names its own.
        case categories
    }
    var shape: Shape
    var name: String
    var doc: [String]
    var members: [Member] = []
    var fields: [Field] = []
}

/// Field types that are numbers, strings or flags, each with what it means: the Swift type, how
/// it is encoded, its noun in messages, and what it names.
struct Role: Equatable {
    var name: String
    var caseName: String
    var swift: String
    var encoding: Encoding
    var noun: String
    /// The kind of object it indexes in the program (see `ObjectKind`), if any.
    var object: String?
    /// Whether it is a thread (named by the stream's thread names).
    var thread = false
    /// A value for examples.
    var example: String

    enum Encoding: Equatable {
        case signed32, signed64, unsigned64, bool, string
    }

    /// Every role: those before the objects, a role for each kind of object the vocabulary
    /// declares (``register(objects:)``), then the rest.
    nonisolated(unsafe) static var all: [Role] = before + after

    static let before: [Role] = [
        Role(name: "thread", caseName: "thread", swift: "ThreadID", encoding: .signed32, noun: "a thread", thread: true,
             example: "0"),
        Role(name: "thread?", caseName: "threadOrNobody", swift: "ThreadID", encoding: .signed32,
             noun: "a thread (or -1, nobody)", thread: true, example: "0"),
        Role(name: "process", caseName: "process", swift: "ProcessID", encoding: .signed32, noun: "a process", example: "0"),
        Role(name: "core", caseName: "core", swift: "Int32", encoding: .signed32, noun: "a core", example: "1"),
    ]

    static let after: [Role] = [
        Role(name: "count", caseName: "count", swift: "Int32", encoding: .signed32, noun: "a count", example: "0"),
        Role(name: "int", caseName: "int", swift: "Int64", encoding: .signed64, noun: "a value", example: "-7"),
        Role(name: "step", caseName: "step", swift: "UInt64", encoding: .unsigned64, noun: "an earlier event's number",
             example: "0"),
        Role(name: "uint", caseName: "uint", swift: "UInt64", encoding: .unsigned64, noun: "a number", example: "5"),
        Role(name: "duration", caseName: "duration", swift: "VirtualTime", encoding: .unsigned64,
             noun: "a duration in nanoseconds", example: "1_000"),
        Role(name: "bool", caseName: "bool", swift: "Bool", encoding: .bool, noun: "a flag (0 or 1)", example: "true"),
        Role(name: "string", caseName: "string", swift: "String", encoding: .string, noun: "text", example: "\"text\""),
    ]

    /// Makes each declared kind of object a role: a field of that type holds an object's index.
    static func register(objects: [Member]) {
        all = before + objects.map { object in
            Role(name: object.name, caseName: object.name, swift: "ObjectIndex", encoding: .signed32,
                 noun: object.noun ?? object.name, object: object.name, example: "0")
        } + after
    }

    static func named(_ name: String) -> Role? { all.first { $0.name == name } }
}
