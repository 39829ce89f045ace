/// Builds a ``Program`` from Swift: declare objects and functions, then write their bodies with a
/// ``FunctionBuilder``, much as a scenario file would.
///
/// ```swift
/// let b = ProgramBuilder(name: "lock counter")
/// let counter = b.shared("counter")
/// let lock = b.lock("lock")
/// let increment = b.function("increment") { f in
///     f.repeat(1000) { f in f.with(lock) { f in f.increment(counter) } }
/// }
/// b.main { f in
///     let t1 = f.start(increment), t2 = f.start(increment)
///     f.join(t1); f.join(t2)
///     f.expect(.shared(counter) == 2000, "counter == 2000")
/// }
/// let program = b.build()
/// ```
public final class ProgramBuilder {
    var program: Program
    private var defined: [Bool] = []

    /// Text constants already stored, by their text.
    private var constants: [HeapObject: Int32] = [:]

    /// Whether each instruction costs what ``CPythonCosts`` says (a Python program), rather than
    /// the configuration's ``MachineConfig/instructionCost`` (a scenario, a program built in Swift).
    let costedLikeCPython: Bool

    public init(name: String, costedLikeCPython: Bool = false) {
        program = Program(name: name, code: [], functions: [], main: -1)
        self.costedLikeCPython = costedLikeCPython
    }

    // MARK: Declarations

    public func shared(_ name: String, _ initial: Int64 = 0) -> SharedVariable {
        shared(name, initial: .int(initial))
    }

    /// A shared variable holding `initial` before anything is written (Python's module variables: None).
    public func shared(_ name: String, initial: Value) -> SharedVariable {
        program.shared.append(SharedDecl(name: name, initial: initial))
        return SharedVariable(index: Int32(program.shared.count - 1))
    }

    public func threadLocal(_ name: String) -> ThreadLocalVariable {
        program.threadLocals.append(name)
        return ThreadLocalVariable(index: Int32(program.threadLocals.count - 1))
    }

    public func lock(_ name: String, kind: LockDecl.Kind = .lock) -> LockRef {
        program.locks.append(LockDecl(name: name, kind: kind))
        return LockRef(index: ObjectIndex(program.locks.count - 1))
    }

    /// Declares a library object that `spec` makes (an Event, Condition, Semaphore, Barrier or
    /// Queue); its index among those of its kind.
    public func declare(_ spec: ObjectSpec, named name: String) -> ObjectIndex {
        program.declare(ObjectDecl(name: name, spec))
    }

    public func flag(_ name: String) -> FlagRef {
        FlagRef(index: declare(.flag, named: name))
    }

    /// A condition on `lock`, or on a new RLock (Python's default) when `lock` is nil.
    public func condition(_ name: String, lock: LockRef? = nil) -> ConditionRef {
        let lock = lock ?? self.lock("\(name).lock", kind: .rlock)
        return ConditionRef(index: declare(.condition(lock: lock.index), named: name), lock: lock)
    }

    public func semaphore(_ name: String, _ initial: Int64, bounded: Bool = false) -> SemaphoreRef {
        SemaphoreRef(index: declare(.semaphore(initial: initial, bounded: bounded), named: name))
    }

    public func barrier(_ name: String, parties: Int32) -> BarrierRef {
        BarrierRef(index: declare(.barrier(parties: parties), named: name))
    }

    public func queue(_ name: String, maxSize: Int32 = 0, order: QueueOrder = .fifo) -> QueueRef {
        QueueRef(index: declare(.queue(maxSize: maxSize, order: order), named: name))
    }

    /// How many executors are declared so far.
    public var poolCount: Int { program.pools.count }

    /// A `ThreadPoolExecutor(max_workers=maxWorkers)`, with the function its workers run: take
    /// work, run it, make its future done with what it returned, until the pool shuts down. With
    /// `catching`, an exception the work raises makes its future done with it (Python's pools).
    public func pool(_ name: String, maxWorkers: Int32, catching: Bool = false, processes: Bool = false) -> PoolRef {
        let index = ObjectIndex(program.pools.count)
        let worker = declare("\(name).worker")
        program.pools.append(PoolDecl(name: name, maxWorkers: processes ? max(0, maxWorkers) : max(1, maxWorkers),
                                      worker: worker.index, processes: processes))
        define(worker) { f in
            let top = Int32(f.code.count)
            f.emit(.poolTake(index))
            let done = f.jumpForward(ifFalse: true)
            if catching {
                let failed = f.tryBegin()
                f.emit(.poolRun(index))
                f.emit(.tryEnd)
                f.emit(.poolDone(index))
                f.emit(.jump(top))
                f.land(failed)
                f.emit(.poolFailed(index))
            } else {
                f.emit(.poolRun(index))
                f.emit(.poolDone(index))
            }
            f.emit(.jump(top))
            f.land(done)
        }
        return PoolRef(index: index)
    }

    // MARK: Functions

    /// Declares a function whose body is given later with ``define(_:_:)`` (for forward references).
    public func declare(_ name: String, parameters: Int = 0) -> FunctionRef {
        program.functions.append(FunctionDecl(name: name, entry: -1, arity: Int32(parameters),
                                              localCount: Int32(parameters)))
        defined.append(false)
        return FunctionRef(index: Int32(program.functions.count - 1), arity: parameters)
    }

    /// Writes the body of a declared function. A function without an explicit `return` returns 0.
    public func define(_ function: FunctionRef, _ body: (inout FunctionBuilder) -> Void) {
        precondition(!defined[Int(function.index)], "function \(function.index) is defined twice")
        defined[Int(function.index)] = true
        var builder = FunctionBuilder(program: self, arity: function.arity)
        body(&builder)
        builder.emit(.push(0))
        builder.emit(.ret)
        let entry = Int32(program.code.count)
        program.code.append(contentsOf: builder.code.map { $0.relocated(by: entry) })
        program.lines.append(contentsOf: builder.lines)
        if costedLikeCPython { program.costs.append(contentsOf: builder.finishedCosts()) }
        program.functions[Int(function.index)].entry = entry
        program.functions[Int(function.index)].localCount = Int32(builder.localCount)
    }

    /// Declares and defines a function; `parameters` are its first locals.
    @discardableResult
    public func function(_ name: String, parameters: Int = 0, _ body: (inout FunctionBuilder) -> Void) -> FunctionRef {
        let function = declare(name, parameters: parameters)
        define(function, body)
        return function
    }

    /// Makes a declared function the one the main thread runs.
    public func setMain(_ function: FunctionRef) {
        program.main = function.index
    }

    /// Defines the main thread's function.
    public func main(_ body: (inout FunctionBuilder) -> Void) {
        program.main = function("main", body).index
    }

    /// The finished program.
    public func build() -> Program {
        precondition(program.main >= 0, "the program has no main function")
        precondition(defined.allSatisfy { $0 }, "a declared function has no body")
        precondition(program.costs.isEmpty || program.costs.count == program.code.count, "a cost for every instruction, or none")
        return program
    }

    /// The index of a new print format.
    public func addFormat(_ format: PrintFormat) -> Int32 {
        program.formats.append(format)
        return Int32(program.formats.count - 1)
    }

    /// A text constant: the value that points at it on every process's heap (the same text is
    /// stored once).
    public func text(_ text: String) -> Value {
        constant(.text(text))
    }

    /// A constant (text, bytes): the value that points at it on every process's heap (the same
    /// constant is stored once).
    public func constant(_ object: HeapObject) -> Value {
        if let index = constants[object] { return .ref(index) }
        program.constants.append(object)
        let index = Int32(program.constants.count - 1)
        constants[object] = index
        return .ref(index)
    }

    /// The index of a new class; `program.classes` keeps them in this order.
    public func addClass(_ decl: ClassDecl) -> Int32 {
        program.classes.append(decl)
        return Int32(program.classes.count - 1)
    }

    /// Sets the methods of class `index` (declared before their functions were).
    public func setMethods(_ methods: [ClassDecl.Method], of index: Int32) {
        program.classes[Int(index)].methods = methods
    }

    /// The index of a new thread or process specification for `create`.
    public func addStart(_ spec: StartSpec) -> Int32 {
        program.starts.append(spec)
        return Int32(program.starts.count - 1)
    }

    func addExpectation(_ text: String, line: Int32) -> Int32 {
        program.expectations.append(ExpectationDecl(text: text, line: line))
        return Int32(program.expectations.count - 1)
    }
}

extension Instruction {
    /// The instruction with a function-relative jump target made absolute.
    func relocated(by offset: Int32) -> Instruction {
        switch self {
        case .jump(let target): return .jump(target + offset)
        case .jumpIfFalse(let target): return .jumpIfFalse(target + offset)
        case .tryBegin(let handler): return .tryBegin(handler: handler + offset)
        default: return self
        }
    }
}

public struct SharedVariable: Sendable, Hashable { public let index: Int32 }
public struct ThreadLocalVariable: Sendable, Hashable { public let index: Int32 }
public struct LockRef: Sendable, Hashable {
    public let index: ObjectIndex
    public init(index: ObjectIndex) { self.index = index }
}
public struct FlagRef: Sendable, Hashable { public let index: ObjectIndex }
public struct ConditionRef: Sendable, Hashable {
    public let index: ObjectIndex
    public let lock: LockRef
}
public struct SemaphoreRef: Sendable, Hashable { public let index: ObjectIndex }
public struct BarrierRef: Sendable, Hashable { public let index: ObjectIndex }
public struct QueueRef: Sendable, Hashable { public let index: ObjectIndex }
public struct PoolRef: Sendable, Hashable {
    public let index: ObjectIndex
    public init(index: ObjectIndex) { self.index = index }
}
public struct FunctionRef: Sendable, Hashable {
    public let index: Int32
    public let arity: Int
    public init(index: Int32, arity: Int) {
        self.index = index
        self.arity = arity
    }
}
/// A local variable slot of the function being built.
public struct Local: Sendable, Hashable { public let slot: Int32 }
