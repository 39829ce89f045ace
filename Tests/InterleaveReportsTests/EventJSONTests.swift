import Foundation
import InterleaveCore
import InterleaveReports
import Testing

/// Every kind of event as a JSON line: valid JSON, its kind's name, each declared field by its
/// snake-case name, threads and objects named, and its words.
@Suite struct EventJSONTests {
    /// The labels of a kind's own fields (not those of the values nested in them).
    struct Labels: FieldVisitor {
        var labels: [String] = []
        var depth = 0
        mutating func add(_ label: StaticString) { if depth == 0 { labels.append("\(label)") } }
        mutating func integer(_ value: Int64, _ role: FieldRole, _ label: StaticString) { add(label) }
        mutating func unsigned(_ value: UInt64, _ role: FieldRole, _ label: StaticString) { add(label) }
        mutating func bool(_ value: Bool, _ label: StaticString) { add(label) }
        mutating func string(_ value: String, _ label: StaticString) { add(label) }
        mutating func rawCase(_ raw: UInt8, name: String, label: StaticString) { add(label) }
        mutating func enter(_ label: StaticString, variant: UInt8?, name: String?) { add(label); depth += 1 }
        mutating func exit() { depth -= 1 }
        mutating func enterList(_ count: Int, _ label: StaticString) { add(label); depth += 1 }
        mutating func exitList() { depth -= 1 }
    }

    @Test(arguments: Event.Kind.examples)
    func everyKindIsAnObjectWithItsFieldsByName(_ kind: Event.Kind) throws {
        let program = Program(name: "x", code: [], functions: [], main: 0, locks: [LockDecl(name: "fork")])
        var names = EventNames(program: program)
        names.observe(Event(seq: 0, time: 0, thread: -1, kind: .threadCreated(child: 0, name: "MainThread", process: 0, daemon: false)))
        let text = Event(seq: 3, time: 40, thread: 0, kind: kind).json(names: names).text
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        #expect(object["kind"] as? String == kind.name)
        #expect(object["thread_name"] as? String == "MainThread")
        #expect((object["text"] as? String) == names.describe(kind))
        var labels = Labels()
        kind.visitFields(&labels)
        for label in labels.labels {
            let key = label.reduce(into: "") { key, c in key += c.isUppercase ? "_" + c.lowercased() : String(c) }
            #expect(object[key] != nil, "\(kind.name) lacks '\(key)': \(text)")
        }
        if case .lockAcquired = kind { #expect(object["lock_name"] as? String == "fork") }
        if case .woken = kind { #expect(object["by_name"] as? String == "MainThread") }
    }
}
