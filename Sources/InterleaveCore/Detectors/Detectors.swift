/// The detectors as a stage of the event stream: fed the events a producer makes, it hands them
/// on with what the detectors found right after the event that showed it (a deadlock's report
/// just before the run's end), and numbers the events of the stream it makes.
///
/// It reads nothing but the events (folded into its ``World``), so it runs the same on the
/// simulator's stream, a recording's or any other producer's: data races and lost updates
/// (``RaceDetector``), lock-order cycles (``LockOrderGraph``) and deadlocks, from the wait-for
/// graph (a cycle through joins and RLocks as soon as it closes; at a run's end in deadlock, any
/// cycle, and who waits for what).
public struct Detectors: Sendable {
    /// What the detectors read of the world: thread processes, waits, lock holders, what each
    /// thread holds and who runs each future. Kinds that change none of these (a thread's running
    /// or not, shared values, other objects' states, the GIL, output) are not folded into it, so it
    /// is not the world to show: that is the consumers' own ``World``.
    private var world: World
    var races = RaceDetector()
    var lockOrder = LockOrderGraph()
    /// Whether a deadlock was reported (once a run).
    var deadlockReported = false
    /// Events in the stream made so far, findings included: the next event's number.
    public private(set) var eventCount: UInt64 = 0
    /// What the detectors found at the event being handled.
    private var found: [Event.Kind] = []
    /// The findings of the events being handled, each after (or, `before`, just before) event `at`.
    private var pending: [(at: Int, before: Bool, kind: Event.Kind)] = []

    public init(program: Program) {
        world = World(program: program, naming: false)
    }

    /// Numbers the events from `start` on in the stream being made, and puts what the detectors
    /// find among them.
    public mutating func process(_ events: inout [Event], from start: Int = 0) {
        // One pass in place: numbering, and where findings go; a second only if there are any.
        events.withUnsafeMutableBufferPointer { buffer in
            for index in start..<buffer.count {
                if case .finished(.deadlock) = buffer[index].kind, !deadlockReported {
                    // The run ends stuck: who waits for what, before the end.
                    deadlockReported = true
                    pending.append((index, true, .deadlock(world.deadlockReport(cycle: world.anyCycle()))))
                    eventCount &+= 1
                }
                buffer[index].seq = eventCount
                eventCount &+= 1
                observe(&buffer[index])
                if !found.isEmpty {
                    for kind in found { pending.append((index, false, kind)) }
                    eventCount &+= UInt64(found.count)
                    found.removeAll(keepingCapacity: true)
                }
            }
        }
        guard !pending.isEmpty else { return }
        // In place, from the back: the array grows by the findings, each event moves once to
        // its place (a swap, no copy), and the findings fill the places left between them.
        let oldCount = events.count
        events.append(contentsOf: repeatElement(events[oldCount - 1], count: pending.count))
        events.withUnsafeMutableBufferPointer { buffer in
            var to = buffer.count
            var next = pending.count - 1
            for index in stride(from: oldCount - 1, through: start, by: -1) {
                // Events before the first finding stay where they are.
                guard next >= 0 else { break }
                // The findings after this event (the last first), the event, then those before it.
                var after = 0
                while next >= 0 && pending[next].at == index && !pending[next].before {
                    after += 1
                    next -= 1
                }
                // The event's stamp, read in place (a copy of the event would retain what it holds).
                let (seq, time, thread, line) = (buffer[index].seq, buffer[index].time, buffer[index].thread, buffer[index].line)
                for offset in stride(from: after, to: 0, by: -1) {
                    to -= 1
                    buffer[to] = Event(seq: seq + UInt64(offset), time: time, thread: thread, line: line,
                                       kind: pending[next + offset].kind)
                }
                to -= 1
                if to != index { buffer.swapAt(to, index) }
                var before = 1
                while next >= 0 && pending[next].at == index && pending[next].before {
                    to -= 1
                    buffer[to] = Event(seq: seq - UInt64(before), time: time, thread: Event.machine, kind: pending[next].kind)
                    before += 1
                    next -= 1
                }
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Shows the lock-order graph `event`, which asks for `lock`, with what its thread holds.
    @inline(__always)
    private mutating func observeLockOrder(_ event: Event, lock: ObjectIndex) {
        let t = Int(event.thread)
        guard t >= 0 && t < world.threads.count && !world.threads[t].held.isEmpty && lock >= 0 && Int(lock) < world.locks.count
        else { return }
        lockOrder.observe(event, held: world.threads[t].held, holder: world.locks[Int(lock)].holder, into: &found)
    }

    /// The process of thread `t`, as the world has it.
    @inline(__always)
    private func process(of t: ThreadID) -> ProcessID {
        t >= 0 && Int(t) < world.threads.count ? world.threads[Int(t)].process : 0
    }

    /// Shows the detectors an event (with the world as it was before it), then folds it in. (The
    /// event is passed in place, not copied: it is not changed.)
    @inline(__always)
    private mutating func observe(_ event: inout Event) {
        switch event.kind {
        case .sharedRead, .sharedWrite, .threadStarted, .joinDone:
            // Orders and accesses are the race detector's; the objects' states are not needed here.
            races.observe(event, process: process(of: event.thread), into: &found)
            return
        case .threadCreated, .woken, .lockReleased, .futureSubmitted, .futureStarted, .futureDone, .futureResult,
             .poolShutdown:
            races.observe(event, process: process(of: event.thread), into: &found)
        case .lockAcquired(let lock, _, _):
            races.observe(event, process: process(of: event.thread), into: &found)
            observeLockOrder(event, lock: lock)
        case .blocked(let target, _, let timeout):
            races.observe(event, process: process(of: event.thread), into: &found)
            if case .lock(let lock) = target { observeLockOrder(event, lock: lock) }
            world.apply(event)
            // A wait with no timeout can close a cycle that nothing can break.
            if timeout == 0 && !deadlockReported, let cycle = world.cycle(through: event.thread, ownedOnly: true) {
                deadlockReported = true
                found.append(.deadlock(world.deadlockReport(cycle: cycle)))
            }
            return
        case .deadlock:
            // A producer that reports deadlocks itself.
            deadlockReported = true
            return
        case .threadFinished, .threadStopped, .lockFailed, .objectMade:
            break
        // What changes nothing the detectors read: not folded (see ``world``).
        case .dispatched, .resumed, .preempted, .choice, .gilAcquired, .gilReleased, .gilDropRequested, .printed, .expectation,
             .error, .race, .lostUpdate, .lockOrderCycle, .stepLimit, .finished, .uncontrolled:
            return
        default:
            // An operation on a library object (an Event, Condition, Semaphore, Barrier, Queue): it
            // orders threads, which is the race detector's (by the object it touches); the
            // objects' states are not needed here.
            assert(event.kind.isLibraryOperation, "the detectors do not observe \(event.kind)")
            races.observe(event, process: process(of: event.thread), into: &found)
            return
        }
        world.apply(event)
    }
}
