/// What the code an IR instruction stands for costs in CPython 3.11, in nanoseconds of virtual
/// time: the table a compiled Python program's instructions are charged from.
///
/// Measured on this project's 2-core development machine with CPython 3.11.7 by
/// `python3 Benchmarks/calibrate-cpython.py` (medians of 7 runs of 1,000,000 loop iterations of
/// each kind of code; docs/CALIBRATION.md keeps the run), then the plain-code rows set to the
/// middle of three runs of `Benchmarks/fidelity.py` (its `code_costs.py`, five CPython runs each,
/// on 3 and 4 December): the machine reads these rows 10 to 20% apart from one run to another.
/// Each row's body is its loop's cost less the empty loop's, shared out over the instructions
/// the Python compiler emits for it:
///
/// | code                          | ns an iteration (calibration; fidelity medians) | body | instructions (this table's costs) |
/// |-------------------------------|-----------------|------|-----------------------------------|
/// | `for _ in range(n): pass`     | 12.8; 11.2–11.9 |  -   | bookkeeping, `jumpIfFalse` (FOR_ITER 7), `store` 2, `jump` back 3 |
/// | `x = x + 1`                   | 28.8; 24.2–25.9 | 14   | `load` 2, `push` 2, `binary` 8, `store` 2 |
/// | `counter += 1` (a global)     | 40.6; 37.5–40.9 | 26   | `loadShared` 5, `push` 2, `binary` 8, `storeShared` 11 |
/// | `box.v += 1`                  | 34.4; 30.8–34.2 | 20   | `load` 2, `loadAttribute` 4, `push` 2, `binary` 8, `storeAttribute` 4 |
/// | `f()`, an empty function      | 32.0; 31.2–31.7 | 19   | `call` 12, `push` 2, `ret` 4, `pop` 1 |
/// | `abs(x)`, a C function        | 25.4; 21.4–21.7 | 11   | `load` 2, `unary(.abs)` 8, `pop` 1 |
/// | `items.append(1)`, a C method | 21.3; 23.4–24.4 | 11   | `load` 2, `push` 2, `method(.append)` 6, `pop` 1 |
/// | `with lock: pass`             | 163.0 | 150  | `__enter__` 74, `pop` 1, `__exit__` 74, `pop` 1 |
/// | `event.set(); event.clear()`  | 848.3 | 836  | `set` 415, `clear` 415, 2 `pop`s and loads |
/// | `event.wait()`, set           | 324.3 | 312  | `wait` 305 |
/// | `sem.acquire(); sem.release()`| 1108.4| 1096 | `acquire` 545, `release` 545 |
/// | `q.put(1); q.get()`           | 1285.3| 1273 | `put` 630, `get` 630 |
/// | `with condition: notify()`    | 420.4 | 408  | the lock's 74 and 74, `notify` 255 |
///
/// Bookkeeping (instructions no bytecode stands for) costs nothing. An instruction no row
/// measures costs ``uncalibrated``, the cost every instruction had before the table, and a method
/// of `threading` or `queue` no row measures costs ``libraryMethod``, as the measured ones do.
/// The machine drifts: one run reads every row about 1.6 times another, so the table is set from
/// one run's medians and `Benchmarks/fidelity.py` holds the result against CPython run beside it.
public enum CPythonCosts {
    /// An instruction the compiler adds that no bytecode stands for: a hidden loop counter's
    /// load and store, a `with` block's bookkeeping, a temporary of `box.v += 1`.
    public static let bookkeeping: UInt32 = 0
    /// `FOR_ITER` over a range or a list, charged on the loop's test (the rest is bookkeeping).
    public static let forIter: UInt32 = 7
    /// An instruction the calibration has no row for.
    public static let uncalibrated: UInt32 = 30
    /// A method of `threading` or `queue` (written in Python there) that no row measures.
    public static let libraryMethod: UInt32 = 500

    static let loadFast: UInt32 = 2, loadConst: UInt32 = 2, storeFast: UInt32 = 2
    static let popTop: UInt32 = 1, copy: UInt32 = 1
    static let binaryOp: UInt32 = 8, unaryOp: UInt32 = 2
    static let loadGlobal: UInt32 = 5, storeGlobal: UInt32 = 11
    static let loadAttribute: UInt32 = 4, storeAttribute: UInt32 = 4
    /// `LOAD_GLOBAL`, `PRECALL` and `CALL` of a Python function, and its `RESUME`.
    static let callPython: UInt32 = 12
    static let returnValue: UInt32 = 4
    /// A call of a C function (`abs(x)`, `str(x)`); `list.append`, which CPython specialises.
    static let callC: UInt32 = 8, listAppend: UInt32 = 6
    /// `lock.acquire()` or a `with` block's `__enter__`, `lock.release()` or `__exit__`, uncontended.
    static let lockAcquire: UInt32 = 74, lockRelease: UInt32 = 74
    static let jumpForward: UInt32 = 1, jumpBackward: UInt32 = 3, popJump: UInt32 = 2
    static let eventSet: UInt32 = 415, eventWait: UInt32 = 305
    static let semaphoreAcquire: UInt32 = 545, semaphoreRelease: UInt32 = 545
    static let queuePut: UInt32 = 630, queueGet: UInt32 = 630
    static let conditionNotify: UInt32 = 255

    /// The cost of `instruction` at address `pc` (a jump to an earlier address is a loop's back-edge).
    public static func cost(of instruction: Instruction, at pc: Int32) -> UInt32 {
        switch instruction {
        case .load: return loadFast
        case .push: return loadConst
        case .store: return storeFast
        case .pop: return popTop
        case .dup: return copy
        case .binary: return binaryOp
        case .unary(let op):
            switch op {
            case .negate, .not: return unaryOp
            case .str, .repr, .int, .float, .abs, .bool: return callC
            }
        case .loadShared, .loadCell, .loadThreadLocal: return loadGlobal
        case .storeShared, .storeCell, .storeThreadLocal: return storeGlobal
        case .loadAttribute: return loadAttribute
        case .storeAttribute: return storeAttribute
        case .call, .callValue, .callMethod: return callPython
        case .ret: return returnValue
        case .method(let method, _):
            switch method {
            case .enter, .acquire: return lockAcquire
            case .exit, .release: return lockRelease
            case .append: return listAppend
            // Only a library object has these (`get` and `clear` are a dict's and a list's too: C).
            case .set, .wait, .put, .putWaiting, .getWaiting, .notify, .notifyAll: return cost(of: method)
            default: return callC
            }
        case .operate(_, let method, _, _): return cost(of: method)
        case .acquire: return lockAcquire
        case .release: return lockRelease
        case .jump(let target): return target <= pc ? jumpBackward : jumpForward
        case .jumpIfFalse: return popJump
        case .tryBegin, .tryEnd: return bookkeeping
        default: return uncalibrated
        }
    }

    /// A method of a `threading` or `queue` object.
    static func cost(of method: Method) -> UInt32 {
        switch method {
        case .set, .clear: return eventSet
        case .wait: return eventWait
        case .acquire: return semaphoreAcquire
        case .release: return semaphoreRelease
        case .put, .putWaiting: return queuePut
        case .get, .getWaiting: return queueGet
        case .notify, .notifyAll: return conditionNotify
        default: return libraryMethod
        }
    }
}
