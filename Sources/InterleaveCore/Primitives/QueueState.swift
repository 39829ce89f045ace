import DequeModule

/// `queue.Queue`, `LifoQueue` and `PriorityQueue` (and multiprocessing's queues) at run time:
/// items put by one thread and got by another, waiting while it is empty (or full, with a
/// maxsize), and the count of items not yet marked done that `join()` waits for.
struct QueueState: Primitive {
    var maxSize: Int32
    var order: QueueOrder = .fifo
    var items: Deque<Value> = []
    /// The process that put each item (a value on its heap is copied for a getter in another process).
    var origins: Deque<ProcessID> = []
    var getters: [ThreadID] = []
    var putters: [ThreadID] = []
    /// Items put and not yet marked done (`task_done()`), and the threads in `join()` until none are left.
    var unfinished: Int64 = 0
    var joiners: [ThreadID] = []
    var lastActor: ThreadID = -1

    var hasRoom: Bool { maxSize <= 0 || items.count < Int(maxSize) }

    /// Its hand-offs: an item for a waiting getter, room for a waiting putter.
    static let getter: UInt8 = 0, putter: UInt8 = 1

    init(spec: ObjectSpec, config: MachineConfig) {
        guard case .queue(let maxSize, let order) = spec else { preconditionFailure("a queue made from \(spec)") }
        (self.maxSize, self.order) = (maxSize, order)
    }

    /// Its class's name: ``python`` lists them in the order of their orders (FIFO, LIFO, priority).
    var typeName: String { Self.python[order == .lifo ? 1 : order == .priority ? 2 : 0].name }

    static let python = [
        ("Queue", QueueOrder.fifo, ["queue.Queue", "queue.SimpleQueue", "multiprocessing.Queue",
                                    "multiprocessing.JoinableQueue", "multiprocessing.SimpleQueue"]),
        ("LifoQueue", .lifo, ["queue.LifoQueue"]),
        ("PriorityQueue", .priority, ["queue.PriorityQueue"]),
    ].map { name, order, names in
        // Any maxsize of 0 or less is no bound.
        PythonClass(name, names: names,
                    parameter: PythonParameter("maxsize", .number(fallback: 0, range: -1_000_000_000...1_000_000_000)), methods: [
                        PythonMethod("put", code: .needs("the item to put")),
                        PythonMethod("get", code: .operate(.get, .blocking)),
                        PythonMethod("put_nowait", code: .needs("the item to put")),
                        PythonMethod("get_nowait", code: .operate(.get, .nonBlocking, then: .raiseUnlessTrue("Empty"))),
                        PythonMethod("qsize", code: .value), PythonMethod("empty", code: .value),
                        PythonMethod("full", code: .value), PythonMethod("task_done", code: .value),
                        PythonMethod("join", code: .value),
                    ], exceptions: ["Empty": "Exception", "Full": "Exception"], declared: { .queue(maxSize: Int32(max(0, $0 ?? 0)), order: order) })
    }


    /// `put` (pops the item) and `get` (pushes it). A waiting one pushes its success after.
    static func operate(_ method: Method, _ index: Int, mode: WaitMode, timeout: Int64, thread t: Int, core c: Int,
                        pc: Int32, in m: inout Machine) {
        switch method {
        case .put: m.queuePut(t, core: c, queue: index, value: m.pop(t), mode: mode, timeout: timeout)
        case .get: m.queueGet(t, core: c, queue: index, mode: mode, timeout: timeout)
        default: m.malformed(t, pc)
        }
    }

    static func call(_ method: Method, _ index: Int, _ call: ObjectCall, in m: inout Machine) -> Bool {
        let arguments = call.arguments
        switch method {
        case .put where arguments.count == 1:
            call.push(arguments[0], in: &m)
            call.operate(.put, in: &m)
            call.returns(.none, in: &m)
        case .putWaiting where arguments.count == 3:
            call.push(arguments[0], in: &m)
            guard let mode = call.mode(blocking: arguments[1], timeout: arguments[2], in: &m) else { return true }
            call.operate(.put, mode, in: &m)
            // The compiled code after it takes a success flag (and raises Full without one).
            if mode == .blocking { call.push(.bool(true), in: &m) }
        case .get where arguments.isEmpty:
            call.operate(.get, in: &m)
        case .getWaiting where arguments.count == 2:
            guard var mode = call.mode(blocking: arguments[0], timeout: arguments[1], in: &m) else { return true }
            if mode == .blocking {
                // A timed wait that never times out, so the success flag comes after the item.
                call.push(.int(.max), in: &m)
                mode = .timeout
            }
            call.operate(.get, mode, in: &m)
        case .qsize, .empty, .full:
            let queue = m.library.queues[index]
            call.push(method == .qsize ? .int(Int64(queue.items.count))
                : method == .empty ? .bool(queue.items.isEmpty) : .bool(!queue.hasRoom), in: &m)
            m.threads[call.thread].pc = call.pc + 1
        case .taskDone where arguments.isEmpty:
            m.threads[call.thread].pc = call.pc
            m.queueTaskDone(call.thread, queue: index)
        case .join where arguments.isEmpty:
            m.threads[call.thread].pc = call.pc
            m.queueJoin(call.thread, core: call.core, queue: index)
        case .get, .put:
            m.raise("TypeError", "Interleave takes a queue's block and timeout as keywords: q.\(method.rawValue)(\(method == .put ? "item, " : "")timeout=1.0)", in: call.thread)
        default:
            return false
        }
        return true
    }

    /// A getter or putter gave up; `join()` has no deadline.
    static func timeOut(_ index: Int, _ target: WaitTarget, thread id: ThreadID, in m: inout Machine) {
        switch target {
        case .queueGet:
            m.library.queues[index].getters.removeAll { $0 == id }
            m.gaveUp(id, .queueFailed(ObjectIndex(index), put: false), pushing: Value.none)
        case .queuePut:
            m.library.queues[index].putters.removeAll { $0 == id }
            m.gaveUp(id, .queueFailed(ObjectIndex(index), put: true))
        default:
            return
        }
    }

    static func handOff(_ index: Int, _ which: UInt8, in m: inout Machine) -> Bool {
        which == getter ? m.handOffToGetter(index) : m.handOffFromPutter(index)
    }
}

extension Machine {
    mutating func queuePut(_ t: Int, core c: Int, queue q: Int, value: Value, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        if library.queues[q].hasRoom {
            enqueue(value, queue: q, by: id)
            pushResult(t, true)
        } else if givesUpAtOnce(mode, timeout) {
            emit(.queueFailed(ObjectIndex(q), put: true), by: id)
            pushResult(t, false)
        } else {
            threads[t].waitValue = value
            library.queues[q].putters.append(id)
            block(t, core: c, on: .queuePut(ObjectIndex(q)), holder: -1, deadline: deadline(mode, timeout))
        }
    }

    mutating func queueGet(_ t: Int, core c: Int, queue q: Int, mode: WaitMode, timeout: Int64) {
        let id = ThreadID(t)
        threads[t].pc += 1
        threads[t].waitPushesResult = mode != .blocking
        if !library.queues[q].items.isEmpty {
            threads[t].stack.append(dequeue(queue: q, by: id))
            pushResult(t, true)
        } else if givesUpAtOnce(mode, timeout) {
            emit(.queueFailed(ObjectIndex(q), put: false), by: id)
            threads[t].stack.append(.none)
            pushResult(t, false)
        } else {
            library.queues[q].getters.append(id)
            block(t, core: c, on: .queueGet(ObjectIndex(q)), holder: -1, deadline: deadline(mode, timeout))
        }
    }

    mutating func enqueue(_ value: Value, queue q: Int, by id: ThreadID) {
        library.queues[q].items.append(value)
        library.queues[q].origins.append(threads[Int(id)].process)
        library.queues[q].unfinished &+= 1
        library.queues[q].lastActor = id
        emit(.queuePut(ObjectIndex(q), value: shown(value, in: Int(threads[Int(id)].process)), size: Int32(library.queues[q].items.count)), by: id)
        if !library.queues[q].getters.isEmpty { handOff(.queue, q, QueueState.getter) }
    }

    /// `queue.task_done()` by thread `t`: when no item is left unfinished, the threads in
    /// `join()` go on. Nil after raising Python's ValueError for one call too many.
    mutating func queueTaskDone(_ t: Int, queue q: Int) {
        let id = ThreadID(t)
        guard library.queues[q].unfinished > 0 else { return raise("ValueError", "task_done() called too many times", in: t) }
        library.queues[q].unfinished -= 1
        emit(.queueTaskDone(ObjectIndex(q), unfinished: library.queues[q].unfinished), by: id)
        threads[t].stack.append(.none)
        threads[t].pc += 1
        guard library.queues[q].unfinished == 0 else { return }
        let joiners = library.queues[q].joiners
        library.queues[q].joiners = []
        for joiner in joiners {
            endWait(joiner, reason: .joined, by: id)
            emit(.queueJoined(ObjectIndex(q)), by: joiner)
            becomeRunnable(joiner)
        }
    }

    /// `queue.join()` by thread `t`: waits until every item put in the queue was marked done.
    mutating func queueJoin(_ t: Int, core c: Int, queue q: Int) {
        threads[t].stack.append(.none)
        threads[t].pc += 1
        if library.queues[q].unfinished == 0 { return emit(.queueJoined(ObjectIndex(q)), by: ThreadID(t)) }
        library.queues[q].joiners.append(ThreadID(t))
        block(t, core: c, on: .queueJoin(ObjectIndex(q)), holder: -1, deadline: noDeadline)
    }

    mutating func dequeue(queue q: Int, by id: ThreadID) -> Value {
        var value: Value
        let origin: ProcessID
        switch library.queues[q].order {
        case .fifo:
            value = library.queues[q].items.removeFirst()
            origin = library.queues[q].origins.removeFirst()
        case .lifo:
            value = library.queues[q].items.removeLast()
            origin = library.queues[q].origins.removeLast()
        case .priority:
            // The smallest item, the first put among equals (items that can't be compared count as equal).
            let p = Int(threads[Int(id)].process)
            var best = library.queues[q].items.startIndex
            for i in library.queues[q].items.indices.dropFirst() where (compare(library.queues[q].items[i], library.queues[q].items[best], in: p) ?? 0) < 0 {
                best = i
            }
            value = library.queues[q].items.remove(at: best)
            origin = library.queues[q].origins.remove(at: best)
        }
        // Between processes an item is pickled: the getter has a copy of its own.
        let process = threads[Int(id)].process
        if origin != process { value = copy(value, from: Int(origin), to: Int(process), madeBy: Int(id)) }
        library.queues[q].lastActor = id
        emit(.queueGot(ObjectIndex(q), value: shown(value, in: Int(threads[Int(id)].process)), size: Int32(library.queues[q].items.count)), by: id)
        if !library.queues[q].putters.isEmpty { handOff(.queue, q, QueueState.putter) }
        return value
    }

    /// An item arrived: a chosen waiting getter takes it.
    mutating func handOffToGetter(_ q: Int) -> Bool {
        guard !library.queues[q].items.isEmpty, !library.queues[q].getters.isEmpty else {
            handoffs.removeFirst()
            return true
        }
        guard let index = pick(.queueGet(ObjectIndex(q)), from: library.queues[q].getters) else { return false }
        handoffs.removeFirst()
        let id = library.queues[q].getters.remove(at: index)
        endWait(id, reason: .granted, by: library.queues[q].lastActor)
        let value = dequeue(queue: q, by: id)
        threads[Int(id)].stack.append(value)
        pushResult(Int(id), true)
        becomeRunnable(id)
        return true
    }

    /// Room was made: a chosen waiting putter puts its item.
    mutating func handOffFromPutter(_ q: Int) -> Bool {
        guard library.queues[q].hasRoom, !library.queues[q].putters.isEmpty else {
            handoffs.removeFirst()
            return true
        }
        guard let index = pick(.queuePut(ObjectIndex(q)), from: library.queues[q].putters) else { return false }
        handoffs.removeFirst()
        let id = library.queues[q].putters.remove(at: index)
        endWait(id, reason: .granted, by: library.queues[q].lastActor)
        enqueue(threads[Int(id)].waitValue, queue: q, by: id)
        pushResult(Int(id), true)
        becomeRunnable(id)
        return true
    }
}
