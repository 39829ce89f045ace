/// Finds data races and lost updates on shared variables from the event stream.
///
/// Happens-before is tracked with vector clocks, with FastTrack's epochs for the accesses
/// (Flanagan and Freund, 2009): a variable remembers its last write as one thread's clock entry,
/// and its reads as one entry until two reads are concurrent. The edges are the ones CPython's
/// threading guarantees: a thread's start, a join, a lock's release to its next acquisition, and
/// every operation on an Event, Condition, Semaphore, Barrier or Queue, which CPython performs under
/// the object's own lock (so each orders after the ones before it). The GIL is not an edge: it
/// orders nothing a program can rely on (see CPYTHON_MODEL.md).
///
/// A lost update needs no clocks: a thread read a variable, another thread wrote it, and the first
/// thread then wrote it without reading it again. A read stops counting once its thread has
/// waited for another (a join, an Event, a Condition, a Queue item, a Barrier): what it writes
/// after such a wait was decided knowing what the others did. A lock is no such wait (two
/// critical sections, a read in one and the write in the next, can lose an update).
struct RaceDetector: Sendable {
    /// One access: who made it, at which of their clock entries, and at which event.
    struct Access: Sendable, Hashable {
        var thread: Int32 = -1
        var clock: UInt32 = 0
        var step: UInt64 = 0
        var write = false
    }

    /// A read that its thread may yet write back.
    struct PendingRead: Sendable, Hashable {
        var version: UInt64
        var step: UInt64
        /// The thread's wait count at the read (see ``RaceDetector/waits``).
        var waits: UInt32
    }

    /// What the detector knows about one shared variable of one process.
    struct Variable: Sendable {
        var lastWrite = Access()
        /// The last read while the reads are ordered; `reads` holds one per thread once two were concurrent.
        var lastRead = Access()
        var reads: [Access] = []
        /// Writes so far, for lost updates.
        var version: UInt64 = 0
        var pending: [PendingRead?] = []
    }

    private var clocks = VectorClocks()
    /// The row of each thread's clock, by thread.
    private var threadRow: [Int] = []
    /// Variables by process, then index.
    private var variables: [[Variable]] = []
    /// The row of each lock's clock (-1 until it is first released).
    private var lockRow: [Int] = []
    /// The row of each other synchronization object's clock, by kind and index (-1 until first used).
    private var objectRow: [[Int]] = Array(repeating: [], count: ObjectKind.allCases.count)
    /// The object each thread waits at whose waiters synchronize with it when woken (a
    /// barrier: ``WaitTarget/synchronizesWhenWoken``), or nil.
    private var wakeSync: [(kind: ObjectKind, index: ObjectIndex)?] = []
    /// How many times each thread has waited for another (joins, Events, Conditions, Queue gets,
    /// Barriers): its reads from before its last wait are no longer pending.
    private var waits: [UInt32] = []
    /// Variable and thread pairs already reported, so a race is reported once.
    private var reported: Set<RaceKey> = []
    /// The most threads a run may make and still be watched: each thread's vector clock has an
    /// entry for every thread, so the clocks take threads² entries. A run that makes more stops
    /// being watched for races and lost updates from then on (none is reported that could be
    /// wrong: happens-before through the threads beyond would be missing), rather than running
    /// out of memory.
    static let maxThreads = 2048
    /// Set when the run made more than ``maxThreads`` threads.
    private(set) var stopped = false

    private struct RaceKey: Hashable, Sendable {
        var process: ProcessID
        var variable: Int32
        var first: ThreadID
        var second: ThreadID
    }

    /// Reads `event` (numbered in the stream with findings; `process` is its actor's) and appends
    /// what it reveals (races, lost updates) to `findings`.
    mutating func observe(_ event: Event, process: ProcessID, into findings: inout [Event.Kind]) {
        guard !stopped else { return }
        let t = Int(event.thread)
        let seq = event.seq
        if case .threadCreated(let child, _, _, _) = event.kind, Int(child) >= RaceDetector.maxThreads {
            stopped = true
            clocks = VectorClocks()
            variables = []
            return
        }
        switch event.kind {
        case .sharedRead(let variable, _):
            access(thread: t, process: process, variable: variable, step: seq, write: false, into: &findings)
        case .sharedWrite(let variable, _, _):
            access(thread: t, process: process, variable: variable, step: seq, write: true, into: &findings)
        case .threadCreated(let child, _, _, _):
            let c = Int(child)
            guard c >= 0 else { return }
            clocks.fit(thread: c)
            while threadRow.count <= c {
                threadRow.append(clocks.addRow())
                wakeSync.append(nil)
                waits.append(0)
            }
            clocks[threadRow[c], c] = 1
        case .threadStarted(let child):
            guard t >= 0 else { return }
            clocks.join(threadRow[Int(child)], from: threadRow[t])
            tick(t)
        case .joinDone(let target, let timedOut):
            guard !timedOut else { return }
            clocks.join(threadRow[t], from: threadRow[Int(target)])
            waits[t] &+= 1
        case .lockAcquired(let lock, _, _):
            let l = Int(lock)
            if l < lockRow.count, lockRow[l] >= 0 { clocks.join(threadRow[t], from: lockRow[l]) }
        case .lockReleased(let lock, let count):
            guard count == 0 else { return }
            let l = Int(lock)
            while lockRow.count <= l { lockRow.append(-1) }
            if lockRow[l] < 0 { lockRow[l] = clocks.addRow() }
            clocks.copy(lockRow[l], from: threadRow[t])
            tick(t)
        case .blocked(let target, _, _) where target.synchronizesWhenWoken:
            if let object = target.object { wakeSync[t] = object }
        case .woken:
            // A thread woken at a barrier goes on after re-taking the barrier's lock, with no event
            // of its own: it orders after the others there now.
            guard t >= 0, let (kind, index) = wakeSync[t] else { return }
            synchronize(t, kind, index)
            wakeSync[t] = nil
            waits[t] &+= 1
        default:
            // Every other operation on a synchronization object (an Event, a Condition, a
            // Semaphore, a Barrier, a Queue, a future, a pool) happens under the object's own lock
            // in CPython: it orders after the ones before it. What it touches is declared with its kind.
            guard t >= 0, case .object(let kind, let index, _) = event.kind.touches, kind != .lock, kind != .variable else { return }
            synchronize(t, kind, index)
            if event.kind.waitedForAnother { waits[t] &+= 1 }
        }
    }

    /// The thread's own entry moves on after it published its clock.
    private mutating func tick(_ t: Int) {
        clocks[threadRow[t], t] &+= 1
    }

    /// An operation under the object's internal lock: it orders after every earlier operation on
    /// the object, and every later one orders after it.
    private mutating func synchronize(_ t: Int, _ kind: ObjectKind, _ index: ObjectIndex) {
        let i = Int(index)
        guard i >= 0 && i < 1 << 24 else { return }
        let k = Int(kind.rawValue)
        while objectRow[k].count <= i { objectRow[k].append(-1) }
        if objectRow[k][i] < 0 { objectRow[k][i] = clocks.addRow() }
        let row = objectRow[k][i]
        clocks.join(threadRow[t], from: row)
        clocks.copy(row, from: threadRow[t])
        tick(t)
    }

    /// Whether `earlier` happened before the present of thread `t`, whose clock is row `row` of `clocks`.
    @inline(__always)
    private static func ordered(_ earlier: Access, before t: Int, _ clocks: VectorClocks, _ row: Int) -> Bool {
        earlier.thread < 0 || Int(earlier.thread) == t || earlier.clock <= clocks[row, Int(earlier.thread)]
    }

    private mutating func access(thread t: Int, process: ProcessID, variable: Int32, step: UInt64, write: Bool,
                                 into findings: inout [Event.Kind]) {
        guard t >= 0 && t < threadRow.count && process >= 0 && variable >= 0 else { return }
        let p = Int(process)
        let v = Int(variable)
        while variables.count <= p { variables.append([]) }
        if variables[p].count <= v {
            variables[p].append(contentsOf: repeatElement(Variable(), count: v + 1 - variables[p].count))
        }
        // In place: the variable's state is changed where it lies, and only read from the clocks.
        let (conflict, lost) = RaceDetector.update(&variables[p][v], thread: t, clocks: clocks, row: threadRow[t], variable: variable,
                                                   step: step, write: write, waits: waits[t])
        if let conflict {
            let key = RaceKey(process: ProcessID(p), variable: variable, first: min(conflict.thread, Int32(t)),
                              second: max(conflict.thread, Int32(t)))
            if reported.insert(key).inserted {
                findings.append(.race(RaceReport(variable: variable, step: step, write: write, other: conflict.thread,
                                                 otherStep: conflict.step, otherWrite: conflict.write)))
            }
        }
        if let lost { findings.append(.lostUpdate(lost)) }
    }

    /// Checks thread `t`'s access against what the variable remembers, and remembers it: the
    /// earlier access it races with, if any, and the update it loses, if it does.
    private static func update(_ state: inout Variable, thread t: Int, clocks: VectorClocks, row: Int, variable: Int32,
                               step: UInt64, write: Bool, waits: UInt32) -> (Access?, LostUpdateReport?) {
        let mine = Access(thread: Int32(t), clock: clocks[row, t], step: step, write: write)
        var conflict: Access?
        var lost: LostUpdateReport?
        if !ordered(state.lastWrite, before: t, clocks, row) { conflict = state.lastWrite }
        if write {
            if conflict == nil {
                if state.reads.isEmpty {
                    if !ordered(state.lastRead, before: t, clocks, row) { conflict = state.lastRead }
                } else {
                    conflict = state.reads.first { !ordered($0, before: t, clocks, row) }
                }
            }
            if t < state.pending.count, let pending = state.pending[t] {
                if pending.version != state.version && Int(state.lastWrite.thread) != t && pending.waits == waits {
                    lost = LostUpdateReport(variable: variable, readStep: pending.step, writeStep: step,
                                            overwritten: state.lastWrite.thread, overwrittenStep: state.lastWrite.step)
                }
                state.pending[t] = nil
            }
            state.lastWrite = mine
            state.lastRead = Access()
            if !state.reads.isEmpty { state.reads.removeAll(keepingCapacity: true) }
            state.version &+= 1
        } else {
            if !state.reads.isEmpty {
                while state.reads.count <= t { state.reads.append(Access()) }
                state.reads[t] = mine
            } else if ordered(state.lastRead, before: t, clocks, row) {
                state.lastRead = mine
            } else {
                // Two concurrent reads: keep one per thread from now on.
                let first = state.lastRead
                state.reads = Array(repeating: Access(), count: max(t, Int(first.thread)) + 1)
                state.reads[Int(first.thread)] = first
                state.reads[t] = mine
                state.lastRead = Access()
            }
            while state.pending.count <= t { state.pending.append(nil) }
            state.pending[t] = PendingRead(version: state.version, step: step, waits: waits)
        }
        return (conflict, lost)
    }
}
