import InterleaveCore

extension Trial {
    /// Why partial-order reduction does not apply to this trial's program and machine, as the
    /// rest of a sentence that begins "partial-order reduction", or nil when it does. It needs a
    /// policy that chooses at every visible step and one core (so any thread that can go may go
    /// next, whatever the clock says: on several cores, and under policies that choose only on
    /// ties, the clock decides which choices come up, and reversing a race can need a choice far
    /// from it, such as which thread got which core), and every read of shared state in the
    /// event stream (a call such as `is_set()` or `qsize()` reads and shows nothing).
    public var reductionBlocker: String? {
        if !config.policy.preemptAtVisibleSteps {
            return "needs a policy that may switch threads at every shared access, on one core (--policy random "
                + "--cores 1); under policy \(config.policy.name) the clock decides which choices come up"
        }
        if config.cores != 1 {
            return "needs one core (--cores 1); on \(config.cores) cores the clock decides which choices come up"
        }
        if let read = Trial.unrecordedRead(in: program) {
            return "needs every read of state shared between threads in the event stream, and this program's "
                + "\(read) reads without an event"
        }
        return nil
    }

    /// The bound of `dfs` without one where the reduction does not apply: none where choices
    /// come only on ties (the schedules are finitely many), 2 where the policy may also switch
    /// threads at any step (switching back and forth has no end).
    public var unreducedBound: Int { config.policy.preemptAtVisibleSteps ? 2 : .max }

    /// Methods of threads and synchronization objects that read their state without an event,
    /// with the kind of object they belong to (nil: threads, which every program has).
    static let silentMethods: [String: ObjectKind?] = [
        "is_alive": nil, "locked": .lock, "is_set": .flag, "qsize": .queue, "empty": .queue, "full": .queue,
        "done": .future, "ready": .future,
    ]
    /// A barrier's attributes, read without an event.
    static let silentAttributes: Set<String> = ["n_waiting", "broken"]

    /// The first thing in `program` that reads state shared between threads without an event, in
    /// words: a silent method of a kind of object the program has, the clock, the random source.
    static func unrecordedRead(in program: Program) -> String? {
        func constant(_ index: Int32) -> String? {
            guard index >= 0, Int(index) < program.constants.count, case .text(let text) = program.constants[Int(index)] else { return nil }
            return text
        }
        var made = Set(ObjectKind.allCases.filter { !program.declared($0).isEmpty })
        for instruction in program.code {
            if case .make(let made1, _, _) = instruction { made.insert(made1.kind) }
            if case .poolSubmit = instruction { made.insert(.future) }
        }
        if !program.pools.isEmpty { made.insert(.future) }
        func silent(_ name: String) -> Bool {
            guard let kind = silentMethods[name] else { return false }
            return kind.map(made.contains) ?? true
        }
        for instruction in program.code {
            switch instruction {
            case .isAlive: return "is_alive()"
            case .threadsAlive(.count), .threadsAlive(.list): return "threading.active_count() or enumerate()"
            case .futureDone: return "done()"
            case .clock: return "clock (time.time(), monotonic() or perf_counter())"
            case .random: return "random numbers (one source for every thread)"
            case .method(let method, _), .operate(_, let method, _, _):
                if silent(method.rawValue) { return "\(method.rawValue)()" }
            case .callMethod(let name, _):
                if let text = constant(name), silent(text) { return "\(text)()" }
            case .loadAttribute(let name):
                if made.contains(.barrier), let text = constant(name), silentAttributes.contains(text) { return "`.\(text)`" }
            default:
                continue
            }
        }
        return nil
    }
}
