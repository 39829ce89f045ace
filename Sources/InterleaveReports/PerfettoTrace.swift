import InterleaveCore

/// A run as a Chrome Trace Event Format file that Perfetto's UI (ui.perfetto.dev) opens: a
/// process per simulated process and a track per thread, named; one complete slice (`X`) per
/// state interval; instant events for what happens at a moment (lock and other object operations,
/// shared reads and writes, prints, errors, expectations, and the detectors' findings: races, lost
/// updates, lock-order cycles, a deadlock); flow arrows from the thread
/// that released, set or notified to the thread it woke; a "GIL" track in each process whose
/// slices say who held its GIL, with the drop requests as instants; and a "locks" process with a
/// track per lock whose slices say who held it. Times are virtual microseconds. Fed event by event, it
/// hands out JSON text as it goes, so a long run never sits in memory twice.
public struct PerfettoTrace {
    /// The world as the events so far say it is (names, who does what, who holds what).
    private var world: World
    private let write: (String) -> Void
    private var first = true
    private var flows: UInt64 = 0
    private var seenProcesses: [ProcessID] = []

    /// The process id of the lock tracks.
    static let locksProcess = 1_000_000
    /// The thread id of a process's GIL track.
    static let gilTrack = 1_000_000
    /// The processes whose GIL track is named.
    private var gilTracks: [Bool] = []

    /// A trace of a run of `program`; `write` receives the JSON text in order.
    public init(program: Program, write: @escaping (String) -> Void) {
        world = World(program: program)
        self.write = write
        write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n")
        for (index, lock) in program.locks.enumerated() { nameLockTrack(index, lock.name) }
    }

    /// Names lock `index`'s track (and the locks' process, before the first).
    private mutating func nameLockTrack(_ index: Int, _ name: String) {
        if index == 0 { emit(metadata("process_name", pid: PerfettoTrace.locksProcess, tid: 0, name: "locks")) }
        emit(metadata("thread_name", pid: PerfettoTrace.locksProcess, tid: index + 1, name: "lock '\(name)'"))
    }

    public mutating func consume(_ event: Event) {
        let change = world.apply(event)
        let t = Int(event.thread)
        switch event.kind {
        case .threadCreated(let child, let name, let process, _):
            if !seenProcesses.contains(process) {
                seenProcesses.append(process)
                emit(metadata("process_name", pid: pid(process), tid: 0, name: "\(world.program.name) process \(process)"))
            }
            emit(metadata("thread_name", pid: pid(process), tid: Int(child) + 1, name: name))
        case .objectMade(.lock, let index, let name):
            nameLockTrack(Int(index), name)
        case .gilDropRequested(let process, _) where process >= 0:
            nameGILTrack(process)
            emit(.object([("name", .string(world.names.describe(event.kind))), ("cat", .string("gil")), ("ph", .string("i")),
                          ("s", .string("t")), ("ts", micros(event.time)), ("pid", .int(Int64(pid(process)))),
                          ("tid", .int(Int64(PerfettoTrace.gilTrack)))]))
        case .woken(_, let by) where by >= 0 && Int(by) < world.threads.count && t < world.threads.count:
            // An arrow from the thread that ended the wait to the one it woke.
            flows += 1
            emit(.object([("name", .string("wakes")), ("cat", .string("wake")), ("ph", .string("s")),
                          ("id", .uint(flows)), ("ts", micros(event.time)),
                          ("pid", .int(Int64(pid(world.process(of: by))))), ("tid", .int(Int64(by) + 1))]))
            emit(.object([("name", .string("wakes")), ("cat", .string("wake")), ("ph", .string("f")), ("bp", .string("e")),
                          ("id", .uint(flows)), ("ts", micros(event.time)),
                          ("pid", .int(Int64(pid(world.process(of: event.thread))))), ("tid", .int(Int64(t) + 1))]))
        default:
            break
        }
        if let category = PerfettoTrace.category(of: event.kind) {
            instant(event, name: world.names.describe(event.kind), category: category)
        }
        // A thread's slice ends when its activity changes; a lock's when its holder does.
        if change.thread >= 0 { close(change.thread, change.previous, from: change.previousSince, to: event.time) }
        if change.lock >= 0 && change.previousHolder != change.holder && change.previousHolder >= 0 {
            holderSlice(Int(change.lock), change.previousHolder, from: change.holderSince, to: event.time)
        }
        if change.gil >= 0 {
            nameGILTrack(change.gil)
            if change.previousHolder != change.holder && change.previousHolder >= 0 {
                gilSlice(change.gil, change.previousHolder, from: change.holderSince, to: event.time)
            }
        }
    }

    /// Names process `process`'s GIL track, the first time it is needed.
    private mutating func nameGILTrack(_ process: ProcessID) {
        let p = Int(process)
        guard p >= 0 && p < 1 << 16 else { return }
        while gilTracks.count <= p { gilTracks.append(false) }
        guard !gilTracks[p] else { return }
        gilTracks[p] = true
        emit(metadata("thread_name", pid: pid(process), tid: PerfettoTrace.gilTrack, name: "GIL"))
    }

    private mutating func gilSlice(_ process: ProcessID, _ holder: ThreadID, from since: VirtualTime, to time: VirtualTime) {
        emit(slice(name: "held by \(world.names.thread(holder))", category: "gil", pid: pid(process), tid: PerfettoTrace.gilTrack,
                   from: since, to: time))
    }

    /// Closes every open slice at the run's end and the JSON text.
    public mutating func finish() {
        let end = world.time
        for (t, thread) in world.threads.enumerated() { close(ThreadID(t), thread.activity, from: thread.since, to: end) }
        for (l, lock) in world.locks.enumerated() where lock.holder >= 0 { holderSlice(l, lock.holder, from: lock.since, to: end) }
        for (p, holder) in world.gilHolders.enumerated() where holder >= 0 {
            gilSlice(ProcessID(p), holder, from: world.gilSince[p], to: end)
        }
        write("\n]}\n")
    }

    private mutating func holderSlice(_ l: Int, _ holder: ThreadID, from since: VirtualTime, to time: VirtualTime) {
        emit(slice(name: "held by \(world.names.thread(holder))", category: "lock", pid: PerfettoTrace.locksProcess, tid: l + 1,
                   from: since, to: time))
    }

    /// The slice of thread `t` doing `activity` from `since` to `time` (none while not alive).
    private mutating func close(_ t: ThreadID, _ activity: ThreadActivity, from since: VirtualTime, to time: VirtualTime) {
        guard activity.isAlive else { return }
        emit(slice(name: activity.label, category: "state", pid: pid(world.process(of: t)), tid: Int(t) + 1, from: since, to: time))
    }

    /// The instant's category for an event that is a moment on its thread's track, or nil for one
    /// the state slices already show (scheduling, waits and wake-ups, the GIL, a thread's life).
    static func category(of kind: Event.Kind) -> String? {
        switch kind.tag.group {
        case .lock: return "lock"
        case .output: return "print"
        case .shared: return "shared"
        case .finding: return "finding"
        case .error: return "error"
        case .check: return "expectation"
        case .signal, .sync: return "sync"
        case .run: return "run"
        case .thread, .schedule, .gil: return nil
        }
    }

    /// An instant on the actor's track, or across the whole trace for the scheduler's (a deadlock, the end).
    private mutating func instant(_ event: Event, name: String, category: String) {
        let t = Int(event.thread)
        let onThread = t >= 0 && t < world.threads.count
        emit(.object([("name", .string(name)), ("cat", .string(category)), ("ph", .string("i")), ("s", .string(onThread ? "t" : "g")),
                      ("ts", micros(event.time)), ("pid", .int(Int64(onThread ? pid(world.process(of: event.thread)) : 1))),
                      ("tid", .int(Int64(onThread ? t + 1 : 0)))]))
    }

    private func slice(name: String, category: String, pid: Int, tid: Int, from: VirtualTime, to: VirtualTime) -> JSON {
        .object([("name", .string(name)), ("cat", .string(category)), ("ph", .string("X")), ("ts", micros(from)),
                 ("dur", micros(to - from)), ("pid", .int(Int64(pid))), ("tid", .int(Int64(tid)))])
    }

    private func metadata(_ kind: String, pid: Int, tid: Int, name: String) -> JSON {
        .object([("name", .string(kind)), ("ph", .string("M")), ("pid", .int(Int64(pid))), ("tid", .int(Int64(tid))),
                 ("args", .object([("name", .string(name))]))])
    }

    private func pid(_ process: ProcessID) -> Int { Int(process) + 1 }

    private func micros(_ nanoseconds: VirtualTime) -> JSON { .decimal(nanoseconds, scale: 3) }

    private mutating func emit(_ json: JSON) {
        write((first ? "" : ",\n") + json.text)
        first = false
    }
}
