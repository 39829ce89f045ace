import InterleaveCore

/// One event as a JSON object, for `export --format jsonl` (README documents the schema):
/// `seq`, `time_ns`, `thread` (its number, -1 for the scheduler), `thread_name`, `line` (the
/// source line, null where there is none), `kind`, the
/// kind's fields by their declared names in snake case (a thread or object by number, with its
/// name in `<field>_name`; a nested value as an object, with its case in `kind`; a list as an
/// array), and `text`, the event in words.
extension Event {
    public func json(names: EventNames) -> JSON {
        var fields = JSONFieldWriter(names: names)
        fields.members = [
            ("seq", .uint(seq)), ("time_ns", .uint(time)), ("thread", .int(Int64(thread))),
            ("thread_name", thread >= 0 ? .string(names.thread(thread)) : .null),
            ("line", line > 0 ? .int(Int64(line)) : .null), ("kind", .string(kind.name)),
        ]
        kind.visitFields(&fields)
        fields.members.append(("text", .string(names.describe(kind))))
        return .object(fields.members)
    }
}

/// Writes fields as JSON members, naming threads and objects.
struct JSONFieldWriter: FieldVisitor {
    let names: EventNames
    /// The members of the object being written.
    var members: [(String, JSON)] = []
    /// The enclosing objects and lists, innermost last.
    private var stack: [Container] = []

    private enum Container {
        case object(label: String, members: [(String, JSON)])
        case list(label: String, items: [JSON], names: [JSON])
    }

    init(names: EventNames) { self.names = names }


    /// The name a number stands for, when it stands for a thread or an object.
    private func name(_ value: Int64, _ role: FieldRole) -> JSON? {
        if role.isThread { return value >= 0 ? .string(names.thread(ThreadID(clamping: value))) : .null }
        guard let kind = role.object, kind != .expectation else { return nil }
        return .string(names.object(kind, Int32(clamping: value)))
    }

    private mutating func add(_ label: StaticString, _ value: JSON, name: JSON? = nil) {
        if case .list(let listLabel, var items, var itemNames)? = stack.last {
            items.append(value)
            if let name { itemNames.append(name) }
            stack[stack.count - 1] = .list(label: listLabel, items: items, names: itemNames)
            return
        }
        let key = JSONFieldWriter.snake("\(label)")
        members.append((key, value))
        if let name { members.append((key + "_name", name)) }
    }

    mutating func integer(_ value: Int64, _ role: FieldRole, _ label: StaticString) {
        add(label, .int(value), name: name(value, role))
    }

    mutating func unsigned(_ value: UInt64, _ role: FieldRole, _ label: StaticString) { add(label, .uint(value)) }
    mutating func bool(_ value: Bool, _ label: StaticString) { add(label, .bool(value)) }
    mutating func string(_ value: String, _ label: StaticString) { add(label, .string(value)) }
    mutating func rawCase(_ raw: UInt8, name: String, label: StaticString) { add(label, .string(name)) }

    mutating func enter(_ label: StaticString, variant: UInt8?, name: String?) {
        stack.append(.object(label: "\(label)", members: members))
        members = name.map { [("kind", .string($0))] } ?? []
    }

    mutating func exit() {
        guard case .object(let label, let outer)? = stack.popLast() else { return }
        let value = JSON.object(members)
        members = outer
        if case .list(let listLabel, var items, let itemNames)? = stack.last {
            items.append(value)
            stack[stack.count - 1] = .list(label: listLabel, items: items, names: itemNames)
        } else {
            members.append((JSONFieldWriter.snake(label), value))
        }
    }

    mutating func enterList(_ count: Int, _ label: StaticString) {
        stack.append(.list(label: "\(label)", items: [], names: []))
    }

    mutating func exitList() {
        guard case .list(let label, let items, let itemNames)? = stack.popLast() else { return }
        let key = JSONFieldWriter.snake(label)
        members.append((key, .array(items)))
        if !itemNames.isEmpty { members.append((key + "_names", .array(itemNames))) }
    }

    /// `timedOut` as `timed_out`.
    static func snake(_ label: String) -> String {
        var key = ""
        for character in label {
            if character.isUppercase {
                key += "_" + character.lowercased()
            } else {
                key.append(character)
            }
        }
        return key
    }
}
