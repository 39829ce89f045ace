/// Checks that a stream of events is one a producer could have made, field by field from the
/// vocabulary's declarations: times stay within 2^63 ns, source lines within the program's, threads are created one after another
/// from 0, an actor is a thread unless its kind is one the scheduler may make, and every thread a
/// field names exists (or is -1 where nobody is allowed), processes likewise, an event number a
/// field names is an earlier event's, a choice picks one of its options, and (given the program)
/// every object names one the program declares. Consumers index arrays with these numbers, so a
/// stream that passes can't make them trap, whatever its source (a recording, another process).
public struct StreamCheck: Sendable {
    public private(set) var threads: Int32 = 0
    public private(set) var processes: Int32 = 1
    public private(set) var futures: Int32 = 0
    public private(set) var events: UInt64 = 0
    /// How many objects of each kind there are so far: those the program declares and those made
    /// since (`objectMade`); nil when the events are checked without their program.
    private var counts: ObjectCounts?

    /// The roles checked without a program: what the stream itself makes (threads, processes, events).
    private static let streamRoles: UInt32 = [FieldRole.thread, .threadOrNobody, .process, .future, .step]
        .reduce(0) { $0 | 1 << UInt32($1.rawValue) }

    /// The last source line the program's code has (0: none); nil without a program. A program
    /// observed in a real process has no code of Interleave's: its lines are any of its file's.
    private let lastLine: Int32?

    /// A check of events naming `program`'s objects; without a program, threads, processes and
    /// events only.
    public init(program: Program?) {
        counts = program.map { program in
            var counts = ObjectCounts()
            for kind in ObjectKind.allCases { counts[kind] = program.count(of: kind) }
            return counts
        }
        lastLine = program.map { $0.observed == nil ? ($0.lines.max() ?? 0) : .max }
    }

    /// The latest time an event may have: 2^63 - 1 ns. The engine's clock stops well before it
    /// (``Machine/clockLimit``), and consumers add and subtract times within it without overflow.
    public static let latestTime = VirtualTime(Int64.max)

    /// Checks the next event; returns what was expected instead when it is not right.
    public mutating func check(_ event: Event) -> String? {
        if event.seq != events { return "event number \(events), found \(event.seq)" }
        events += 1
        guard event.time <= StreamCheck.latestTime else { return "a time within 2^63 ns, found \(event.time)" }
        guard event.line >= 0 && event.line <= lastLine ?? .max else {
            return "a source line from 0 to \(lastLine ?? .max), found \(event.line)"
        }
        if case .threadCreated(let child, _, let process, _) = event.kind {
            guard child == threads else { return "thread \(threads) created next, found \(child)" }
            guard process >= 0 && process <= processes else {
                return "the new thread's process: one from 0 to \(processes), found \(process)"
            }
            threads += 1
            processes = max(processes, process + 1)
        }
        if case .futureSubmitted(let future, _, _) = event.kind {
            guard future == futures else { return "future \(futures) made next, found \(future)" }
            futures += 1
        }
        if case .objectMade(let spec, let index, _) = event.kind, counts != nil {
            let kind = spec.kind
            guard index == counts![kind] else { return "\(kind.word) \(counts![kind]) made next, found \(index)" }
            counts![kind] += 1
        }
        let lowest: Int32 = event.kind.tag.schedulerMayAct ? -1 : 0
        guard event.thread >= lowest && event.thread < threads else {
            return "the actor of a \(event.kind.tag.name) event: a thread from \(lowest) to \(threads - 1), found \(event.thread)"
        }
        if case .choice(_, let options, let chosen) = event.kind, options.isEmpty || chosen < 0 || Int(chosen) >= options.count {
            return "a choice among its options, found \(chosen) of \(options.count)"
        }
        // Only the kinds whose fields hold what is checked are walked.
        guard event.kind.tag.roles & (counts == nil ? StreamCheck.streamRoles : ~0) != 0 else { return nil }
        var visitor = Visitor(threads: threads, processes: processes, futures: futures, counts: counts, seq: event.seq)
        event.kind.visitFields(&visitor)
        return visitor.problem
    }

    /// Walks the fields and keeps the first problem.
    private struct Visitor: FieldVisitor {
        let threads: Int32
        let processes: Int32
        let futures: Int32
        let counts: ObjectCounts?
        let seq: UInt64
        var problem: String?

        mutating func integer(_ value: Int64, _ role: FieldRole, _ label: StaticString) {
            guard problem == nil else { return }
            switch role {
            case .thread, .threadOrNobody:
                let lowest: Int64 = role == .thread ? 0 : -1
                if value < lowest || value >= Int64(threads) {
                    problem = "\(label): a thread from \(lowest) to \(threads - 1), found \(value)"
                }
            case .process:
                if value < 0 || value >= Int64(processes) {
                    problem = "\(label): a process from 0 to \(processes - 1), found \(value)"
                }
            case .future:
                if value < 0 || value >= Int64(futures) {
                    problem = "\(label): a future from 0 to \(futures - 1), found \(value)"
                }
            default:
                guard let kind = role.object, let counts else { return }
                let count = counts[kind]
                if value < 0 || value >= Int64(count) {
                    problem = count == 0 ? "\(label): \(role.noun), but the program declares none, found \(value)"
                        : "\(label): \(role.noun) from 0 to \(count - 1), found \(value)"
                }
            }
        }

        mutating func unsigned(_ value: UInt64, _ role: FieldRole, _ label: StaticString) {
            guard problem == nil, role == .step, value >= seq else { return }
            problem = "\(label): an earlier event's number (below \(seq)), found \(value)"
        }

        mutating func bool(_ value: Bool, _ label: StaticString) {}
        mutating func string(_ value: String, _ label: StaticString) {}
        mutating func rawCase(_ raw: UInt8, name: String, label: StaticString) {}
        mutating func enter(_ label: StaticString, variant: UInt8?, name: String?) {}
        mutating func exit() {}
        mutating func enterList(_ count: Int, _ label: StaticString) {}
        mutating func exitList() {}
    }
}
