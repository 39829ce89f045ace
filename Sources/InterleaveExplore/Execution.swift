import InterleaveCore

/// One run as partial-order reduction sees it: its choice points, the steps of each thread that
/// other threads can observe, the happens-before order among them (vector clocks), and the races
/// (pairs of dependent steps of two threads that nothing else orders).
///
/// Built from the event stream alone (``record(_:)``), so any producer that answers choices can
/// be searched this way.
struct Execution: Sendable {
    /// A choice point of the run: the threads it could let go, and the one it did.
    struct Point: Sendable {
        var options: [ThreadID]
        var chosen: Int
        /// The first step, after this point, of the thread chosen here: what it accessed (nil
        /// while not seen yet).
        var chosenStep: Dependence.Access?
    }

    /// A step another thread can observe.
    struct Step: Sendable {
        var thread: ThreadID
        var access: Dependence.Access
        /// The last choice point before it (-1: none).
        var point: Int32
        /// Its number among its thread's steps, from 1.
        var local: UInt32
        /// A lock's waiter's try (``Dependence/Access/attempt(_:)``): a race's later side, but
        /// not a step (no other step comes after it, and it is no part of the interleaving).
        var attempt = false
    }

    private(set) var points: [Point] = []
    /// The points whose chosen thread has made no step since.
    private var unseen: [Int] = []
    private(set) var steps: [Step] = []
    /// Each step's vector clock: for every thread, how many of its steps happen before (or are) this one.
    private var clocks: [[UInt32]] = []
    /// Each thread's current vector clock.
    private var threadClocks: [[UInt32]] = []
    /// The clock a started thread begins with (its starter's at the start).
    private var startClocks: [[UInt32]?] = []
    /// The clock of each ended thread at its end.
    private var endClocks: [[UInt32]?] = []
    /// Per object: the last write, and the reads since, by step index.
    private var lastWrite: [UInt64: Int32] = [:]
    private var readsSince: [UInt64: [Int32]] = [:]
    /// Per lock: its last release, which its next acquisition comes after.
    private var lastRelease: [UInt64: Int32] = [:]
    /// For each step with races: its thread's clock before it, and the steps it came after.
    private var before: [Int32: (clock: [UInt32], after: [Int32])] = [:]
    /// The races: (earlier step, later step), each later step's races in the order found.
    private(set) var races: [(Int32, Int32)] = []
    private var dependence: Dependence

    /// The key every access reads, and every ``Dependence/Access/all`` writes.
    private static let everything: UInt64 = .max

    init(program: Program) { dependence = Dependence(program: program) }

    /// Takes the next event of the run; returns the step it makes, if it makes one.
    @discardableResult
    mutating func record(_ event: Event) -> Step? {
        if case .choice(_, let options, let chosen) = event.kind {
            unseen.append(points.count)
            points.append(Point(options: options, chosen: Int(chosen)))
            return nil
        }
        let t = Int(event.thread)
        guard t >= 0 else { return nil }
        let (access, edge) = dependence.classify(event)
        grow(to: t)
        if case .spawn(let child) = edge, child >= 0 {
            grow(to: Int(child))
            startClocks[Int(child)] = threadClocks[t]
        }
        if let start = startClocks[t] {
            join(&threadClocks[t], start)
            startClocks[t] = nil
        }
        switch edge {
        case .wokenBy(let waker) where waker >= 0 && Int(waker) < threadClocks.count && Int(waker) != t:
            join(&threadClocks[t], threadClocks[Int(waker)])
        case .end: endClocks[t] = threadClocks[t]
        case .join(let other) where other >= 0 && Int(other) < endClocks.count:
            if let end = endClocks[Int(other)] { join(&threadClocks[t], end) }
        default: break
        }
        guard access != .none else { return nil }
        return step(thread: event.thread, access: access)
    }

    /// A step of `thread` with `access`: its races, then its clock.
    private mutating func step(thread: ThreadID, access: Dependence.Access) -> Step {
        let t = Int(thread)
        let index = Int32(steps.count)
        var clock = threadClocks[t]
        // The earlier steps this one conflicts with: on its object, and through `everything`.
        var conflicting: [Int32] = []
        func against(_ key: UInt64, write: Bool) {
            if write {
                if let reads = readsSince[key], !reads.isEmpty { conflicting.append(contentsOf: reads) }
                else if let w = lastWrite[key] { conflicting.append(w) }
            } else if let w = lastWrite[key] {
                conflicting.append(w)
            }
        }
        /// Steps this one comes after without racing them: a lock's last release.
        var after: [Int32] = []
        switch access {
        case .none: break
        case .all: against(Execution.everything, write: true)
        case .object(let key, let write):
            against(key, write: write)
            against(Execution.everything, write: false)
            if let release = lastRelease[key] { after.append(release) }
        case .release(let key):
            against(Execution.everything, write: false)
            // A try that failed while the lock was held would succeed after this release.
            if let w = lastWrite[key], case .tryLock = steps[Int(w)].access { conflicting.append(w) }
        case .attempt(let key):
            against(key, write: true)
            against(Execution.everything, write: false)
        case .tryLock(let key):
            against(key, write: true)
            against(Execution.everything, write: false)
            if let release = lastRelease[key] { conflicting.append(release) }
        }
        // Races: conflicting steps of other threads not ordered before this one already, and not
        // before another of them (only the immediate ones).
        let concurrent = conflicting.filter { i in
            let s = steps[Int(i)]
            return s.thread != thread && !happensBefore(Int(i), clock)
        }
        var raced = false
        for i in concurrent where !concurrent.contains(where: { $0 != i && happensBefore(Int(i), clocks[Int($0)]) }) {
            races.append((i, index))
            raced = true
        }
        // What the initials of its races need: what it came after, apart from the race itself.
        if raced { before[index] = (clock, conflicting + after) }
        for i in conflicting + after { join(&clock, clocks[Int(i)]) }
        if case .attempt = access {
            // Seen by the races alone: the thread's clock does not move.
            clocks.append(clock)
            steps.append(Step(thread: thread, access: access, point: Int32(points.count) - 1,
                              local: (t < clock.count ? clock[t] : 0) + 1, attempt: true))
            return steps[Int(index)]
        }
        while clock.count <= t { clock.append(0) }
        clock[t] += 1
        threadClocks[t] = clock
        clocks.append(clock)
        steps.append(Step(thread: thread, access: access, point: Int32(points.count) - 1, local: clock[t]))
        // The first step of the thread chosen at each point, for the sleep sets.
        if !unseen.isEmpty {
            unseen.removeAll { p in
                guard points[p].options[points[p].chosen] == thread else { return false }
                points[p].chosenStep = access
                return true
            }
        }
        switch access {
        case .all:
            lastWrite[Execution.everything] = index
            readsSince[Execution.everything] = []
        case .object(let key, let write):
            if write {
                lastWrite[key] = index
                readsSince[key] = []
            } else {
                read(key, index)
            }
            read(Execution.everything, index)
        case .tryLock(let key):
            lastWrite[key] = index
            readsSince[key] = []
            read(Execution.everything, index)
        case .release(let key):
            lastRelease[key] = index
            read(Execution.everything, index)
        case .none, .attempt:
            break
        }
        return steps[Int(index)]
    }

    /// Step `index` reads `key`: it takes the place of its thread's earlier read since the last
    /// write (that one comes before it, so only the latest can race with a write).
    private mutating func read(_ key: UInt64, _ index: Int32) {
        let thread = steps[Int(index)].thread
        if let k = readsSince[key]?.firstIndex(where: { steps[Int($0)].thread == thread }) {
            readsSince[key]![k] = index
        } else {
            readsSince[key, default: []].append(index)
        }
    }

    /// Whether step `i` happens before a step whose clock is `clock`.
    private func happensBefore(_ i: Int, _ clock: [UInt32]) -> Bool {
        let t = Int(steps[i].thread)
        return t < clock.count && clock[t] >= steps[i].local
    }

    private mutating func grow(to t: Int) {
        while threadClocks.count <= t {
            threadClocks.append([])
            startClocks.append(nil)
            endClocks.append(nil)
        }
    }

    private func join(_ clock: inout [UInt32], _ other: [UInt32]) {
        if clock.count < other.count { clock.append(contentsOf: repeatElement(0, count: other.count - clock.count)) }
        for k in other.indices where other[k] > clock[k] { clock[k] = other[k] }
    }

    /// The threads that can go first in the steps after step `i` that do not happen after it,
    /// followed by step `j` (source-DPOR's initials of notdep(i).j): those whose first step there
    /// has nothing there before it.
    func initials(racing i: Int32, with j: Int32) -> [ThreadID] {
        let first = steps[Int(i)]
        var later: [Int] = []
        for k in Int(i) + 1..<Int(j) where !steps[k].attempt && !happensBefore(Int(i), clocks[k]) { later.append(k) }
        later.append(Int(j))
        // Whether step l comes before step k in the reordering, where step j no longer comes
        // after step i (nor after what comes after i).
        let context = before[j]
        func precedes(_ l: Int, _ k: Int) -> Bool {
            guard k == Int(j), let context else { return happensBefore(l, clocks[k]) }
            if happensBefore(l, context.clock) { return true }
            return context.after.contains { c in
                c != i && !happensBefore(Int(i), clocks[Int(c)]) && (Int(c) == l || happensBefore(l, clocks[Int(c)]))
            }
        }
        var seen: [ThreadID] = []
        var result: [ThreadID] = []
        for (position, k) in later.enumerated() {
            let thread = steps[k].thread
            if seen.contains(thread) { continue }
            seen.append(thread)
            let blocked = later[..<position].contains { l in steps[l].thread != thread && precedes(l, k) }
            if !blocked && thread != first.thread { result.append(thread) }
        }
        return result
    }

    /// A fingerprint of the run's happens-before order among its observable steps: two runs
    /// have the same one when they order every pair of dependent steps the same way (the same
    /// Mazurkiewicz trace), whatever order independent steps came in. FNV-1a over each step's
    /// thread, number, access and vector clock, steps taken by thread and number.
    var fingerprint: UInt64 {
        let order = steps.indices.filter { !steps[$0].attempt }.sorted { a, b in
            steps[a].thread != steps[b].thread ? steps[a].thread < steps[b].thread : steps[a].local < steps[b].local
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt64) {
            var v = value
            for _ in 0..<8 {
                hash = (hash ^ (v & 0xFF)) &* 0x0000_0100_0000_01B3
                v >>= 8
            }
        }
        for k in order {
            mix(UInt64(UInt32(bitPattern: steps[k].thread)) << 32 | UInt64(steps[k].local))
            switch steps[k].access {
            case .none: mix(0)
            case .all: mix(1)
            case .object(let key, let write): mix(key &+ (write ? 2 : 3))
            case .release(let key): mix(key &+ 4)
            case .attempt(let key): mix(key &+ 5)
            case .tryLock(let key): mix(key &+ 6)
            }
            // Trailing zeros say nothing: a clock grows as threads appear.
            let clock = clocks[k]
            let count = (clock.lastIndex { $0 != 0 } ?? -1) + 1
            mix(UInt64(count))
            for c in clock.prefix(count) { mix(UInt64(c)) }
        }
        return hash
    }
}
