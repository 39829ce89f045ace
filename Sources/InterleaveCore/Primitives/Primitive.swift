/// A synchronization object of Python's library that the machine runs: one conforming type for
/// each such kind of object, in a file of its own that holds its state and everything the
/// machine does with it.
///
/// The engine's core (threads, locks, the GIL, shared variables, time) reaches a primitive
/// through the kind's ``ObjectKind/primitive``: making an object, an
/// ``Instruction/operate(_:_:_:_:)`` (and whether it only reads), a Python call of one of its
/// methods on the object held as a value, an attribute, a waiter's deadline, a hand-off the
/// primitive asked for, and its type's name. The
/// vocabulary declares the kind with `state:` naming the conforming type, so the machine's lists
/// of states (``LibraryStates``) and the dispatch are derived from it. A new primitive is its
/// declarations in the vocabulary (kind, events, waits, choices) and one file like this.
protocol Primitive: Sendable {
    /// The state of a new object that `spec` makes (declared by the program, or made as it runs).
    init(spec: ObjectSpec, config: MachineConfig)

    /// Python's name for the object's type (`Barrier`, `BoundedSemaphore`): by default its
    /// first class's (``python``).
    var typeName: String { get }

    /// The classes of Python's library that make its objects, and what a program may write with them.
    static var python: [PythonClass] { get }

    /// What an object of `library` (one of ``python``) made as the program runs is made from:
    /// `argument` is what ``Instruction/make(_:name:owned:)`` popped (None when the class takes
    /// nothing); nil after raising Python's error for a bad one. By default, the class's number
    /// checked against its range; a primitive may make other objects first (a Condition its RLock).
    static func spec(for library: PythonClass, argument: Value, named name: String, thread t: Int,
                     in m: inout Machine) -> ObjectSpec?

    /// Whether `method` only reads the object: its step is independent of other reads.
    static func reads(_ method: Method) -> Bool

    /// Runs ``Instruction/operate(_:_:_:_:)`` for thread `t` on core `c`: `method` of object `index`,
    /// waiting as `mode` says (for at most `timeout` nanoseconds, already popped, when `.timeout`).
    static func operate(_ method: Method, _ index: Int, mode: WaitMode, timeout: Int64, thread t: Int, core c: Int,
                        pc: Int32, in m: inout Machine)

    /// A Python call of `method` on object `index` held as a value (`def worker(barrier):
    /// barrier.wait()`): puts Python's arguments where ``operate(_:_:mode:timeout:thread:core:pc:in:)``
    /// takes them, runs it and pushes what Python's method returns. False when it has no such method.
    static func call(_ method: Method, _ index: Int, _ call: ObjectCall, in m: inout Machine) -> Bool

    /// Attribute `name` of object `index` (`barrier.n_waiting`), one its classes declare; nil when
    /// it has none of that name.
    static func attribute(_ name: String, _ index: Int, in m: Machine) -> Value?

    /// Thread `id`'s wait on object `index` (`target`, one of this kind's waits) reached its deadline.
    static func timeOut(_ index: Int, _ target: WaitTarget, thread id: ThreadID, in m: inout Machine)

    /// Performs the hand-off `which` of object `index` that the primitive asked for with
    /// ``Machine/handOff(_:_:_:)`` (a chosen waiter gets what was released), which is at the head
    /// of the machine's hand-offs: done (or found moot), it takes it off and returns true; false,
    /// leaving it there, when it waits for a manual choice.
    static func handOff(_ index: Int, _ which: UInt8, in m: inout Machine) -> Bool
}

extension Primitive {
    static func spec(for library: PythonClass, argument: Value, named name: String, thread t: Int,
                     in m: inout Machine) -> ObjectSpec? {
        guard let parameter = library.parameter, case .number(_, let range) = parameter.value else { return library.declared(nil) }
        return m.madeNumber(argument, "\(library.name)'s \(parameter.name)", range, thread: t).map(library.declared)
    }

    var typeName: String { Self.python[0].name }
    static func reads(_ method: Method) -> Bool { false }
    static func attribute(_ name: String, _ index: Int, in m: Machine) -> Value? { nil }
    static func handOff(_ index: Int, _ which: UInt8, in m: inout Machine) -> Bool {
        m.handoffs.removeFirst()
        return true
    }
}

/// A Python call of a method on a library object held as a value: its arguments and where the
/// machine is, with the helpers every primitive's ``Primitive/call(_:_:_:in:)`` uses.
struct ObjectCall {
    var kind: ObjectKind
    var index: ObjectIndex
    var arguments: [Value]
    var thread: Int
    var core: Int
    var pc: Int32
    /// How many exceptions the machine had raised before the call.
    var raisedBefore: UInt64

    /// Argument `i`, if there is one.
    func argument(_ i: Int) -> Value? { i < arguments.count ? arguments[i] : nil }

    /// Runs `instruction` as the call's thread.
    func perform(_ instruction: Instruction, in m: inout Machine) {
        m.perform(instruction, thread: thread, core: core, pc: pc)
    }

    /// Runs ``Instruction/operate(_:_:_:_:)`` of the object.
    func operate(_ method: Method, _ mode: WaitMode = .blocking, in m: inout Machine) {
        perform(.operate(kind, method, index, mode), in: &m)
    }

    /// Pushes `value` for the thread.
    func push(_ value: Value, in m: inout Machine) { m.threads[thread].stack.append(value) }

    /// Pushes what the method returns, unless the operation raised (its handler has the stack then).
    func returns(_ value: Value, in m: inout Machine) {
        if m.raiseCount == raisedBefore { push(value, in: &m) }
    }

    /// How a wait waits, from `blocking` and `timeout` (in seconds) as Python takes them; the
    /// timeout goes on the stack in nanoseconds when there is one. Nil after raising.
    func mode(blocking: Value?, timeout: Value?, in m: inout Machine) -> WaitMode? {
        m.waitMode(blocking: blocking, timeout: timeout, of: kind, thread: thread)
    }

    /// The count a `release(n)` or `notify(n)` was given, or 1.
    var count: Value { argument(0).flatMap { $0 == .none ? nil : $0 } ?? .int(1) }

    /// `acquire(blocking=, timeout=)`, or `__enter__` (`method`), which waits as long as it takes:
    /// runs `take` with how it waits; one that waits as long as it takes returns True (a timed or
    /// non-blocking one pushes its own success).
    func acquire(_ method: Method, in m: inout Machine, _ take: (WaitMode, inout Machine) -> Void) {
        guard let mode = method == .enter ? .blocking : self.mode(blocking: argument(0), timeout: argument(1), in: &m) else { return }
        take(mode, &m)
        if mode == .blocking { returns(.bool(true), in: &m) }
    }
}

extension Machine {
    /// ``Instruction/operate(_:_:_:_:)``: pops the timeout of a timed wait and lets the kind's
    /// primitive run the method.
    mutating func operate(_ kind: ObjectKind, _ method: Method, _ index: ObjectIndex, _ mode: WaitMode,
                          thread t: Int, core c: Int, pc: Int32) {
        let timeout = mode == .timeout ? popInt(t) : 0
        guard let primitive = kind.primitive, index >= 0 && Int(index) < library.count(of: kind) else { return malformed(t, pc) }
        primitive.operate(method, Int(index), mode: mode, timeout: timeout, thread: t, core: c, pc: pc, in: &self)
    }

    /// Asks for hand-off `which` of a primitive's object once the current operation is done.
    mutating func handOff(_ kind: ObjectKind, _ index: Int, _ which: UInt8 = 0) {
        handoffs.append(.library(kind, ObjectIndex(index), which))
    }

    /// How a Python wait waits, from `blocking` and `timeout` (in seconds); see ``ObjectCall/mode(blocking:timeout:in:)``.
    mutating func waitMode(blocking: Value?, timeout: Value?, of kind: ObjectKind, thread t: Int) -> WaitMode? {
        let p = Int(threads[t].process)
        if let blocking, blocking != .none, !isTrue(blocking, in: p) { return .nonBlocking }
        guard let timeout, timeout != .none else { return .blocking }
        guard let seconds = timeout.number else {
            raise("TypeError", "a timeout is a number of seconds, not \(typeName(timeout, in: p))", in: t)
            return nil
        }
        // Lock.acquire(timeout=-1) waits as long as it takes.
        if seconds < 0 && kind == .lock { return .blocking }
        guard seconds >= 0 else {
            raise("ValueError", "timeout value must be a non-negative number", in: t)
            return nil
        }
        threads[t].stack.append(.int(seconds * 1e9 < 9.2e18 ? Int64(seconds * 1e9) : .max))
        return .timeout
    }
}

extension Event.Kind {
    /// Whether it is an operation on a library object, one a ``Primitive`` runs (an Event,
    /// Condition, Semaphore, Barrier, Queue): the object it touches says so. The consumers that
    /// fold state handle these together, by what the vocabulary declares of them (what they touch,
    /// the state they leave their object in), so a new primitive's events need no case there.
    public var isLibraryOperation: Bool {
        if case .object(let kind, _, _) = touches { return kind.primitive != nil }
        return false
    }
}
