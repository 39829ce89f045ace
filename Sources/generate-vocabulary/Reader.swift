/// Reads `Vocabulary.events` (its layout is described at the top of that file).
struct VocabularyReader {
    struct Problem: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "\(line): error: \(message)" }
    }

    private(set) var version = 0
    private(set) var declarations: [Declaration] = []

    init(text: String) throws {
        var doc: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        while index < lines.count {
            let number = index + 1
            let raw = lines[index]
            let line = raw.trimmingSpaces
            index += 1
            if line.isEmpty { continue }
            if line.hasPrefix("///") {
                doc.append(String(line.dropFirst(3)).droppingOneSpace)
                continue
            }
            if line.hasPrefix("#") { continue }
            let depth = indent(raw)
            if depth == 0 {
                let words = line.split(separator: " ").map(String.init)
                if words.first == "version", words.count == 2, let value = Int(words[1]) {
                    version = value
                } else if words.count == 2, let shape = Declaration.Shape(rawValue: words[0]) {
                    declarations.append(Declaration(shape: shape, name: words[1], doc: []))
                } else {
                    throw Problem(line: number, message: "expected 'version N' or a type ('raw', 'enum', 'record', 'kinds', 'objects' or 'categories' and a name)")
                }
                doc = []
                continue
            }
            guard !declarations.isEmpty else { throw Problem(line: number, message: "a member outside any type") }
            var declaration = declarations.removeLast()
            defer { declarations.append(declaration) }
            // The doc comment before a type's first member is the type's, but for its last
            // paragraph (after a `///` line), which is the member's.
            if declaration.doc.isEmpty && declaration.members.isEmpty && declaration.fields.isEmpty && !doc.isEmpty {
                if let split = doc.lastIndex(of: "") {
                    declaration.doc = Array(doc[..<split])
                    doc = Array(doc[(split + 1)...])
                } else {
                    declaration.doc = doc
                    doc = []
                }
            }
            if line.hasPrefix("words:") {
                guard !declaration.members.isEmpty else { throw Problem(line: number, message: "words before any case") }
                let rest = String(line.dropFirst(6)).trimmingSpaces
                if !rest.isEmpty {
                    declaration.members[declaration.members.count - 1].words = [rest]
                } else {
                    // A block: the lines indented deeper than `words:`.
                    var block: [String] = []
                    while index < lines.count, lines[index].trimmingSpaces.isEmpty || indent(lines[index]) > depth {
                        if !lines[index].trimmingSpaces.isEmpty { block.append(String(lines[index].dropFirst(depth + 4))) }
                        index += 1
                    }
                    guard !block.isEmpty else { throw Problem(line: number, message: "'words:' with nothing after it") }
                    declaration.members[declaration.members.count - 1].words = block
                    // Statements when they return the words; otherwise one expression over several lines.
                    declaration.members[declaration.members.count - 1].wordsBlock =
                        block.contains { $0.trimmingSpaces.hasPrefix("return ") }
                }
                continue
            }
            if line.hasPrefix("since:") {
                guard declaration.shape == .kinds, !declaration.members.isEmpty,
                      let version = Int(String(line.dropFirst(6)).trimmingSpaces) else {
                    throw Problem(line: number, message: "'since: V' goes under a kind, with the vocabulary version that added it")
                }
                declaration.members[declaration.members.count - 1].since = version
                continue
            }
            if line.hasPrefix("actor:") {
                guard declaration.shape == .kinds, !declaration.members.isEmpty,
                      String(line.dropFirst(6)).trimmingSpaces == "thread?" else {
                    throw Problem(line: number, message: "'actor: thread?' goes under a kind the scheduler may make (its actor -1)")
                }
                declaration.members[declaration.members.count - 1].schedulerMayAct = true
                continue
            }
            if line.hasPrefix("group:") {
                guard declaration.shape == .kinds, !declaration.members.isEmpty else {
                    throw Problem(line: number, message: "'group: NAME' goes under a kind")
                }
                declaration.members[declaration.members.count - 1].group = String(line.dropFirst(6)).trimmingSpaces
                continue
            }
            if line.hasPrefix("glyph:") {
                let glyph = String(line.dropFirst(6)).trimmingSpaces
                guard declaration.shape == .categories, !declaration.members.isEmpty, glyph.count == 1 else {
                    throw Problem(line: number, message: "'glyph: C' (one character) goes under a sort of wait")
                }
                declaration.members[declaration.members.count - 1].glyph = glyph
                continue
            }
            if line.hasPrefix("category:") {
                guard declaration.name == "WaitTarget", !declaration.members.isEmpty else {
                    throw Problem(line: number, message: "'category: NAME' goes under a wait target")
                }
                declaration.members[declaration.members.count - 1].category = String(line.dropFirst(9)).trimmingSpaces
                continue
            }
            if line.hasPrefix("noun:") {
                guard declaration.shape == .objects, !declaration.members.isEmpty else {
                    throw Problem(line: number, message: "'noun: ...' goes under a kind of object")
                }
                declaration.members[declaration.members.count - 1].noun = String(line.dropFirst(5)).trimmingSpaces
                Role.register(objects: declaration.members)
                continue
            }
            if line.hasPrefix("state:") {
                let state = String(line.dropFirst(6)).trimmingSpaces
                guard declaration.shape == .objects, !declaration.members.isEmpty, !state.isEmpty,
                      state.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                    throw Problem(line: number, message: "'state: Type' (a Swift type's name) goes under a kind of object")
                }
                declaration.members[declaration.members.count - 1].state = state
                continue
            }
            if line.hasPrefix("synchronizes:") {
                guard declaration.name == "WaitTarget", !declaration.members.isEmpty,
                      String(line.dropFirst(13)).trimmingSpaces == "woken" else {
                    throw Problem(line: number, message: "'synchronizes: woken' goes under a wait target")
                }
                declaration.members[declaration.members.count - 1].synchronizesWoken = true
                continue
            }
            if line.hasPrefix("waited:") {
                let waited = String(line.dropFirst(7)).trimmingSpaces
                guard declaration.shape == .kinds, !declaration.members.isEmpty, !waited.isEmpty else {
                    throw Problem(line: number, message: "'waited: EXPRESSION' goes under an event kind")
                }
                declaration.members[declaration.members.count - 1].waited = waited
                continue
            }
            if line.hasPrefix("shows:") {
                let shows = String(line.dropFirst(6)).trimmingSpaces
                guard declaration.shape == .kinds || declaration.name == "ObjectSpec", !declaration.members.isEmpty,
                      !shows.isEmpty else {
                    throw Problem(line: number, message: "'shows: EXPRESSION' goes under an event kind or an ObjectSpec")
                }
                declaration.members[declaration.members.count - 1].shows = shows
                continue
            }
            if line.hasPrefix("touches:") {
                guard !declaration.members.isEmpty else { throw Problem(line: number, message: "touches before any case") }
                let member = declaration.members[declaration.members.count - 1]
                declaration.members[declaration.members.count - 1].touches =
                    try VocabularyReader.touches(String(line.dropFirst(8)).trimmingSpaces, member: member, line: number)
                continue
            }
            switch declaration.shape {
            case .record:
                var field = try VocabularyReader.field(line, line: number)
                field.doc = doc
                declaration.fields.append(field)
            case .raw, .enum, .kinds, .objects, .categories:
                var member = try VocabularyReader.member(line, line: number)
                member.doc = doc
                if [.raw, .objects, .categories].contains(declaration.shape) && !member.fields.isEmpty {
                    throw Problem(line: number, message: "a raw enum's cases have no fields")
                }
                declaration.members.append(member)
                // A kind of object is a role from here on: the fields after it can hold one.
                if declaration.shape == .objects { Role.register(objects: declaration.members) }
            }
            doc = []
        }
        try check()
    }

    /// `name = tag` or `name = tag (fields)`.
    private static func member(_ line: String, line number: Int) throws -> Member {
        let (head, fieldText) = line.split(at: "(")
        let parts = head.split(separator: "=").map { String($0).trimmingSpaces }
        guard parts.count == 2, let tag = Int(parts[1]), (0...255).contains(tag), parts[0].isIdentifier else {
            throw Problem(line: number, message: "expected 'name = tag' (a tag from 0 to 255), found '\(line)'")
        }
        var fields: [Field] = []
        if let fieldText {
            guard fieldText.hasSuffix(")") else { throw Problem(line: number, message: "a field list without its ')'") }
            for item in fieldText.dropLast().split(separator: ",") {
                fields.append(try field(String(item).trimmingSpaces, line: number))
            }
        }
        return Member(name: parts[0], tag: tag, fields: fields, doc: [], line: number)
    }

    /// `label: type`, `_ label: type`, with `since V else D` after it for a field added later.
    private static func field(_ text: String, line number: Int) throws -> Field {
        var text = text
        var since: Int?
        var fallback: String?
        var was: FieldType?
        if let range = text.range(of: " since ") {
            let tail = text[range.upperBound...].split(separator: " ", maxSplits: 2).map(String.init)
            guard tail.count == 3, tail[1] == "else" || tail[1] == "was", let version = Int(tail[0]) else {
                throw Problem(line: number, message: "expected 'since V else D' (or 'since V was T') after a field's type")
            }
            since = version
            if tail[1] == "was" { was = try type(tail[2], line: number) } else { fallback = tail[2] }
            text = String(text[..<range.lowerBound])
        }
        let parts = text.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
        guard parts.count == 2 else { throw Problem(line: number, message: "expected 'label: type', found '\(text)'") }
        var label = parts[0]
        var spelled = true
        if label.hasPrefix("_ ") {
            spelled = false
            label = String(label.dropFirst(2)).trimmingSpaces
        }
        guard label.isIdentifier else { throw Problem(line: number, message: "'\(label)' is not a field's name") }
        return Field(label: label, spelled: spelled, type: try type(parts[1], line: number), since: since, fallback: fallback, was: was)
    }

    private static func type(_ text: String, line number: Int) throws -> FieldType {
        if text.hasPrefix("[") && text.hasSuffix("]") {
            return .list(try type(String(text.dropFirst().dropLast()), line: number))
        }
        if let role = Role.named(text) { return .role(role) }
        guard let first = text.first, first.isUppercase, text.isIdentifier else {
            throw Problem(line: number, message: "unknown type '\(text)' (a role such as thread or lock, a type declared here, or [type])")
        }
        return .named(text)
    }

    /// `nothing`, `everything`, `output`, `ROLE read|write` (the field of that role), or `FIELD`
    /// (what the nested value in that field touches).
    private static func touches(_ text: String, member: Member, line number: Int) throws -> Touches {
        switch text {
        case "nothing": return .nothing
        case "everything": return .everything
        default: break
        }
        let words = text.split(separator: " ").map(String.init)
        if words.count == 2 && words[0] == "output" && words[1] == "write" { return .output }
        if words.count == 2, let role = Role.named(words[0]), role.object != nil, ["read", "write"].contains(words[1]) {
            guard let field = member.fields.first(where: { if case .role(role) = $0.type { return true } else { return false } }) else {
                throw Problem(line: number, message: "\(member.name) has no \(role.name) field to touch")
            }
            return .object(field: field.label, role: role, write: words[1] == "write")
        }
        if words.count == 1, let field = member.fields.first(where: { $0.label == words[0] }), case .named = field.type {
            return .nested(field: field.label)
        }
        throw Problem(line: number, message: "expected 'touches: nothing', 'everything', 'output write', a role and "
            + "'read' or 'write', or a field holding a declared type; found '\(text)'")
    }

    /// Tags unique within a type, names declared, one `kinds`.
    private func check() throws {
        let names = Set(declarations.map(\.name))
        guard declarations.filter({ $0.shape == .kinds }).count == 1 else {
            throw Problem(line: 1, message: "exactly one 'kinds' declaration is needed")
        }
        guard declarations.filter({ $0.shape == .objects }).count == 1 else {
            throw Problem(line: 1, message: "exactly one 'objects' declaration is needed")
        }
        // Every kind says what it is about, in a group the vocabulary declares.
        let groups = Set(declarations.first { $0.name == "EventGroup" && $0.shape == .raw }?.members.map(\.name) ?? [])
        for kind in declarations.first(where: { $0.shape == .kinds })!.members {
            guard let group = kind.group, groups.contains(group) else {
                throw Problem(line: kind.line, message: "\(kind.name) needs 'group: NAME', one of the cases of 'raw EventGroup'")
            }
            // The state it shows is its object's: the one it touches.
            if kind.shows != nil, case .object? = kind.touches {} else if kind.shows != nil {
                throw Problem(line: kind.line, message: "\(kind.name) shows a state, so it needs 'touches: ROLE read|write' for its object")
            }
        }
        // Every wait target is one sort of wait, each sort has a glyph, and no two share one.
        guard declarations.filter({ $0.shape == .categories }).count == 1 else {
            throw Problem(line: 1, message: "exactly one 'categories' declaration is needed")
        }
        let categories = declarations.first { $0.shape == .categories }!.members
        guard categories.map(\.tag) == Array(categories.indices) else {
            throw Problem(line: categories.first?.line ?? 1, message: "the sorts of wait are numbered 0, 1, 2, ... in order")
        }
        // One printable ASCII character, not running's `#` or ready's `-` (the tests check it
        // against the marks lanes draw too), and one that a Swift string literal takes as it is.
        for category in categories {
            guard let glyph = category.glyph?.unicodeScalars.first, category.glyph!.unicodeScalars.count == 1,
                  (33...126).contains(glyph.value), !["#", "-", "\"", "\\"].contains(Character(glyph)) else {
                throw Problem(line: category.line, message: "\(category.name) needs 'glyph: C', its glyph in timelines: "
                    + "one printable ASCII character, not # or - (running and ready are drawn so), \" or \\")
            }
        }
        if let twice = Dictionary(grouping: categories, by: { $0.glyph! }).first(where: { $0.value.count > 1 }) {
            throw Problem(line: twice.value[1].line, message: "glyph '\(twice.key)' stands for two sorts of wait")
        }
        for target in declarations.first(where: { $0.name == "WaitTarget" })?.members ?? [] {
            guard let category = target.category, categories.contains(where: { $0.name == category }) else {
                throw Problem(line: target.line, message: "WaitTarget.\(target.name) needs 'category: NAME', a sort of wait declared in 'categories'")
            }
        }
        let objectKinds = declarations.first { $0.shape == .objects }!.members
        guard objectKinds.map(\.tag) == Array(objectKinds.indices) else {
            throw Problem(line: objectKinds.first?.line ?? 1, message: "the kinds of object are numbered 0, 1, 2, ... in order")
        }
        let objects = Set(objectKinds.map(\.name))
        for kind in objectKinds where (Role.before + Role.after).contains(where: { $0.name == kind.name }) {
            throw Problem(line: kind.line, message: "'\(kind.name)' is a role already (a field of type \(kind.name) means that)")
        }
        // A spec of an object made as the run goes names its kind by the case's name.
        for spec in declarations.first(where: { $0.name == "ObjectSpec" })?.members ?? [] where !objects.contains(spec.name) {
            throw Problem(line: spec.line, message: "ObjectSpec.\(spec.name) is not a kind of object declared in 'objects'")
        }
        guard version > 0 else { throw Problem(line: 1, message: "'version N' is missing") }
        func check(_ type: FieldType, line: Int) throws {
            switch type {
            case .role: return
            case .named(let name):
                guard names.contains(name) else { throw Problem(line: line, message: "'\(name)' is not declared here") }
                guard ![.objects, .categories].contains(declarations.first(where: { $0.name == name })?.shape) else {
                    throw Problem(line: line, message: "a field holds one object (its role: lock, queue, ...), not a kind of object")
                }
            case .list(let element): try check(element, line: line)
            }
        }
        for declaration in declarations {
            var tags: Set<Int> = []
            var memberNames: Set<String> = []
            for member in declaration.members {
                guard tags.insert(member.tag).inserted else {
                    throw Problem(line: member.line, message: "tag \(member.tag) is used twice in \(declaration.name)")
                }
                guard memberNames.insert(member.name).inserted else {
                    throw Problem(line: member.line, message: "'\(member.name)' is declared twice in \(declaration.name)")
                }
                for field in member.fields {
                    try check(field.type, line: member.line)
                    if field.since != nil && declaration.shape != .kinds {
                        throw Problem(line: member.line, message: "only the kinds' fields can be added later ('since')")
                    }
                }
                if declaration.shape != .raw && member.words.isEmpty {
                    throw Problem(line: member.line, message: "\(declaration.name).\(member.name) has no words")
                }
            }
            for field in declaration.fields {
                try check(field.type, line: 1)
                if field.since != nil { throw Problem(line: 1, message: "only the kinds' fields can be added later ('since')") }
            }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " || text.last == "\r" { text.removeLast() }
        return String(text)
    }

    var droppingOneSpace: String { hasPrefix(" ") ? String(dropFirst()) : self }

    var isIdentifier: Bool {
        guard let first, first.isLetter || first == "_" else { return false }
        return allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The text before the first `separator`, and after it (nil when there is none).
    func split(at separator: Character) -> (String, String?) {
        guard let index = firstIndex(of: separator) else { return (self, nil) }
        return (String(self[..<index]), String(self[self.index(after: index)...]))
    }
}
