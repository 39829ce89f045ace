/// Where the GIL holder checks for a drop request (CPython's eval breaker).
extension Machine {
    /// Whether the instruction at `pc` is a place where the GIL holder checks for a drop
    /// request, before it runs.
    ///
    /// CPython 3.11 (`Python/ceval.c`) checks at a function's entry (`RESUME`, after the call's
    /// own work), on a loop's back-edge (`JUMP_BACKWARD`) and right after most calls of C code
    /// return (`CALL` and its specialisations, but not `len`, `isinstance`, `type` or
    /// `list.append`, nor `__enter__` of a `with`); not on a function's return. A method of a
    /// `threading` or `queue` object is Python code, checked on entering it. The legacy policy
    /// (CPython 3.9 and before) checks between any two instructions.
    @inline(__always)
    func isCheckPoint(_ instruction: Instruction, at pc: Int32) -> Bool {
        switch config.policy.gil {
        case .none: return false
        case .legacy: return true
        case .modern:
            switch instruction {
            case .poolRun, .operate: return true
            case .jump(let target) where target <= pc, .jumpIfFalse(let target) where target <= pc: return true
            default: return checksBefore(pc)
            }
        }
    }

    /// Whether CPython checks before the instruction at `pc` whatever it is: it begins a
    /// function, or follows a call of C code after which CPython checks. Asked only while a
    /// drop is requested, so a search of the functions is cheap enough.
    func checksBefore(_ pc: Int32) -> Bool {
        (pc > 0 && program.code[Int(pc) - 1].checksAfterReturning) || program.functions.contains { $0.entry == pc }
    }
}

extension Instruction {
    /// Whether CPython 3.11 checks its eval breaker right after the C code this instruction
    /// stands for returns: a builtin (`abs`, `str`, `print`, `time.perf_counter`), a method of a
    /// built-in value other than `list.append` and `__enter__`, a lock's release (a `with`
    /// block's `__exit__` too). The `acquire` instruction is a `with` block's `__enter__` as often
    /// as a call of a module lock's `acquire()`, and counts as the former; `acquire()` called on
    /// a lock held as a value is a method call, checked after as in CPython.
    var checksAfterReturning: Bool {
        switch self {
        case .unary(let op):
            switch op {
            case .negate, .not: return false
            case .str, .repr, .int, .float, .abs, .bool: return true
            }
        case .method(let method, _): return method != .append && method != .enter
        case .release, .print, .clock: return true
        default: return false
        }
    }
}
