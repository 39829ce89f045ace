/// Writes the body of one function: statements in order, with structured loops and branches.
///
/// Jump targets are relative to the function while it is built; ``ProgramBuilder`` relocates them.
public struct FunctionBuilder {
    unowned let program: ProgramBuilder
    var code: [Instruction] = []
    /// The source line of each instruction in ``code``.
    var lines: [Int32] = []
    /// What each instruction of ``code`` costs when the program is costed by ``CPythonCosts``:
    /// ``tableCost`` for the table's cost of the instruction (decided when the function is done,
    /// its jumps landed), or a cost set by ``bookkeeping(_:)`` or ``charge(_:)``.
    var costs: [UInt32] = []
    /// The mark of an instruction that costs what ``CPythonCosts`` says of its kind.
    private static let tableCost = UInt32.max
    /// Inside ``bookkeeping(_:)``: the instructions emitted cost ``CPythonCosts/bookkeeping``.
    private var inBookkeeping = false
    var localCount: Int
    let arity: Int
    /// The source line recorded for the instructions emitted from now on.
    public var line: Int32 = 0

    init(program: ProgramBuilder, arity: Int) {
        self.program = program
        self.arity = arity
        localCount = arity
    }

    /// Appends one IR instruction as it is (jump targets relative to the function's start).
    public mutating func emit(_ instruction: Instruction) {
        code.append(instruction)
        lines.append(line)
        costs.append(inBookkeeping ? CPythonCosts.bookkeeping : FunctionBuilder.tableCost)
    }

    /// Emits what `body` emits as bookkeeping: instructions the compiler adds that no CPython
    /// bytecode stands for (a hidden loop counter), each costing ``CPythonCosts/bookkeeping``.
    /// Returns what `body` returns (a jump to land later).
    @discardableResult
    public mutating func bookkeeping<Result>(_ body: (inout FunctionBuilder) -> Result) -> Result {
        let outer = inBookkeeping
        inBookkeeping = true
        defer { inBookkeeping = outer }
        return body(&self)
    }

    /// Sets what the last instruction emitted costs: the cost of the bytecode it stands for
    /// when that is not the table's cost of its kind (a range loop's test is `FOR_ITER`).
    public mutating func charge(_ cost: UInt32) {
        guard !costs.isEmpty else { return }
        costs[costs.count - 1] = cost
    }

    /// The cost of each instruction of the finished function, from ``CPythonCosts``.
    func finishedCosts() -> [UInt32] {
        zip(code.indices, costs).map { i, cost in
            cost != FunctionBuilder.tableCost ? cost : CPythonCosts.cost(of: code[i], at: Int32(i))
        }
    }

    /// The function-relative address of the next instruction: a target for a backward jump.
    public var here: Int32 { Int32(code.count) }

    /// A jump emitted before its target is known; ``land(_:)`` fixes the target.
    public struct ForwardJump: Sendable, Hashable {
        let address: Int
    }

    /// Emits `jump` (or `jumpIfFalse` when `ifFalse`) to a target given later with ``land(_:)``.
    public mutating func jumpForward(ifFalse: Bool = false) -> ForwardJump {
        emit(ifFalse ? .jumpIfFalse(-1) : .jump(-1))
        return ForwardJump(address: code.count - 1)
    }

    /// Emits `tryBegin` with its handler given later with ``land(_:)``.
    public mutating func tryBegin() -> ForwardJump {
        emit(.tryBegin(handler: -1))
        return ForwardJump(address: code.count - 1)
    }

    /// Points a forward jump (or a `try`'s handler) at the next instruction.
    public mutating func land(_ jump: ForwardJump) {
        switch code[jump.address] {
        case .jumpIfFalse: code[jump.address] = .jumpIfFalse(here)
        case .tryBegin: code[jump.address] = .tryBegin(handler: here)
        default: code[jump.address] = .jump(here)
        }
    }

    /// The function's `index`-th parameter.
    public func parameter(_ index: Int) -> Local {
        precondition(index >= 0 && index < arity, "parameter \(index) of a function that takes \(arity)")
        return Local(slot: Int32(index))
    }

    /// A new local variable.
    public mutating func local() -> Local {
        localCount += 1
        return Local(slot: Int32(localCount - 1))
    }

    /// Pops the value on top of the stack and appends it to the list held in `list`.
    public mutating func appendTop(to list: Local) {
        let item = local()
        emit(.store(item.slot))
        emit(.load(list.slot))
        emit(.load(item.slot))
        emit(.listAppend)
    }

    // MARK: Expressions

    /// Emits code that leaves the value of `expression` on the stack.
    public mutating func push(_ expression: Expr) {
        switch expression {
        case .constant(let value): emit(.push(.int(value)))
        case .local(let local): emit(.load(local.slot))
        case .shared(let variable): emit(.loadShared(variable.index))
        case .threadLocal(let variable): emit(.loadThreadLocal(variable.index))
        case .binary(let op, let a, let b):
            push(a)
            push(b)
            emit(.binary(op))
        case .unary(let op, let a):
            push(a)
            emit(.unary(op))
        case .flagIsSet(let event): emit(.operate(.flag, .isSet, event.index, .blocking))
        case .isAlive(let handle):
            push(handle)
            emit(.isAlive)
        case .length(let list):
            emit(.load(list.slot))
            emit(.listLength)
        case .call(let function, let arguments):
            precondition(arguments.count == function.arity, "a call with \(arguments.count) arguments to a function that takes \(function.arity)")
            for argument in arguments { push(argument) }
            emit(.call(function.index))
        }
    }

    // MARK: Assignments

    public mutating func set(_ local: Local, _ value: Expr) {
        push(value)
        emit(.store(local.slot))
    }

    /// `x = value` on a shared variable: the write is one visible step (the value's reads are others).
    public mutating func set(_ variable: SharedVariable, _ value: Expr) {
        push(value)
        emit(.storeShared(variable.index))
    }

    public mutating func set(_ variable: ThreadLocalVariable, _ value: Expr) {
        push(value)
        emit(.storeThreadLocal(variable.index))
    }

    /// `x += by` on a shared variable: a read and a write, two visible steps that another thread can split.
    public mutating func increment(_ variable: SharedVariable, by amount: Expr = 1) {
        set(variable, .shared(variable) + amount)
    }

    // MARK: Control flow

    /// `for _ in range(times)`: a counted loop whose back-edge is a GIL check point.
    public mutating func `repeat`(_ times: Expr, _ body: (inout FunctionBuilder) -> Void) {
        let counter = local()
        forRange(counter, from: 0, to: times, body)
    }

    /// `for variable in range(from, to)`.
    public mutating func forRange(_ variable: Local, from start: Expr, to end: Expr,
                                  _ body: (inout FunctionBuilder) -> Void) {
        let limit = local()
        set(limit, end)
        set(variable, start)
        let top = Int32(code.count)
        push(.local(variable) < .local(limit))
        let exit = code.count
        emit(.jumpIfFalse(-1))
        body(&self)
        set(variable, .local(variable) + 1)
        emit(.jump(top))
        code[exit] = .jumpIfFalse(Int32(code.count))
    }

    /// `while condition:`.
    public mutating func `while`(_ condition: Expr, _ body: (inout FunctionBuilder) -> Void) {
        let top = Int32(code.count)
        push(condition)
        let exit = code.count
        emit(.jumpIfFalse(-1))
        body(&self)
        emit(.jump(top))
        code[exit] = .jumpIfFalse(Int32(code.count))
    }

    /// `if condition: then else: otherwise`.
    public mutating func `if`(_ condition: Expr, then: (inout FunctionBuilder) -> Void,
                              else otherwise: ((inout FunctionBuilder) -> Void)? = nil) {
        push(condition)
        let toElse = code.count
        emit(.jumpIfFalse(-1))
        then(&self)
        if let otherwise {
            let toEnd = code.count
            emit(.jump(-1))
            code[toElse] = .jumpIfFalse(Int32(code.count))
            otherwise(&self)
            code[toEnd] = .jump(Int32(code.count))
        } else {
            code[toElse] = .jumpIfFalse(Int32(code.count))
        }
    }

    /// Calls `function` and drops its result (a GIL check point).
    public mutating func call(_ function: FunctionRef, _ arguments: [Expr] = []) {
        push(.call(function, arguments))
        emit(.pop)
    }

    public mutating func `return`(_ value: Expr = 0) {
        push(value)
        emit(.ret)
    }

    // MARK: Time

    /// CPU-bound work for `duration` nanoseconds.
    public mutating func compute(_ duration: Expr) {
        push(duration)
        emit(.compute)
    }

    public mutating func sleep(_ duration: Expr) {
        push(duration)
        emit(.sleep)
    }

    /// Blocking I/O for `duration` nanoseconds.
    public mutating func io(_ duration: Expr) {
        push(duration)
        emit(.io)
    }

    // MARK: Threads

    /// Creates a thread (or process) without starting it; the handle is in the returned local.
    public mutating func create(_ function: FunctionRef, _ arguments: [Expr] = [], kind: StartSpec.Kind = .thread,
                                daemon: Bool? = nil, priority: Int32 = 0, name: String? = nil) -> Local {
        precondition(arguments.count == function.arity, "starting a function that takes \(function.arity) arguments with \(arguments.count)")
        for argument in arguments { push(argument) }
        let spec = program.addStart(StartSpec(function: function.index, kind: kind, daemon: daemon,
                                              priority: priority, name: name))
        emit(.create(spec))
        let handle = local()
        emit(.store(handle.slot))
        return handle
    }

    public mutating func start(_ handle: Expr) {
        push(handle)
        emit(.start)
    }

    /// Creates and starts a thread; returns the local holding its handle.
    public mutating func start(_ function: FunctionRef, _ arguments: [Expr] = [], daemon: Bool? = nil,
                               priority: Int32 = 0, name: String? = nil) -> Local {
        let handle = create(function, arguments, daemon: daemon, priority: priority, name: name)
        start(.local(handle))
        return handle
    }

    /// Creates and starts a process (its own GIL and shared variables); returns its handle's local.
    public mutating func startProcess(_ function: FunctionRef, _ arguments: [Expr] = [], name: String? = nil) -> Local {
        let handle = create(function, arguments, kind: .process, name: name)
        start(.local(handle))
        return handle
    }

    public mutating func join(_ handle: Local, timeout: Expr? = nil) {
        emit(.load(handle.slot))
        if let timeout {
            push(timeout)
            emit(.join(.timeout))
        } else {
            emit(.join(.blocking))
        }
    }

    // MARK: Locks and conditions

    /// `lock.acquire()`; with `timeout` or `blocking: false` the result (1 or 0) goes to `result`.
    public mutating func acquire(_ lock: LockRef, blocking: Bool = true, timeout: Expr? = nil, result: Local? = nil) {
        emitWait(blocking: blocking, timeout: timeout, result: result) { .acquire(lock.index, $0) }
    }

    public mutating func release(_ lock: LockRef) {
        emit(.release(lock.index))
    }

    /// `with lock:`.
    public mutating func with(_ lock: LockRef, _ body: (inout FunctionBuilder) -> Void) {
        acquire(lock)
        body(&self)
        release(lock)
    }

    /// `with condition:` (holds the condition's lock).
    public mutating func with(_ condition: ConditionRef, _ body: (inout FunctionBuilder) -> Void) {
        with(condition.lock, body)
    }

    public mutating func wait(_ condition: ConditionRef, timeout: Expr? = nil, result: Local? = nil) {
        emitWait(blocking: true, timeout: timeout, result: result) { .operate(.condition, .wait, condition.index, $0) }
    }

    public mutating func notify(_ condition: ConditionRef, _ count: Expr = 1) {
        push(count)
        emit(.operate(.condition, .notify, condition.index, .blocking))
    }

    public mutating func notifyAll(_ condition: ConditionRef) {
        emit(.operate(.condition, .notifyAll, condition.index, .blocking))
    }

    // MARK: Event, Semaphore, Barrier, Queue

    public mutating func set(_ event: FlagRef) { emit(.operate(.flag, .set, event.index, .blocking)) }
    public mutating func clear(_ event: FlagRef) { emit(.operate(.flag, .clear, event.index, .blocking)) }

    public mutating func wait(_ event: FlagRef, timeout: Expr? = nil, result: Local? = nil) {
        emitWait(blocking: true, timeout: timeout, result: result) { .operate(.flag, .wait, event.index, $0) }
    }

    public mutating func acquire(_ semaphore: SemaphoreRef, blocking: Bool = true, timeout: Expr? = nil,
                                 result: Local? = nil) {
        emitWait(blocking: blocking, timeout: timeout, result: result) { .operate(.semaphore, .acquire, semaphore.index, $0) }
    }

    public mutating func release(_ semaphore: SemaphoreRef, _ count: Expr = 1) {
        push(count)
        emit(.operate(.semaphore, .release, semaphore.index, .blocking))
    }

    /// `with semaphore:`.
    public mutating func with(_ semaphore: SemaphoreRef, _ body: (inout FunctionBuilder) -> Void) {
        acquire(semaphore)
        body(&self)
        release(semaphore)
    }

    /// `barrier.wait()`; the arrival index (or -1 when broken) goes to `index`, or is dropped.
    public mutating func wait(_ barrier: BarrierRef, timeout: Expr? = nil, index: Local? = nil) {
        if let timeout {
            push(timeout)
            emit(.operate(.barrier, .wait, barrier.index, .timeout))
        } else {
            emit(.operate(.barrier, .wait, barrier.index, .blocking))
        }
        if let index { emit(.store(index.slot)) } else { emit(.pop) }
    }

    public mutating func put(_ queue: QueueRef, _ value: Expr, blocking: Bool = true, timeout: Expr? = nil,
                             result: Local? = nil) {
        push(value)
        emitWait(blocking: blocking, timeout: timeout, result: result) { .operate(.queue, .put, queue.index, $0) }
    }

    /// `item = queue.get()`; a non-blocking or timed get also stores success in `result`.
    public mutating func get(_ queue: QueueRef, into item: Local, blocking: Bool = true, timeout: Expr? = nil,
                             result: Local? = nil) {
        emitWait(blocking: blocking, timeout: timeout, result: result) { .operate(.queue, .get, queue.index, $0) }
        emit(.store(item.slot))
    }

    // MARK: concurrent.futures

    /// `future = pool.submit(function, *arguments)`.
    public mutating func submit(_ pool: PoolRef, _ function: FunctionRef, _ arguments: [Expr] = []) -> Local {
        for argument in arguments { push(argument) }
        emit(.poolSubmit(pool.index, function: function.index))
        let future = local()
        emit(.store(future.slot))
        return future
    }

    /// `value = future.result()`; with `timeout`, whether it was done in time goes to `result`.
    public mutating func result(_ future: Local, into value: Local, timeout: Expr? = nil, result: Local? = nil) {
        emit(.load(future.slot))
        emitWait(blocking: true, timeout: timeout, result: result) { .futureResult($0) }
        emit(.store(value.slot))
    }

    /// `pool.shutdown(wait=wait)`: with `wait`, joins every worker.
    public mutating func shutdown(_ pool: PoolRef, wait: Bool = true) {
        emit(.poolShutdown(pool.index))
        guard wait else { return }
        emit(.poolWorkers(pool.index))
        let workers = local()
        emit(.store(workers.slot))
        let index = local()
        forRange(index, from: 0, to: .length(workers)) { f in
            f.emit(.load(workers.slot))
            f.emit(.load(index.slot))
            f.emit(.listGet)
            f.emit(.join(.blocking))
        }
    }

    /// `for future in as_completed(futures)`: `body` sees each future of the list `futures` as it
    /// is done (those done already first), in `future`. It is given the loop's top, where a
    /// `continue` goes; a `break` lands after this call.
    public mutating func asCompleted(_ futures: Local, into future: Local,
                                     _ body: (inout FunctionBuilder, _ top: Int32) -> Void) {
        // A copy of the list, which the waits take the futures out of.
        let pending = local()
        emit(.listNew)
        emit(.store(pending.slot))
        let index = local()
        forRange(index, from: 0, to: .length(futures)) { f in
            f.emit(.load(futures.slot))
            f.emit(.load(index.slot))
            f.emit(.listGet)
            f.appendTop(to: pending)
        }
        let top = here
        push(.length(pending) > 0)
        let exit = jumpForward(ifFalse: true)
        emit(.load(pending.slot))
        emit(.futureWaitAny)
        emit(.store(future.slot))
        body(&self, top)
        emit(.jump(top))
        land(exit)
    }

    // MARK: Output and checks

    /// `print(f"...")`: `{}` holes take `values` in order.
    public mutating func print(_ template: String, _ values: [Expr] = []) {
        for value in values { push(value) }
        emit(.print(program.addFormat(PrintFormat(template: template))))
    }

    /// `assert condition` / `expect condition`, checked here; `text` is what reports show.
    public mutating func expect(_ condition: Expr, _ text: String) {
        push(condition)
        emitExpect(text)
    }

    /// Pops a truth value and records it as the expectation `text`, written on the current ``line``.
    public mutating func emitExpect(_ text: String) {
        emit(.expect(program.addExpectation(text, line: line)))
    }

    /// Emits a waiting instruction with its mode; a pushed success flag is stored or dropped.
    private mutating func emitWait(blocking: Bool, timeout: Expr?, result: Local?,
                                   _ make: (WaitMode) -> Instruction) {
        let mode: WaitMode
        if let timeout {
            push(timeout)
            mode = .timeout
        } else {
            mode = blocking ? .blocking : .nonBlocking
        }
        emit(make(mode))
        guard mode != .blocking else { return }
        if let result { emit(.store(result.slot)) } else { emit(.pop) }
    }
}
