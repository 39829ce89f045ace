import InterleaveCore
import InterleaveDemos
import InterleaveReports
import InterleaveTestSupport
import Testing

/// The history index answers what each lane showed over any window, at any zoom.
@Suite struct HistoryTests {
    func history(_ events: [Event], locks: Int = 0) -> History {
        var history = History(lockCount: locks)
        var world = world(locks: locks)
        for event in events { history.consume(event, change: world.apply(event)) }
        return history
    }

    /// The world of a program with `locks` locks, which says what each event changes.
    func world(locks: Int) -> World {
        World(program: Program(name: "x", code: [], functions: [], main: 0,
                               locks: (0..<locks).map { LockDecl(name: "lock\($0)") }))
    }

    /// The activity each column of a thread's lane shows.
    func activities(_ history: History, _ thread: Int, from: VirtualTime, width: VirtualTime, count: Int) -> [ThreadActivity?] {
        history.columns(of: history.threads[thread], initial: Int32(ThreadActivity.notStarted.index), from: from, width: width,
                        count: count).map { $0.value.map { ThreadActivity.byIndex[Int($0)] } }
    }

    @Test func aColumnShowsWhatFilledMostOfIt() {
        let events: [Event] = [
            Event(seq: 0, time: 0, thread: -1, kind: .threadCreated(child: 0, name: "Main", process: 0, daemon: false)),
            Event(seq: 1, time: 0, thread: -1, kind: .threadStarted(child: 0)),
            Event(seq: 2, time: 10, thread: 0, kind: .dispatched(core: 0)),
            Event(seq: 3, time: 14, thread: 0, kind: .blocked(.sleep, holder: -1, timeout: 30)),
            Event(seq: 4, time: 40, thread: 0, kind: .woken(.elapsed, by: -1)),
        ]
        let history = self.history(events)
        // Columns of 10 ns: ready, then 4 ns running and 6 ns asleep, then asleep; from the run's end (40 ns), nothing.
        #expect(activities(history, 0, from: 0, width: 10, count: 5)
                == [.ready, .waiting(.sleep), .waiting(.sleep), .waiting(.sleep), nil])
        // Zoomed in to single nanoseconds around the dispatch.
        #expect(activities(history, 0, from: 12, width: 1, count: 4) == [.running, .running, .waiting(.sleep), .waiting(.sleep)])
        #expect(history.columns(of: history.threads[0], initial: 0, from: 10, width: 10, count: 1)[0].mixed)
    }

    @Test func stepsGiveEveryEventItsOwnColumn() {
        // Two adders at the same instant: each read and write is a step of its own.
        let result = simulate(Demos.unlockedCounter(threads: 2, increments: 3), MachineConfig(policy: .free, seed: 1))
        let history = self.history(result.events)
        #expect(history.eventCount == result.events.count)
        let reads = result.events.filter { if case .sharedRead = $0.kind { true } else { false } }
        for read in reads {
            #expect(history.marks[Int(read.seq)] == .read)
            #expect(history.actors[Int(read.seq)] == read.thread)
            // The reader is running in its step.
            let column = history.steps(of: history.threads[Int(read.thread)], initial: 0, from: Int(read.seq), count: 1)[0]
            #expect(column.value == Int32(ThreadActivity.running.index))
        }
        #expect(history.steps(of: history.threads[0], initial: 0, from: result.events.count, count: 1)[0].value == nil)
    }

    @Test func lockLanesFollowTheHolderAndMarksShowWhereALockChangedHands() throws {
        let result = simulate(Demos.lockCounter(threads: 2, increments: 3), MachineConfig(policy: .rr, seed: 1))
        let history = self.history(result.events, locks: 1)
        let acquired = try #require(result.events.first { if case .lockAcquired = $0.kind { true } else { false } })
        let lane = history.locks[0]
        #expect(lane.first?.value == acquired.thread && lane.first?.seq == acquired.seq)
        #expect(lane.last?.value == History.free)
        // Before the first acquisition the lock is free; at it, held by its taker.
        let steps = history.steps(of: lane, initial: History.free, from: Int(acquired.seq) - 1, count: 2)
        #expect(steps.map(\.value) == [History.free, acquired.thread])
        // A one-nanosecond column at the acquisition carries its mark, and only that thread's.
        let marks = history.marks(threads: 0..<3, from: acquired.time, width: 1, count: 1)
        #expect(marks[Int(acquired.thread)][0] == .acquired)
        // Zoomed out to one column for the whole run: the lock was mostly free, but it was held, and by whom is what shows.
        let whole = history.columns(of: lane, initial: History.free, from: 0, width: history.end + 1, count: 1,
                                    background: History.free)[0]
        #expect(whole.value != History.free && whole.mixed)
    }

    @Test func aCrowdedColumnIsWalkedOnlySoFar() {
        // 100,000 switches between running and ready inside one column: the answer comes from a bounded walk.
        var events: [Event] = [
            Event(seq: 0, time: 0, thread: -1, kind: .threadCreated(child: 0, name: "Main", process: 0, daemon: false)),
        ]
        for i in 1...100_000 {
            events.append(Event(seq: UInt64(i), time: VirtualTime(i), thread: 0,
                                kind: i % 2 == 0 ? .preempted(core: 0, reason: .quantum) : .dispatched(core: 0)))
        }
        let history = self.history(events)
        let column = history.columns(of: history.threads[0], initial: 0, from: 0, width: 200_000, count: 1)[0]
        #expect(column.mixed)
        #expect(column.value == Int32(ThreadActivity.running.index) || column.value == Int32(ThreadActivity.ready.index))
        #expect(history.marks(threads: 0..<1, from: 0, width: 200_000, count: 1)[0][0] == .none, "too many events to mark")
    }

    @Test func aLongRunKeepsOnlyItsLatestEventsAndTheLanesInForce() {
        let result = simulate(Demos.lockCounter(threads: 2, increments: 500), MachineConfig(policy: .rr, seed: 1))
        var full = History(lockCount: 1)
        var bounded = History(lockCount: 1, retained: 500)
        var world = world(locks: 1)
        for event in result.events {
            let change = world.apply(event)
            full.consume(event, change: change)
            bounded.consume(event, change: change)
        }
        #expect(bounded.eventCount == result.events.count)
        #expect(bounded.times.count >= 500 && bounded.times.count < 1000)
        #expect(bounded.first > 0 && bounded.startTime == result.events[Int(bounded.first)].time)
        // What is kept reads the same as with nothing dropped, on both axes and for every lane.
        let from = Int(bounded.first)
        let count = result.events.count - from
        for thread in full.threads.indices {
            #expect(bounded.steps(of: bounded.threads[thread], initial: 0, from: from, count: count)
                    == full.steps(of: full.threads[thread], initial: 0, from: from, count: count))
        }
        #expect(bounded.steps(of: bounded.locks[0], initial: History.free, from: from, count: count)
                == full.steps(of: full.locks[0], initial: History.free, from: from, count: count))
        let width: VirtualTime = 10
        let origin = (bounded.startTime / width + 1) * width
        let columns = Int((bounded.end - origin) / width)
        #expect(bounded.columns(of: bounded.locks[0], initial: History.free, from: origin, width: width, count: columns)
                == full.columns(of: full.locks[0], initial: History.free, from: origin, width: width, count: columns))
        // Before the oldest event kept, nothing.
        #expect(bounded.steps(of: bounded.threads[1], initial: 0, from: 0, count: 1)[0].value == nil)
        #expect(bounded.columns(of: bounded.threads[1], initial: 0, from: 0, width: 1, count: 1)[0].value == nil)
    }

    @Test func anRLockTakenBackAfterAConditionWaitIsHeldInItsLane() {
        let events: [Event] = [
            Event(seq: 0, time: 0, thread: -1, kind: .threadCreated(child: 0, name: "Main", process: 0, daemon: false)),
            Event(seq: 1, time: 10, thread: 0, kind: .lockAcquired(0, count: 1, nonBlocking: false)),
            Event(seq: 2, time: 20, thread: 0, kind: .lockAcquired(0, count: 2, nonBlocking: false)),
            // cond.wait() lets go of every level, and takes them all back when notified.
            Event(seq: 3, time: 30, thread: 0, kind: .lockReleased(0, count: 0)),
            Event(seq: 4, time: 50, thread: 0, kind: .lockAcquired(0, count: 2, nonBlocking: false)),
            Event(seq: 5, time: 60, thread: 0, kind: .lockReleased(0, count: 1)),
        ]
        let history = self.history(events, locks: 1)
        #expect(history.locks[0].map(\.value) == [0, History.free, 0])
        #expect(history.marks[4] == .acquired && history.marks[5] == .released)
    }
}
