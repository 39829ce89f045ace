/// Walks an event's fields in their declared order, each with its label and what it means
/// (``FieldRole``). The recording format, JSON and the recording's checks are visitors, so each
/// handles every kind of event, now and later, without naming one.
///
/// Nested values (a wait target, a report) are bracketed by ``enter(_:variant:name:)`` and
/// ``exit()``; lists by ``enterList(_:_:)`` and ``exitList()``.
public protocol FieldVisitor {
    /// A signed number (a thread, an object, a count, a value).
    mutating func integer(_ value: Int64, _ role: FieldRole, _ label: StaticString)
    /// An unsigned number (an event number, a duration).
    mutating func unsigned(_ value: UInt64, _ role: FieldRole, _ label: StaticString)
    mutating func bool(_ value: Bool, _ label: StaticString)
    mutating func string(_ value: String, _ label: StaticString)
    /// A case of a plain enum (a wake-up reason): its number and name.
    mutating func rawCase(_ raw: UInt8, name: String, label: StaticString)
    /// A nested value begins: a case of an enum with fields (`variant` is its number), or a record (nil).
    mutating func enter(_ label: StaticString, variant: UInt8?, name: String?)
    mutating func exit()
    /// A list of `count` values begins.
    mutating func enterList(_ count: Int, _ label: StaticString)
    mutating func exitList()
}

/// Reads back what a ``FieldVisitor`` walked, field by field, for the generated `read` functions.
public protocol FieldReader {
    associatedtype Failure: Error
    /// The vocabulary version of what is read: fields added later read as their defaults in older streams.
    var vocabulary: UInt16 { get }
    mutating func int32(_ role: FieldRole, _ label: StaticString) throws(Failure) -> Int32
    mutating func int64(_ role: FieldRole, _ label: StaticString) throws(Failure) -> Int64
    mutating func uint64(_ role: FieldRole, _ label: StaticString) throws(Failure) -> UInt64
    mutating func bool(_ label: StaticString) throws(Failure) -> Bool
    mutating func string(_ label: StaticString) throws(Failure) -> String
    /// A plain enum's number.
    mutating func rawCase(_ label: StaticString) throws(Failure) -> UInt8
    /// The number of the case of an enum with fields.
    mutating func variant(_ label: StaticString) throws(Failure) -> UInt8
    /// A list, each element read by `element`.
    mutating func list<T>(_ label: StaticString, _ element: (inout Self) throws(Failure) -> T) throws(Failure) -> [T]
    /// The failure for a case number that `type` does not have.
    func unknownCase(_ tag: UInt8, of type: StaticString, known: StaticString) -> Failure
}
