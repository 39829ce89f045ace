import InterleaveCore

/// A run as a Chrome Trace Event Format file that Perfetto's UI (ui.perfetto.dev) opens: a
/// process per simulated process and a track per thread, named; one complete slice (`X`) per
/// state interval; instant events for lock operations and prints; flow arrows from the thread
/// that released, set or notified to the thread it woke; and a "locks" process with a track per
/// lock whose slices say who held it. Times are virtual microseconds. Fed event by event, it
/// hands out JSON text as it goes, so a long run never sits in memory twice.
public struct PerfettoTrace {
    private var names: EventNames
    private let write: (String) -> Void
    private var first = true
    private var threads: [(activity: ThreadActivity, since: VirtualTime, process: ProcessID)] = []
    private var holders: [(holder: ThreadID, since: VirtualTime)]
    private var flows: UInt64 = 0
    private var end: VirtualTime = 0
    private var seenProcesses: [ProcessID] = []

    /// The process id of the lock tracks.
    static let locksProcess = 1_000_000

    /// A trace of a run of `program`; `write` receives the JSON text in order.
    public init(program: Program, write: @escaping (String) -> Void) {
        names = EventNames(program: program)
        self.write = write
        holders = Array(repeating: (-1, 0), count: program.locks.count)
        write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n")
        if !program.locks.isEmpty {
            emit(metadata("process_name", pid: PerfettoTrace.locksProcess, tid: 0, name: "locks"))
            for (index, lock) in program.locks.enumerated() {
                emit(metadata("thread_name", pid: PerfettoTrace.locksProcess, tid: index + 1, name: "lock '\(lock.name)'"))
            }
        }
    }

    public mutating func consume(_ event: Event) {
        names.observe(event)
        end = max(end, event.time)
        let t = Int(event.thread)
        switch event.kind {
        case .threadCreated(let child, let name, let process, _):
            while threads.count <= Int(child) { threads.append((.notStarted, event.time, 0)) }
            threads[Int(child)].process = process
            if !seenProcesses.contains(process) {
                seenProcesses.append(process)
                emit(metadata("process_name", pid: pid(process), tid: 0, name: "\(names.program.name) process \(process)"))
            }
            emit(metadata("thread_name", pid: pid(process), tid: Int(child) + 1, name: name))
        case .woken(_, let by) where by >= 0 && Int(by) < threads.count && t < threads.count:
            // An arrow from the thread that ended the wait to the one it woke.
            flows += 1
            emit(.object([("name", .string("wakes")), ("cat", .string("wake")), ("ph", .string("s")),
                          ("id", .uint(flows)), ("ts", micros(event.time)),
                          ("pid", .int(Int64(pid(threads[Int(by)].process)))), ("tid", .int(Int64(by) + 1))]))
            emit(.object([("name", .string("wakes")), ("cat", .string("wake")), ("ph", .string("f")), ("bp", .string("e")),
                          ("id", .uint(flows)), ("ts", micros(event.time)),
                          ("pid", .int(Int64(pid(threads[t].process)))), ("tid", .int(Int64(t) + 1))]))
        case .lockAcquired(let lock, _, _), .lockReleased(let lock, _), .lockFailed(let lock):
            instant(event, name: names.describe(event.kind), category: "lock")
            trackHolder(event, lock: Int(lock))
        case .printed(let text):
            instant(event, name: "print: \(text)", category: "print")
        default:
            break
        }
        if let (thread, activity) = ThreadActivity.change(by: event), Int(thread) < threads.count {
            close(Int(thread), at: event.time)
            threads[Int(thread)].activity = activity
            threads[Int(thread)].since = event.time
        }
    }

    /// Closes every open slice at the run's end and the JSON text.
    public mutating func finish() {
        for t in threads.indices { close(t, at: end) }
        for l in holders.indices where holders[l].holder >= 0 { holderSlice(l, until: end) }
        write("\n]}\n")
    }

    private mutating func trackHolder(_ event: Event, lock l: Int) {
        guard holders.indices.contains(l) else { return }
        switch event.kind {
        case .lockAcquired where holders[l].holder != event.thread:
            if holders[l].holder >= 0 { holderSlice(l, until: event.time) }
            holders[l] = (event.thread, event.time)
        case .lockReleased(_, 0) where holders[l].holder >= 0:
            holderSlice(l, until: event.time)
            holders[l] = (-1, event.time)
        default:
            break
        }
    }

    private mutating func holderSlice(_ l: Int, until time: VirtualTime) {
        let (holder, since) = holders[l]
        emit(slice(name: "held by \(names.thread(holder))", category: "lock", pid: PerfettoTrace.locksProcess, tid: l + 1,
                   from: since, to: time))
    }

    /// The slice of thread `t`'s current activity, up to `time` (none while not alive).
    private mutating func close(_ t: Int, at time: VirtualTime) {
        let (activity, since, process) = threads[t]
        switch activity {
        case .notStarted, .finished: return
        default: break
        }
        emit(slice(name: activity.label, category: "state", pid: pid(process), tid: t + 1, from: since, to: time))
        threads[t].since = time
    }

    private mutating func instant(_ event: Event, name: String, category: String) {
        let t = Int(event.thread)
        guard t >= 0 && t < threads.count else { return }
        emit(.object([("name", .string(name)), ("cat", .string(category)), ("ph", .string("i")), ("s", .string("t")),
                      ("ts", micros(event.time)), ("pid", .int(Int64(pid(threads[t].process)))), ("tid", .int(Int64(t) + 1))]))
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
