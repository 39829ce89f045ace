/// `threading.Barrier` at run time: threads wait until `parties` of them have arrived, then all
/// go on; a wait that times out breaks it for everyone.
struct BarrierState: Primitive {
    var parties: Int32
    var arrived: Int32 = 0
    var broken = false
    var waiters: [ThreadID] = []

    init(spec: ObjectSpec, config: MachineConfig) {
        guard case .barrier(let parties) = spec else { preconditionFailure("a barrier made from \(spec)") }
        self.parties = max(1, parties)
    }

    static let python = [
        PythonClass("Barrier", in: ["threading", "multiprocessing"],
                    parameter: PythonParameter("parties", .number(fallback: nil, range: 1...1_000_000)),
                    unsupported: "a Barrier's action= and timeout= are not supported yet",
                    methods: [
                        PythonMethod("wait", code: .operate(.wait, .blocking, then: .raiseOnMinusOne("BrokenBarrierError"))),
                        PythonMethod("abort", code: .operate(.abort, .blocking, then: .returnsNone)),
                    ], attributes: ["parties", "n_waiting", "broken"],
                    exceptions: ["BrokenBarrierError": "RuntimeError"], declared: { .barrier(parties: Int32($0 ?? 1)) }),
    ]


    /// `wait`: pushes the arrival index (0 ..< parties), or -1 when the barrier is broken;
    /// `abort`: breaks it (those waiting, and those who wait later, get -1).
    static func operate(_ method: Method, _ index: Int, mode: WaitMode, timeout: Int64, thread t: Int, core c: Int,
                        pc: Int32, in m: inout Machine) {
        switch method {
        case .wait: m.barrierWait(t, core: c, barrier: index, mode: mode, timeout: timeout)
        case .abort:
            m.threads[t].pc = pc + 1
            m.breakBarrier(index, by: ThreadID(t))
        default: m.malformed(t, pc)
        }
    }

    static func call(_ method: Method, _ index: Int, _ call: ObjectCall, in m: inout Machine) -> Bool {
        switch method {
        case .wait:
            if let mode = call.mode(blocking: nil, timeout: call.argument(0), in: &m) { call.operate(.wait, mode, in: &m) }
        case .abort where call.arguments.isEmpty:
            call.operate(.abort, in: &m)
            call.returns(.none, in: &m)
        default:
            return false
        }
        return true
    }

    /// `parties`, `n_waiting` (how many wait now) and `broken`.
    static func attribute(_ name: String, _ index: Int, in m: Machine) -> Value? {
        let barrier = m.library.barriers[index]
        switch name {
        case "parties": return .int(Int64(barrier.parties))
        case "n_waiting": return .int(Int64(barrier.waiters.count))
        case "broken": return .bool(barrier.broken)
        default: return nil
        }
    }

    static func timeOut(_ index: Int, _ target: WaitTarget, thread id: ThreadID, in m: inout Machine) {
        m.breakBarrier(index, by: id)
    }
}

extension Machine {
    mutating func barrierWait(_ t: Int, core c: Int, barrier b: Int, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        if library.barriers[b].broken {
            emit(.barrierBroken(ObjectIndex(b)), by: id)
            threads[t].stack.append(-1)
            return
        }
        let index = library.barriers[b].arrived
        library.barriers[b].arrived += 1
        emit(.barrierArrived(ObjectIndex(b), arrived: library.barriers[b].arrived), by: id)
        if library.barriers[b].arrived >= library.barriers[b].parties {
            emit(.barrierPassed(ObjectIndex(b)), by: id)
            let waiters = library.barriers[b].waiters
            library.barriers[b].waiters = []
            library.barriers[b].arrived = 0
            for waiter in waiters {
                endWait(waiter, reason: .barrier, by: id)
                threads[Int(waiter)].stack.append(threads[Int(waiter)].waitValue)
                becomeRunnable(waiter)
            }
            threads[t].stack.append(.int(Int64(index)))
            return
        }
        threads[t].waitValue = .int(Int64(index))
        library.barriers[b].waiters.append(id)
        if givesUpAtOnce(mode, timeout) {
            breakBarrier(b, by: id)
            return
        }
        block(t, core: c, on: .barrier(ObjectIndex(b)), holder: -1, deadline: deadline(mode, timeout))
    }

    /// A wait timed out (or gave up): the barrier breaks for every waiting thread, which gets -1.
    mutating func breakBarrier(_ b: Int, by breaker: ThreadID) {
        library.barriers[b].broken = true
        emit(.barrierBroken(ObjectIndex(b)), by: breaker)
        let waiters = library.barriers[b].waiters
        library.barriers[b].waiters = []
        library.barriers[b].arrived = 0
        for waiter in waiters {
            if case .blocked = threads[Int(waiter)].status {
                endWait(waiter, reason: waiter == breaker ? .timeout : .barrier, by: breaker)
                threads[Int(waiter)].stack.append(-1)
                becomeRunnable(waiter)
            } else {
                threads[Int(waiter)].stack.append(-1)
            }
        }
    }
}
