import InterleaveCore

/// Turns the probe's records into the event stream: the same vocabulary the simulator speaks, so
/// the view, the recorder, the detectors and the summary read a real process as they read a model.
///
/// Threads are numbered in the order they started (the main thread is 0), objects in the order the
/// program made them, as the simulator numbers them. A thread's waits and wake-ups are what the
/// probe saw: a record that ends a wait (a lock acquired, a join returned) wakes the thread first.
/// What is never seen is never claimed: no core, no GIL hand-over; a thread in Python code shows as
/// running (``Event/Kind/resumed``).
public struct ProbeTranslator: Sendable {
    /// The one fold of the stream made so far: who holds what, who waits for what.
    public private(set) var world: World
    public private(set) var eventCount: UInt64 = 0
    /// The time of the latest event, in nanoseconds since the probe said hello.
    public private(set) var now: VirtualTime = 0
    /// The interpreter, from the hello record ("Python 3.11.7").
    public private(set) var interpreter: String?
    /// The program's exit status, once the probe said it ended.
    public private(set) var exitStatus: Int64?
    /// What the user should know that is no event: a process forked and not followed, records that could not be read.
    public private(set) var notes: [String] = []
    /// Records that named a thread or object that does not exist, or came before the hello.
    public private(set) var unreadable = 0
    /// Whether the run's last event (``Event/Kind/finished(_:)``) was made.
    public private(set) var finished = false

    private var origin: Int64?
    /// Each thread's `get_ident()`, for the thread that now has it (an ident is reused once a thread ends).
    private var threadOfIdent: [UInt64: ThreadID] = [:]
    /// The probe's numbers for threads (in the order they started), as Interleave numbers them.
    private var threadOfNumber: [Int64: ThreadID] = [:]
    /// The probe's numbers for objects, kind by kind, as Interleave numbers them: in the order their
    /// records arrive (a thread may take its number and be switched out before it reports it).
    private var objectOfNumber = Array(repeating: [Int64: ObjectIndex](), count: ObjectKind.allCases.count)

    public init(program: Program) {
        world = World(program: program)
    }

    /// The probe's kinds of object, by their number in the protocol.
    static let objectKinds: [ObjectKind] = [.lock, .flag, .condition, .semaphore, .barrier, .queue, .variable]
    /// Each shared variable's value as the stream last showed it (what a write replaces).
    private var values: [ObjectIndex: EventValue] = [:]

    /// Folds one record into the stream; the events it makes are appended to `events`.
    public mutating func apply(_ record: ProbeRecord, into events: inout [Event]) {
        guard !finished else { return }
        if record.kind == .hello {
            hello(record, into: &events)
            return
        }
        guard let origin else {
            unreadable += 1
            return
        }
        now = max(now, VirtualTime(clamping: max(0, record.time &- origin)))
        let line = Int32(clamping: record.line)
        switch record.kind {
        case .note:
            notes.append(record.text)
            return
        case .choice, .stuck:
            // The schedule's questions: the source answers them (``ObservedSource``).
            return
        case .uncontrolled:
            if exitStatus == nil { emit(.uncontrolled(record.text), by: Event.machine, line: 0, into: &events) }
            return
        default:
            break
        }
        if record.kind == .threadBegin {
            guard let thread = threadOfNumber[record.a] else { return skip() }
            threadOfIdent[record.ident] = thread
            emit(.resumed, by: thread, line: line, into: &events)
            return
        }
        // After the program's end (and from a thread whose code is done: the interpreter's exit,
        // run by the main thread) nothing more is the program's own, but what an exit hook prints.
        guard exitStatus == nil else { return }
        if record.kind == .end {
            exitStatus = record.a
            return
        }
        if let known = threadOfIdent[record.ident], world.thread(known)?.activity == .finished, record.kind != .printed { return }
        let actor = thread(of: record.ident, into: &events)
        if let reason = Self.wakeReason(record) { wake(actor, reason: reason, by: wakerOf(record), into: &events) }
        switch record.kind {
        case .hello, .note, .threadBegin:
            break
        case .threadNew:
            let child = ThreadID(world.threads.count)
            threadOfNumber[record.a] = child
            emit(.threadCreated(child: child, name: record.text, process: 0, daemon: record.b != 0), by: actor, line: line, into: &events)
            emit(.threadStarted(child: child), by: actor, line: line, into: &events)
        case .threadEnd:
            guard let thread = threadOfNumber[record.a], world.thread(thread)?.activity.isAlive == true else { return skip() }
            emit(.threadFinished, by: thread, line: line, into: &events)
            // Python gives a finished thread's ident to the next one; the main thread's code may
            // end while the main thread still reports (its exit hooks).
            if thread != 0 && threadOfIdent[record.ident] == thread { threadOfIdent[record.ident] = nil }
        case .exception:
            let parts = record.text.split(separator: "\0", maxSplits: 1, omittingEmptySubsequences: false)
            let message = parts.count > 1 ? String(parts[1]) : ""
            emit(.error(.uncaught(exception: String(parts[0]), message: message)), by: actor, line: line, into: &events)
        case .objectNew:
            guard let spec = spec(record) else { return skip() }
            let kind = Int(spec.kind.rawValue)
            let index = ObjectIndex(objectOfNumber[kind].count)
            objectOfNumber[kind][record.b] = index
            var name = record.text
            if spec == .variable {
                // A variable's first value follows its name: the word as digits, or the repr.
                let parts = record.text.split(separator: "\0", maxSplits: 1, omittingEmptySubsequences: false)
                name = String(parts[0])
                let first = parts.count > 1 ? String(parts[1]) : ""
                values[index] = Self.value(kind: record.c, word: Int64(first) ?? 0, text: first)
            }
            emit(.objectMade(spec, index: index, name: name), by: actor, line: line, into: &events)
        case .sharedRead:
            guard let variable = object(.variable, record.a) else { return skip() }
            let value = Self.value(kind: record.b, word: record.c, text: record.text)
            values[variable] = value
            emit(.sharedRead(variable, value: value), by: actor, line: line, into: &events)
        case .sharedWrite:
            guard let variable = object(.variable, record.a) else { return skip() }
            let value = Self.value(kind: record.b, word: record.c, text: record.text)
            let old = values[variable] ?? .none
            values[variable] = value
            emit(.sharedWrite(variable, old: old, new: value), by: actor, line: line, into: &events)
        case .block:
            guard let target = target(record) else { return skip() }
            let holder = world.holder(of: target)
            emit(.blocked(target, holder: holder, timeout: VirtualTime(clamping: max(0, record.c))), by: actor, line: line, into: &events)
        case .resume:
            break
        case .lockAcquired:
            guard let lock = object(.lock, record.a) else { return skip() }
            emit(.lockAcquired(lock, count: Int32(clamping: record.b), nonBlocking: record.c != 0), by: actor, line: line, into: &events)
        case .lockReleased:
            guard let lock = object(.lock, record.a) else { return skip() }
            emit(.lockReleased(lock, count: Int32(clamping: record.b)), by: actor, line: line, into: &events)
        case .lockFailed:
            guard let lock = object(.lock, record.a) else { return skip() }
            emit(.lockFailed(lock), by: actor, line: line, into: &events)
        case .joinDone:
            guard let joined = threadOfNumber[record.a] else { return skip() }
            emit(.joinDone(joined, timedOut: record.b != 0), by: actor, line: line, into: &events)
        case .flagSet:
            guard let flag = object(.flag, record.a) else { return skip() }
            emit(.flagSet(flag, woke: waiting(for: .flag(flag))), by: actor, line: line, into: &events)
        case .flagCleared:
            guard let flag = object(.flag, record.a) else { return skip() }
            emit(.flagCleared(flag), by: actor, line: line, into: &events)
        case .flagWaitDone:
            guard let flag = object(.flag, record.a) else { return skip() }
            emit(.flagWaitDone(flag, result: record.b != 0), by: actor, line: line, into: &events)
        case .conditionNotify:
            guard let condition = object(.condition, record.a) else { return skip() }
            let waiters = waiting(for: .condition(condition))
            let woke = record.b < 0 ? waiters : Int32(clamping: min(Int64(waiters), record.b))
            emit(.conditionNotified(condition, woke: woke), by: actor, line: line, into: &events)
        case .conditionWaitDone:
            guard let condition = object(.condition, record.a) else { return skip() }
            emit(.conditionWaitDone(condition, notified: record.b != 0), by: actor, line: line, into: &events)
        case .semaphoreAcquired:
            guard let semaphore = object(.semaphore, record.a) else { return skip() }
            emit(.semaphoreAcquired(semaphore, value: record.b), by: actor, line: line, into: &events)
        case .semaphoreReleased:
            guard let semaphore = object(.semaphore, record.a) else { return skip() }
            emit(.semaphoreReleased(semaphore, value: record.b), by: actor, line: line, into: &events)
        case .semaphoreFailed:
            guard let semaphore = object(.semaphore, record.a) else { return skip() }
            emit(.semaphoreFailed(semaphore), by: actor, line: line, into: &events)
        case .barrierArrived:
            guard let barrier = object(.barrier, record.a) else { return skip() }
            emit(.barrierArrived(barrier, arrived: Int32(clamping: record.b)), by: actor, line: line, into: &events)
        case .barrierPassed:
            guard let barrier = object(.barrier, record.a) else { return skip() }
            emit(.barrierPassed(barrier), by: actor, line: line, into: &events)
        case .barrierBroken:
            guard let barrier = object(.barrier, record.a) else { return skip() }
            emit(.barrierBroken(barrier), by: actor, line: line, into: &events)
        case .queuePut, .queueGot:
            guard let queue = object(.queue, record.a) else { return skip() }
            let value: EventValue = record.c != 0 ? .int(record.d) : .shown(record.text)
            let size = Int32(clamping: record.b)
            let kind: Event.Kind = record.kind == .queuePut ? .queuePut(queue, value: value, size: size)
                : .queueGot(queue, value: value, size: size)
            emit(kind, by: actor, line: line, into: &events)
        case .queueFailed:
            guard let queue = object(.queue, record.a) else { return skip() }
            emit(.queueFailed(queue, put: record.b != 0), by: actor, line: line, into: &events)
        case .queueTaskDone:
            guard let queue = object(.queue, record.a) else { return skip() }
            emit(.queueTaskDone(queue, unfinished: record.b), by: actor, line: line, into: &events)
        case .queueJoined:
            guard let queue = object(.queue, record.a) else { return skip() }
            emit(.queueJoined(queue), by: actor, line: line, into: &events)
        case .printed:
            emit(.printed(record.text), by: actor, line: line, into: &events)
        case .end, .choice, .stuck, .uncontrolled:
            break
        }
    }

    /// The threads the probe numbers `numbers` (its numbers count threads in the order they were
    /// started, the main thread 0), or nil if one is not known.
    public func threads(numbered numbers: [Int64]) -> [ThreadID]? {
        var threads: [ThreadID] = []
        for number in numbers {
            guard let thread = threadOfNumber[number] else { return nil }
            threads.append(thread)
        }
        return threads
    }

    /// The schedule's decision among `options`: a `choice` event, as the simulator makes one.
    public mutating func chose(_ chosen: Int, of options: [ThreadID], into events: inout [Event]) {
        emit(.choice(.order, options: options, chosen: Int32(chosen)), by: Event.machine, line: 0, into: &events)
    }

    /// Ends the stream once the process is gone: the threads still alive are stopped (daemon
    /// threads at exit; any thread of a process that died), and the run is over.
    public mutating func finish(_ end: ProcessEnd, outcome: Outcome = .completed, at time: VirtualTime? = nil,
                                into events: inout [Event]) {
        guard !finished else { return }
        if let time { now = max(now, time) }
        if origin == nil {
            // Nothing was ever heard: the stream still starts where every stream does.
            origin = 0
            let main = ThreadID(0)
            emit(.threadCreated(child: main, name: "MainThread", process: 0, daemon: false), by: Event.machine, line: 0, into: &events)
        }
        if exitStatus == nil && outcome == .completed, let main = world.threads.indices.first {
            emit(.error(.uncaught(exception: "ProcessEnded", message: end.description + " before the program finished")),
                 by: ThreadID(main), line: 0, into: &events)
        }
        // A deadlock's threads stay where they are stuck (the report shows them there); otherwise
        // whoever is left was stopped: daemons at the exit, any thread of a process that died.
        if outcome != .deadlock {
            for (t, thread) in world.threads.enumerated() where thread.activity.isAlive {
                emit(.threadStopped, by: ThreadID(t), line: 0, into: &events)
            }
        }
        emit(.finished(outcome), by: Event.machine, line: 0, into: &events)
        finished = true
    }

    /// The threads stuck for good as far as the stream shows: waiting for each other in a cycle
    /// that only its own threads could break (joins, RLocks), or every live thread waiting with no
    /// timeout for something only another of them could give (then the report shows any cycle of
    /// locks among them). Nil while any thread could still move: a plain Lock any thread may
    /// release, with a thread still running or sleeping, is no deadlock.
    public func stuck() -> DeadlockReport? {
        for t in world.threads.indices {
            if let cycle = world.cycle(through: ThreadID(t), ownedOnly: true) { return world.deadlockReport(cycle: cycle) }
        }
        var alive = 0
        for thread in world.threads where thread.activity.isAlive {
            alive += 1
            guard let wait = thread.wait, wait.timeout == 0 else { return nil }
            switch wait.target {
            case .sleep, .io, .gil, .start, .futures, .future, .work: return nil
            default: break
            }
        }
        return alive > 0 ? world.deadlockReport(cycle: world.anyCycle()) : nil
    }

    // MARK: - Parts

    private mutating func hello(_ record: ProbeRecord, into events: inout [Event]) {
        guard origin == nil else { return skip() }
        guard record.a == ProbeRecord.protocolVersion else {
            notes.append("the probe speaks protocol \(record.a), this interleave \(ProbeRecord.protocolVersion)")
            return skip()
        }
        origin = record.time
        interpreter = record.interpreter
        let main = ThreadID(0)
        threadOfIdent[record.ident] = main
        threadOfNumber[0] = main
        emit(.threadCreated(child: main, name: "MainThread", process: 0, daemon: false), by: Event.machine, line: 0, into: &events)
        emit(.threadStarted(child: main), by: Event.machine, line: 0, into: &events)
        emit(.resumed, by: main, line: 0, into: &events)
    }

    /// The thread with this ident; one the probe never saw start (started from C) is adopted here.
    private mutating func thread(of ident: UInt64, into events: inout [Event]) -> ThreadID {
        if let thread = threadOfIdent[ident] { return thread }
        let thread = ThreadID(world.threads.count)
        threadOfIdent[ident] = thread
        emit(.threadCreated(child: thread, name: "thread \(ident) (started outside threading)", process: 0, daemon: true),
             by: Event.machine, line: 0, into: &events)
        emit(.threadStarted(child: thread), by: Event.machine, line: 0, into: &events)
        emit(.resumed, by: thread, line: 0, into: &events)
        return thread
    }

    /// Why a record ends its thread's wait, if it is one that does.
    static func wakeReason(_ record: ProbeRecord) -> WakeReason? {
        switch record.kind {
        case .lockAcquired, .semaphoreAcquired, .queuePut, .queueGot: return .granted
        case .lockFailed, .semaphoreFailed, .queueFailed: return .timeout
        case .joinDone: return record.b != 0 ? .timeout : .joined
        case .flagWaitDone: return record.b != 0 ? .set : .timeout
        case .conditionWaitDone: return record.b != 0 ? .notified : .timeout
        case .barrierBroken: return .barrier
        case .queueJoined: return .done
        case .resume: return WakeReason(rawValue: UInt8(clamping: max(0, record.a))) ?? .elapsed
        default: return nil
        }
    }

    /// Who ended the wait, where the record says so: the thread a join waited for.
    private func wakerOf(_ record: ProbeRecord) -> ThreadID {
        if record.kind == .joinDone && record.b == 0 { return threadOfNumber[record.a] ?? -1 }
        return -1
    }

    private mutating func wake(_ thread: ThreadID, reason: WakeReason, by waker: ThreadID, into events: inout [Event]) {
        guard case .waiting? = world.thread(thread)?.activity else { return }
        emit(.woken(reason, by: waker), by: thread, line: 0, into: &events)
        emit(.resumed, by: thread, line: 0, into: &events)
    }

    private func object(_ kind: ObjectKind, _ number: Int64) -> ObjectIndex? {
        objectOfNumber[Int(kind.rawValue)][number]
    }

    /// How many threads wait for `target` now.
    private func waiting(for target: WaitTarget) -> Int32 {
        Int32(world.threads.filter { $0.wait?.target == target }.count)
    }

    private func spec(_ record: ProbeRecord) -> ObjectSpec? {
        guard record.a >= 0 && record.a < Int64(Self.objectKinds.count) else { return nil }
        let kind = Self.objectKinds[Int(record.a)]
        guard objectOfNumber[Int(kind.rawValue)][record.b] == nil else { return nil }
        switch kind {
        case .lock: return .lock(reentrant: record.c != 0)
        case .flag: return .flag
        case .condition:
            guard let lock = object(.lock, record.c) else { return nil }
            return .condition(lock: lock)
        case .semaphore: return .semaphore(initial: record.c, bounded: record.d != 0)
        case .barrier: return .barrier(parties: Int32(clamping: record.c))
        case .queue: return .queue(maxSize: Int32(clamping: record.c), order: QueueOrder(rawValue: UInt8(clamping: max(0, record.d))) ?? .fifo)
        case .variable: return .variable
        default: return nil
        }
    }

    private func target(_ record: ProbeRecord) -> WaitTarget? {
        guard let wait = ProbeWait(rawValue: record.a) else { return nil }
        switch wait {
        case .lock: return object(.lock, record.b).map { .lock($0) }
        case .join: return threadOfNumber[record.b].map { .join($0) }
        case .flag: return object(.flag, record.b).map { .flag($0) }
        case .condition: return object(.condition, record.b).map { .condition($0) }
        case .semaphore: return object(.semaphore, record.b).map { .semaphore($0) }
        case .barrier: return object(.barrier, record.b).map { .barrier($0) }
        case .queueGet: return object(.queue, record.b).map { .queueGet($0) }
        case .queuePut: return object(.queue, record.b).map { .queuePut($0) }
        case .queueJoin: return object(.queue, record.b).map { .queueJoin($0) }
        case .sleep: return .sleep
        case .io: return .io
        case .future: return .futures(count: 1)
        }
    }

    private mutating func skip() { unreadable += 1 }

    /// A value as the probe sends it: ``EventValue``'s kind, a word, and the text of one shown by its `repr`.
    static func value(kind: Int64, word: Int64, text: String) -> EventValue {
        switch kind {
        case 0: return .int(word)
        case 1: return .float(bits: UInt64(bitPattern: word))
        case 2: return .bool(word != 0)
        case 3: return .none
        default: return .shown(text)
        }
    }

    private mutating func emit(_ kind: Event.Kind, by thread: ThreadID, line: Int32, into events: inout [Event]) {
        let event = Event(seq: eventCount, time: now, thread: thread, line: line, kind: kind)
        world.apply(event)
        events.append(event)
        eventCount += 1
    }
}

/// How a process ended.
public enum ProcessEnd: Sendable, Hashable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public var description: String {
        switch self {
        case .exited(let status): return "the process exited with status \(status)"
        case .signalled(let signal): return "the process was killed by signal \(signal)"
        }
    }
}
