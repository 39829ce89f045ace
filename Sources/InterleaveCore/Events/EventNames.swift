/// Names for what events refer to: threads (learned from the stream) and the program's objects.
///
/// A consumer keeps one, feeds it every event with ``observe(_:)``, and uses it to describe events.
public struct EventNames: Sendable {
    public let program: Program
    public private(set) var threads: [String] = []
    public private(set) var threadProcess: [ProcessID] = []
    /// The function each future runs, by future (learned from `futureSubmitted`).
    public private(set) var futureFunctions: [Int32] = []
    /// The objects the program made as it ran (learned from `objectMade`), by kind
    /// (``ObjectKind/rawValue``): object `program.count(of: kind) + i` is `made[kind][i]`.
    public private(set) var made: [[MadeObject]] = Array(repeating: [], count: ObjectKind.allCases.count)

    /// An object made as the program ran: its name and what it was made with.
    public struct MadeObject: Sendable, Hashable {
        public var name: String
        public var spec: ObjectSpec
    }

    /// Names for `program`'s events, with room for `reserving` threads' names at once.
    public init(program: Program, reserving: Int = 4) {
        self.program = program
        if reserving > 0 {
            threads.reserveCapacity(reserving)
            threadProcess.reserveCapacity(reserving)
        }
    }

    /// Learns thread names from `threadCreated` events, futures' functions from `futureSubmitted`
    /// and the objects made as the program runs from `objectMade`.
    public mutating func observe(_ event: Event) {
        if case .objectMade(let spec, let index, let name) = event.kind {
            let kind = spec.kind
            // Only the next object of its kind (a checked stream makes no other).
            if Int(index) == count(of: kind) { made[Int(kind.rawValue)].append(MadeObject(name: name, spec: spec)) }
            return
        }
        if case .futureSubmitted(let future, _, let function) = event.kind, future >= 0 && future < 1 << 24 {
            while futureFunctions.count <= Int(future) { futureFunctions.append(-1) }
            futureFunctions[Int(future)] = function
            return
        }
        if case .threadCreated(let child, let name, let process, _) = event.kind, child >= 0 {
            if Int(child) == threads.count {
                threads.append(name)
                threadProcess.append(process)
                return
            }
            while threads.count <= Int(child) {
                threads.append("T\(threads.count)")
                threadProcess.append(0)
            }
            threads[Int(child)] = name
            threadProcess[Int(child)] = process
        }
    }

    public func thread(_ id: ThreadID) -> String {
        if id == Event.machine { return "scheduler" }
        return Int(id) < threads.count && id >= 0 ? threads[Int(id)] : "T\(id)"
    }

    /// How many objects of `kind` there are so far: the program's and those made since.
    public func count(of kind: ObjectKind) -> Int {
        kind == .future ? futureFunctions.count : program.count(of: kind) + made[Int(kind.rawValue)].count
    }

    /// Object `index` of `kind` made as the program ran, or nil for a declared one (or none).
    public func madeObject(_ kind: ObjectKind, _ index: Int32) -> MadeObject? {
        let i = Int(index) - program.count(of: kind)
        let list = made[Int(kind.rawValue)]
        return i >= 0 && i < list.count ? list[i] : nil
    }

    /// What made object `index` of `kind`: a library object declared by the program, or any
    /// object made as it ran (nil when there is no such object; a declared lock or shared
    /// variable has a declaration of its own).
    public func spec(of kind: ObjectKind, _ index: Int32) -> ObjectSpec? {
        let declared = program.declared(kind)
        if index >= 0 && Int(index) < declared.count { return declared[Int(index)].spec }
        return madeObject(kind, index)?.spec
    }

    /// The name of object `index` of `kind`, or `lock#7` when there is no such object.
    public func object(_ kind: ObjectKind, _ index: Int32) -> String {
        if kind == .future { return futureName(index) }
        return program.name(of: kind, index) ?? madeObject(kind, index)?.name ?? "\(kind.word)#\(index)"
    }

    /// Whether lock `index` is an RLock.
    public func isReentrant(_ index: ObjectIndex) -> Bool {
        if index >= 0 && Int(index) < program.locks.count { return program.locks[Int(index)].kind == .rlock }
        if case .lock(let reentrant)? = madeObject(.lock, index)?.spec { return reentrant }
        return false
    }

    // `lock(_:)`, `queue(_:)` and a name like them for every kind of object are generated from
    // the vocabulary's `objects`; a future's is this one.

    /// A future, by its number and the function it runs: `future #2 (fetch)`.
    private func futureName(_ index: Int32) -> String {
        let function = index >= 0 && Int(index) < futureFunctions.count ? futureFunctions[Int(index)] : -1
        return function >= 0 ? "future #\(index) (\(self.function(function)))" : "future #\(index)"
    }

    /// What a wait target is, in words: `lock 'fork1'`, `the GIL`, `join Thread-1 (worker)`.
    public func describe(_ target: WaitTarget) -> String { target.words(self) }

    /// A user error in words, with what to do about it.
    public func describe(_ error: UserError) -> String { error.words(self) }

    /// A choice point's decision in words: `who gets the GIL`.
    public func describe(_ choice: ChoiceKind) -> String { choice.words(self) }

    /// One event in words, without its time and actor.
    public func describe(_ kind: Event.Kind) -> String { kind.words(self) }

    /// A wait-for chain as one line: `T1 → lock 'a' → T2 → lock 'b' → T1`.
    public func describe(cycle: [WaitEdge]) -> String {
        guard let first = cycle.first else { return "" }
        var parts = [thread(first.thread)]
        for edge in cycle {
            parts.append(describe(edge.target))
            parts.append(thread(edge.holder))
        }
        return parts.joined(separator: " → ")
    }

    /// A lock-order cycle as one line: `'a' → 'b' (T1, #12) → 'a' (T2, #40)`.
    public func describe(lockOrder edges: [LockOrderEdge]) -> String {
        guard let first = edges.first else { return "" }
        return "'\(lock(first.held))'" + edges.map { " → '\(lock($0.taken))' (\(thread($0.thread)) at #\($0.step))" }.joined()
    }

    /// A log line: `   1.250ms  #42  Thread-1 (worker): acquired 'lock'`; `showingLine` puts the
    /// source line after the number (`#42  L7  Thread-1 ...`).
    public func line(_ event: Event, showingLine: Bool = false) -> String {
        let time = formatTime(event.time)
        let padded = String(repeating: " ", count: max(0, 10 - time.count)) + time
        let source = showingLine && event.line > 0 ? "L\(event.line)  " : ""
        return "\(padded)  #\(event.seq)  \(source)\(thread(event.thread)): \(describe(event.kind))"
    }
}
