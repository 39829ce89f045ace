/// One step of a virtual thread's program: the engine's instruction set (the IR).
///
/// The IR is a stack machine, close to CPython's bytecode so that costs and GIL check points
/// land where they do in CPython. Operands that are values (durations, timeouts, counts, queue
/// items, thread handles) are popped from the thread's operand stack; operands that name a
/// declared object (a lock, a shared variable) are immediate.
///
/// Instructions that wait take a ``WaitMode``. A `.blocking` wait pushes no result (except a
/// queue's `get`, which pushes the item, and a barrier's `wait`, which pushes the arrival index);
/// `.nonBlocking` and `.timeout` waits push `1` on success and `0` on failure (after the item
/// for a queue's `get`). `.timeout` pops the timeout in nanoseconds first.
public enum Instruction: Sendable, Hashable {
    // Values, locals and thread-local variables (invisible to other threads).
    case push(Value)
    case load(Int32)
    case store(Int32)
    case pop
    case dup
    case binary(BinaryOperator)
    case unary(UnaryOperator)
    case loadThreadLocal(Int32)
    case storeThreadLocal(Int32)

    // Lists, private to the thread that made them (a scenario's list of thread handles).
    /// Pushes a handle to a new empty list.
    case listNew
    /// Pops a value and a list handle and appends the value.
    case listAppend
    /// Pops an index and a list handle and pushes the element (an error, pushing 0, when out of range).
    case listGet
    /// Pops a value, an index and a list handle and stores the element.
    case listSet
    /// Pops a list handle and pushes its length.
    case listLength

    // Python values (text, tuples, conversions), private to the thread until stored somewhere shared.
    /// Pops `count` values and pushes a new list of them, in the order they were pushed.
    case buildList(Int32)
    /// Pops `count` values and pushes a new tuple of them.
    case buildTuple(Int32)
    /// Pops `count` keys and values (a key, then its value) and pushes a new dict of them.
    case buildDict(Int32)
    /// Pops a list or tuple of exactly `count` items and pushes them, the last on top
    /// (`a, b = pair`); another length is a `ValueError`.
    case unpack(Int32)
    /// Pops the holes of `formats[index]` and pushes the text (an f-string).
    case format(Int32)
    /// Pops an end, a start (either may be None) and a list, tuple or text, and pushes the slice
    /// `value[start:end]` (a new list, tuple or text).
    case slice
    /// Pops a number of seconds and pushes it in nanoseconds, as `time.sleep` and timeouts take
    /// it; a negative number is a `ValueError`.
    case seconds
    /// Calls a method of a value: pops `argc` arguments, then the value, and pushes the result
    /// (`t.join()`, `items.append(x)`, `", ".join(names)`). A thread's `join` waits.
    case method(Method, argc: Int32)
    /// Pops a value and pushes one of its attributes (`t.name`, `response.status_code`).
    case attribute(Attribute)
    /// Pushes the running thread (`threading.current_thread()`).
    case currentThread
    /// Pushes what `threading` says of the process's threads: how many are alive
    /// (`active_count()`), a list of them (`enumerate()`), or the main thread (`main_thread()`).
    case threadsAlive(ThreadsQuery)
    /// Pushes the virtual clock in seconds, a float (`time.time()`, `time.monotonic()`).
    case clock
    /// `sys.getswitchinterval()`: pushes the process's GIL switch interval in seconds; with
    /// `set`, `sys.setswitchinterval(s)` first pops the new one (seconds).
    case switchInterval(set: Bool)
    /// `requests.get(url)`: pops the URL, pushes the response and waits the host's round trip
    /// for it, without the GIL.
    case request
    /// `socket.socket()`: pushes a new socket, not connected, whose peer echoes what it is sent
    /// (its methods are ``Method/connect`` to ``Method/close``).
    case socket
    /// Raises the exception named by constant `name`, with the popped value's text as its
    /// message; nothing catches it yet, so the thread ends.
    case raise(name: Int32)
    /// `try:`: an exception raised from here until the matching ``tryEnd`` (in this call or one
    /// it makes) unwinds to `handler`, with the exception pushed.
    case tryBegin(handler: Int32)
    /// The end of a `try` block: its handler no longer applies.
    case tryEnd
    /// Pops an exception and pushes whether it is an `exception` (the constant naming it) or one
    /// of its kinds: `except queue.Empty:`.
    case exceptionMatches(Int32)
    /// Pops an exception and raises it again (a bare `raise`, or no `except` clause caught it).
    case reraise
    /// Pushes a number drawn from the run's seeded generator (`random.random()`, `randint`).
    case random(RandomDraw)
    /// Pops a list, tuple or text and pushes what a built-in makes of its items (`sum(xs)`, `sorted(xs)`).
    case collect(Collection)

    // Objects made as the program runs, and instances of its classes (Python).
    /// Makes a synchronization object and pushes it: pops what it is made with, when its class
    /// takes something (a Condition's lock or None, a Semaphore's value, a Barrier's parties, a
    /// Queue's maxsize), and then, when `owned`, the value whose attribute it is about to become
    /// (`self.lock = Lock()`), whose name comes before its own. `name` is a text constant.
    case make(MadeClass, name: Int32, owned: Bool)
    /// Pushes a new instance of `classes[class]`, named by text constant `name` (-1: `Class-N`),
    /// with no attributes yet (the compiler calls its `__init__` next).
    case instantiate(class: Int32, name: Int32)
    /// Pops a value and pushes its attribute named by text constant `name`: an instance's
    /// attribute (a visible read of its shared variable), else its class's method bound to it,
    /// else a built-in value's attribute (`t.name`); an `AttributeError` when there is none.
    case loadAttribute(Int32)
    /// Pops a value and then an instance, and sets the instance's attribute named by text constant
    /// `name` to the value: a visible write of the attribute's shared variable (the first makes it).
    case storeAttribute(Int32)
    /// Calls the method named by text constant `name`: pops `argc` arguments, then the value. An
    /// instance's class method gets the instance as its first argument; a built-in value's method
    /// (``Method``) is called as ``method(_:argc:)`` calls it.
    case callMethod(name: Int32, argc: Int32)
    /// Pops a value and pushes whether it is an instance of one of the program's classes (a
    /// method call chooses between the class's method and a built-in value's of the same name).
    case isInstance
    /// `Thread.__init__` of an instance of a `threading.Thread` subclass: pops the instance and
    /// makes its thread (not started), which runs the class's `run` method with the instance;
    /// `starts[index]` gives its name and daemon flag (its function is not used).
    case attachThread(Int32)

    // Shared variables: a read and a write are separate, visible steps.
    case loadShared(Int32)
    case storeShared(Int32)

    // Control flow. A jump to an earlier or the same address is a loop back-edge: a GIL check point.
    case jump(Int32)
    case jumpIfFalse(Int32)
    /// Calls a scenario function: pops its arguments; a GIL check point.
    case call(Int32)
    /// Pops `argc` arguments and the value under them, and calls it: a `lambda` (with what it
    /// captured and its defaults) or a method bound to its instance; a GIL check point.
    case callValue(argc: Int32)
    /// Pops the values of the defaults, then the captured values, and pushes a `lambda` of `function`.
    case makeClosure(function: Int32, captured: Int32, defaults: Int32)
    /// Pops a value and pushes a new shared variable (`.object(.variable, v)`) holding it, named
    /// by text constant `name`: a local of a function that a `lambda` uses, which both read and
    /// write through it (Python's cell), so that each sees the other's writes.
    case makeCell(name: Int32)
    /// Pops a cell and pushes its value; pops a cell, then a value, and writes the value into it.
    /// Reads and writes of shared memory, as ``loadShared(_:)`` and ``storeShared(_:)`` are.
    case loadCell, storeCell
    /// Returns the top of the stack to the caller; returning from a thread's first function ends the thread.
    case ret

    // Time.
    /// CPU-bound work: pops a duration; preemptible, holds the GIL.
    case compute
    /// `time.sleep`: pops a duration; releases the GIL.
    case sleep
    /// Blocking I/O: pops a duration; releases the GIL.
    case io

    // Threads and processes.
    /// Creates a thread from `starts[index]` (popping its name's values, then its arguments) and
    /// pushes its handle; does not start it.
    case create(Int32)
    /// Pops a handle and starts that thread.
    case start
    /// Pops a handle (after the timeout, if any) and waits for that thread to finish; pushes nothing.
    case join(WaitMode)
    /// Pops a handle and pushes 1 if that thread has started and not finished (`is_alive()`).
    case isAlive

    // Lock and RLock.
    case acquire(ObjectIndex, WaitMode)
    case release(ObjectIndex)

    // The library's objects: Event, Condition, Semaphore, Barrier, Queue.
    /// Runs `method` of library object `index` of `kind` (declared by the program, or made as it
    /// ran), as the kind's ``Primitive`` does it: `flag` `set`, `clear`, `isSet` (pushes whether it
    /// is set) and `wait`; `condition` `wait`, `notify` (pops n, wakes the first n waiters) and
    /// `notifyAll`; `semaphore` `acquire` and `release` (pops n); `barrier` `wait` (pushes the
    /// arrival index 0 ..< parties, or -1 when the barrier is broken) and `abort`; `queue` `put`
    /// (pops the item, after the timeout) and `get` (pushes the item).
    case operate(ObjectKind, Method, ObjectIndex, WaitMode)

    // concurrent.futures: a pool's work and its futures. Future handles are values (popped).
    /// Pops the function's arguments, queues the call as work for `pool` (making a worker thread
    /// if none is idle and there are fewer than its maximum) and pushes the new future.
    case poolSubmit(ObjectIndex, function: Int32)
    /// A worker waits for work: pushes 1 when it took some (``poolRun`` runs it), 0 when the pool
    /// shut down with no work left.
    case poolTake(ObjectIndex)
    /// Calls the function of the work taken, with its arguments (a GIL check point, like a call).
    case poolRun(ObjectIndex)
    /// Pops what the work's function returned: its future is done with that value.
    case poolDone(ObjectIndex)
    /// Pops the exception the work's function raised: its future is done with it, and `result()`
    /// raises it (a Python program's pool).
    case poolFailed(ObjectIndex)
    /// `pool.shutdown()`: no more work; idle workers end.
    case poolShutdown(ObjectIndex)
    /// Pushes a new list of the pool's worker threads (to join them).
    case poolWorkers(ObjectIndex)
    /// `future.result()`: pops a future (after the timeout, if any); waits until it is done and
    /// pushes its value (then the success flag, for a timed wait).
    case futureResult(WaitMode)
    /// `future.done()`: pops a future, pushes 1 if it is done.
    case futureDone
    /// `as_completed`: pops a list of futures, waits until one of them is done, takes it out of
    /// the list and pushes it.
    case futureWaitAny

    // Output and checks.
    /// Pops the format's holes (last hole on top) and prints the line.
    case print(Int32)
    /// Pops a truth value and records whether `expectations[index]` held.
    case expect(Int32)

    /// Whether other threads can observe this instruction's effect (so its order against
    /// other threads' visible instructions matters). Everything else touches only the thread.
    @inlinable
    public var isVisible: Bool {
        switch self {
        case .push, .load, .store, .pop, .dup, .binary, .unary, .loadThreadLocal, .storeThreadLocal,
             .listNew, .listAppend, .listGet, .listSet, .listLength,
             .buildList, .buildTuple, .buildDict, .unpack, .slice, .tryBegin, .make, .instantiate, .isInstance, .tryEnd, .exceptionMatches, .format, .seconds, .attribute, .currentThread, .threadsAlive, .clock, .random, .collect, .socket, .makeClosure, .makeCell,
             .jump, .jumpIfFalse, .call, .callValue, .ret, .compute, .poolRun:
            return false
        default:
            return true
        }
    }
}

/// What ``Instruction/make(_:name:owned:)`` makes: a kind of object, and which of its classes
/// (`threading.Lock` or `RLock`; for a library object, the index of the class among those its
/// ``Primitive`` declares, so `queue.LifoQueue` is the queue's second).
public struct MadeClass: Sendable, Hashable {
    public var kind: ObjectKind
    public var variant: UInt8

    public init(_ kind: ObjectKind, variant: UInt8 = 0) {
        self.kind = kind
        self.variant = variant
    }

    public static let lock = MadeClass(.lock), rlock = MadeClass(.lock, variant: 1)
}

/// How a waiting instruction waits.
public enum WaitMode: UInt8, Sendable, Hashable {
    /// Waits as long as it takes.
    case blocking
    /// Does not wait: succeeds at once or fails (`acquire(blocking=False)`).
    case nonBlocking
    /// Pops a timeout in nanoseconds and waits at most that long.
    case timeout
}

/// Binary operators of the IR, with Python's semantics (`divide` is floor division, `//`).
public enum BinaryOperator: UInt8, Sendable, Hashable, CaseIterable {
    case add, subtract, multiply, divide, modulo
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    /// Python's `and` and `or` on two evaluated values: the value that decides.
    case and, or
    /// `a + b` held at the 64-bit limits instead of overflowing: a counted loop's next value, which
    /// past the limit only has to end the loop.
    case addClamped
    /// `/`: always a float.
    case trueDivide
    /// `**`.
    case power
    /// Python's `is`: the same value, or the same object.
    case identical
    /// Python's `in` with its operands swapped: whether the left (a list, tuple or text) holds the right.
    case contains
    /// `round(x, ndigits)` (ndigits None: an int), halves to even as Python rounds them.
    case round

    /// How Python writes it.
    public var symbol: String {
        switch self {
        case .add, .addClamped: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "//"
        case .modulo: return "%"
        case .equal: return "=="
        case .notEqual: return "!="
        case .less: return "<"
        case .lessOrEqual: return "<="
        case .greater: return ">"
        case .greaterOrEqual: return ">="
        case .and: return "and"
        case .or: return "or"
        case .trueDivide: return "/"
        case .power: return "**"
        case .identical: return "is"
        case .contains: return "in"
        case .round: return "round"
        }
    }
}

/// Unary operators and conversions of the IR.
public enum UnaryOperator: UInt8, Sendable, Hashable {
    case negate, not
    /// `str(x)`, `repr(x)`, `int(x)`, `float(x)`, `abs(x)`, `bool(x)`.
    case str, repr, int, float, abs, bool
}

/// A method of a built-in value that ``Instruction/method(_:argc:)`` calls, by its Python name.
public enum Method: String, Sendable, Hashable, CaseIterable {
    // Threads.
    case start, join
    case isAlive = "is_alive"
    /// `threading.Timer.cancel()`.
    case cancel
    // Lists (and tuples, for `index` and `count`).
    case append, pop, extend, insert, remove, index, count, clear, reverse, sort
    // Text.
    case split, strip, upper, lower, startswith, endswith, replace, format
    case lstrip, rstrip, title, capitalize, zfill, ljust, rjust, center
    // Dicts.
    case get, items, keys, values, setdefault, update, copy
    // Sets (and `remove`, `clear`, `copy`, `update`, `pop` as above).
    case add, discard, union, intersection, difference, issubset, issuperset
    // Synchronization objects held as values (`def worker(lock): lock.acquire()`). `getWaiting`
    // and `putWaiting` are a queue's `get` and `put` with `block=` and `timeout=` given (the
    // compiler puts them in that order), which push a success flag after the item.
    case acquire, release, locked, set, wait, notify
    case isSet = "is_set"
    case notifyAll = "notify_all"
    case put, qsize, empty, full
    /// `barrier.abort()`.
    case abort
    case taskDone = "task_done"
    case getWaiting = "get(block, timeout)"
    case putWaiting = "put(item, block, timeout)"
    // Futures (`get` and `ready` are a multiprocessing AsyncResult's).
    case result, done, ready
    /// `with value:` entering and leaving.
    case enter = "__enter__"
    case exit = "__exit__"
    // Responses.
    case raiseForStatus = "raise_for_status"
    case json
    // Sockets (connect and recv wait for the network, without the GIL), and bytes.
    case connect, send, sendall, recv, close, settimeout
    case encode, decode
}

/// An attribute of a built-in value that ``Instruction/attribute(_:)`` reads, by its Python name.
public enum Attribute: String, Sendable, Hashable, CaseIterable {
    case name, ident, daemon
    case nativeID = "native_id"
    case statusCode = "status_code"
    case text, status, url
}

/// A built-in that ``Instruction/collect(_:)`` applies to the items of a list, tuple or text.
public enum Collection: String, Sendable, Hashable, CaseIterable {
    case sum, min, max, sorted, list, tuple, any, all
    /// `set(items)`: the items, each once, in the order they come.
    case set
    /// `zip(a, b, ...)`: the items are the iterables; a list of tuples, as long as the shortest.
    case zip
    /// What a `for` loop goes over: a list, tuple or text itself; a dict's keys (a new list).
    case iterate
}

/// What ``Instruction/threadsAlive(_:)`` asks.
public enum ThreadsQuery: UInt8, Sendable, Hashable {
    case count, list, main
    /// `multiprocessing.current_process().name`: `MainProcess`, or the name the process was started with.
    case process
}

/// What ``Instruction/random(_:)`` draws.
public enum RandomDraw: UInt8, Sendable, Hashable {
    /// `random.random()`: a float in [0, 1).
    case unit
    /// `random.randint(a, b)`: pops b, then a; an int in [a, b].
    case integer
    /// `random.uniform(a, b)`: pops b, then a; a float in [a, b].
    case uniform
    /// `random.choice(items)`: pops a list or tuple; one of its items.
    case choice
}
