/// `threading.Event` at run time (called a flag in the engine: an "event" is the stream's): set
/// wakes every thread waiting for it, and waits return at once until it is cleared.
struct FlagState: Primitive {
    var isSet = false
    var waiters: [ThreadID] = []

    init(spec: ObjectSpec, config: MachineConfig) {}

    static let python = [
        PythonClass("Event", in: ["threading", "multiprocessing"], methods: [
            PythonMethod("set", code: .operate(.set, .blocking, then: .returnsNone)),
            PythonMethod("clear", code: .operate(.clear, .blocking, then: .returnsNone)),
            PythonMethod("is_set", "isSet", code: .operate(.isSet, .blocking)),
            PythonMethod("wait", code: .operate(.wait, .blocking, then: .returnsTrue)),
        ], declared: { _ in .flag }),
    ]

    static func reads(_ method: Method) -> Bool { method == .isSet }

    /// `set`, `clear`, `isSet` (pushes whether it is set) and `wait`.
    static func operate(_ method: Method, _ index: Int, mode: WaitMode, timeout: Int64, thread t: Int, core c: Int,
                        pc: Int32, in m: inout Machine) {
        switch method {
        case .set: m.flagSet(t, flag: index)
        case .clear:
            m.library.flags[index].isSet = false
            m.emit(.flagCleared(ObjectIndex(index)), by: ThreadID(t))
            m.threads[t].pc = pc + 1
        case .isSet:
            m.threads[t].stack.append(.bool(m.library.flags[index].isSet))
            m.threads[t].pc = pc + 1
        case .wait: m.flagWait(t, core: c, flag: index, mode: mode, timeout: timeout)
        default: m.malformed(t, pc)
        }
    }

    static func call(_ method: Method, _ index: Int, _ call: ObjectCall, in m: inout Machine) -> Bool {
        switch method {
        case .wait:
            guard let mode = call.mode(blocking: nil, timeout: call.argument(0), in: &m) else { return true }
            call.operate(.wait, mode, in: &m)
            if mode == .blocking { call.returns(.bool(true), in: &m) }
        case .set, .clear:
            call.operate(method, in: &m)
            call.returns(.none, in: &m)
        case .isSet:
            call.operate(.isSet, in: &m)
        default:
            return false
        }
        return true
    }

    static func timeOut(_ index: Int, _ target: WaitTarget, thread id: ThreadID, in m: inout Machine) {
        m.library.flags[index].waiters.removeAll { $0 == id }
        m.gaveUp(id, .flagWaitDone(ObjectIndex(index), result: false))
    }
}

extension Machine {
    mutating func flagSet(_ t: Int, flag e: Int) {
        let id = ThreadID(t)
        threads[t].pc += 1
        library.flags[e].isSet = true
        let waiters = library.flags[e].waiters
        library.flags[e].waiters = []
        emit(.flagSet(ObjectIndex(e), woke: Int32(waiters.count)), by: id)
        for waiter in waiters {
            endWait(waiter, reason: .set, by: id)
            emit(.flagWaitDone(ObjectIndex(e), result: true), by: waiter)
            pushResult(Int(waiter), true)
            becomeRunnable(waiter)
        }
    }

    mutating func flagWait(_ t: Int, core c: Int, flag e: Int, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        if library.flags[e].isSet || givesUpAtOnce(mode, timeout) {
            emit(.flagWaitDone(ObjectIndex(e), result: library.flags[e].isSet), by: id)
            pushResult(t, library.flags[e].isSet)
            return
        }
        library.flags[e].waiters.append(id)
        block(t, core: c, on: .flag(ObjectIndex(e)), holder: -1, deadline: deadline(mode, timeout))
    }
}
