import InterleaveCore

/// Built-in programs, written with ``ProgramBuilder``: the threading tutorial's examples and the
/// classic synchronization problems, for the engine's tests and benchmarks (users write scenarios).
public enum Demos {
    /// Five workers each sleep 2 s; main starts them all, then joins them all.
    public static func workers(count: Int = 5, sleep: VirtualTime = VirtualDuration.s(2)) -> Program {
        let b = ProgramBuilder(name: "workers")
        let worker = b.function("worker", parameters: 1) { f in
            let n = f.parameter(0)
            f.print("Worker {} started", [.local(n)])
            f.sleep(.constant(Int64(sleep)))
            f.print("Worker {} finished", [.local(n)])
        }
        b.main { f in
            let handles = (0..<count).map { i in f.start(worker, [.constant(Int64(i))]) }
            for handle in handles { f.join(handle) }
            f.print("All workers completed.")
        }
        return b.build()
    }

    /// `threads` threads each make `calls` blocking I/O calls of `each`; with `threads` 1 and
    /// `calls` multiplied, the same work done sequentially.
    public static func ioBound(threads: Int = 8, calls: Int = 5, each: VirtualTime = VirtualDuration.ms(200)) -> Program {
        let b = ProgramBuilder(name: threads == 1 ? "io-sequential" : "io-threads")
        let fetch = b.function("fetch", parameters: 1) { f in
            f.repeat(.constant(Int64(calls))) { f in f.io(.constant(Int64(each))) }
        }
        b.main { f in
            let handles = (0..<threads).map { i in f.start(fetch, [.constant(Int64(i))]) }
            for handle in handles { f.join(handle) }
        }
        return b.build()
    }

    /// `threads` CPU-bound threads (or processes) each computing for `work`.
    public static func cpuBound(threads: Int = 2, work: VirtualTime = VirtualDuration.ms(100), processes: Bool = false) -> Program {
        let b = ProgramBuilder(name: processes ? "cpu-processes" : "cpu-threads")
        let crunch = b.function("crunch") { f in f.compute(.constant(Int64(work))) }
        b.main { f in
            let handles = (0..<threads).map { _ in
                processes ? f.startProcess(crunch) : f.start(crunch)
            }
            for handle in handles { f.join(handle) }
        }
        return b.build()
    }

    /// `threads` threads each add 1 to a shared counter `increments` times under a lock.
    public static func lockCounter(threads: Int = 2, increments: Int = 1000) -> Program {
        let b = ProgramBuilder(name: "lock-counter")
        let counter = b.shared("counter")
        let lock = b.lock("lock")
        let increment = b.function("increment") { f in
            f.repeat(.constant(Int64(increments))) { f in
                f.with(lock) { f in f.increment(counter) }
            }
        }
        b.main { f in
            let handles = (0..<threads).map { _ in f.start(increment) }
            for handle in handles { f.join(handle) }
            f.expect(.shared(counter) == .constant(Int64(threads * increments)), "counter == \(threads * increments)")
        }
        return b.build()
    }

    /// The same counter with no lock. With `callBetween`, the read and the write are split by a
    /// function call (`tmp = counter; f(); counter = tmp + 1`), a GIL check point.
    public static func unlockedCounter(threads: Int = 2, increments: Int = 1000, callBetween: Bool = false) -> Program {
        let b = ProgramBuilder(name: callBetween ? "unlocked-counter-call" : "unlocked-counter")
        let counter = b.shared("counter")
        let helper = b.function("work") { f in f.return(0) }
        let increment = b.function("increment") { f in
            f.repeat(.constant(Int64(increments))) { f in
                if callBetween {
                    let tmp = f.local()
                    f.set(tmp, .shared(counter))
                    f.call(helper)
                    f.set(counter, .local(tmp) + 1)
                } else {
                    f.increment(counter)
                }
            }
        }
        b.main { f in
            let handles = (0..<threads).map { _ in f.start(increment) }
            for handle in handles { f.join(handle) }
            f.expect(.shared(counter) == .constant(Int64(threads * increments)), "counter == \(threads * increments)")
        }
        return b.build()
    }

    /// Dining philosophers: each takes the left fork, thinks a moment, then the right one.
    /// With `ordered`, each takes the lower-numbered fork first, which cannot deadlock.
    public static func philosophers(count: Int = 5, meals: Int = 3, ordered: Bool = false) -> Program {
        let b = ProgramBuilder(name: ordered ? "philosophers-ordered" : "philosophers")
        let forks = (0..<count).map { b.lock("fork\($0)") }
        let diners = (0..<count).map { i in
            let left = forks[i], right = forks[(i + 1) % count]
            let (first, second) = ordered && (i + 1) % count < i ? (right, left) : (left, right)
            return b.function("philosopher\(i)") { f in
                f.repeat(.constant(Int64(meals))) { f in
                    f.acquire(first)
                    f.sleep(.constant(Int64(VirtualDuration.ms(1))))
                    f.acquire(second)
                    f.compute(.constant(Int64(VirtualDuration.ms(1))))
                    f.release(second)
                    f.release(first)
                }
            }
        }
        b.main { f in
            let handles = diners.enumerated().map { i, diner in f.start(diner, name: "P\(i)") }
            for handle in handles { f.join(handle) }
            f.print("Everyone has eaten.")
        }
        return b.build()
    }

    /// A daemon thread that would work for 10 s; main finishes after 1 s and the program ends.
    public static func daemon() -> Program {
        let b = ProgramBuilder(name: "daemon")
        let background = b.function("background") { f in
            f.repeat(10) { f in
                f.print("daemon still working")
                f.sleep(.constant(Int64(VirtualDuration.s(1))))
            }
        }
        b.main { f in
            _ = f.start(background, daemon: true)
            f.sleep(.constant(Int64(VirtualDuration.ms(1500))))
            f.print("main done")
        }
        return b.build()
    }

    /// Producer and consumer on a bounded buffer guarded by a Condition.
    public static func producerConsumer(items: Int = 10, capacity: Int = 2) -> Program {
        let b = ProgramBuilder(name: "producer-consumer")
        let count = b.shared("buffered")
        let consumed = b.shared("consumed")
        let condition = b.condition("not_full_or_empty")
        let producer = b.function("producer") { f in
            f.repeat(.constant(Int64(items))) { f in
                f.with(condition) { f in
                    f.while(.shared(count) >= .constant(Int64(capacity))) { f in f.wait(condition) }
                    f.increment(count)
                    f.notifyAll(condition)
                }
            }
        }
        let consumer = b.function("consumer") { f in
            f.repeat(.constant(Int64(items))) { f in
                f.with(condition) { f in
                    f.while(.shared(count) == 0) { f in f.wait(condition) }
                    f.increment(count, by: -1)
                    f.increment(consumed)
                    f.notifyAll(condition)
                }
                f.io(.constant(Int64(VirtualDuration.ms(1))))
            }
        }
        b.main { f in
            let c = f.start(consumer)
            let p = f.start(producer)
            f.join(p)
            f.join(c)
            f.expect(.shared(consumed) == .constant(Int64(items)), "consumed == \(items)")
            f.expect(.shared(count) == 0, "buffered == 0")
        }
        return b.build()
    }

    /// Ten workers share a pool of three connections (a Semaphore); at most three use one at a time.
    public static func connectionPool(workers: Int = 10, connections: Int64 = 3) -> Program {
        let b = ProgramBuilder(name: "connection-pool")
        let inUse = b.shared("in_use")
        let peak = b.shared("peak")
        let pool = b.semaphore("pool", connections)
        let guardLock = b.lock("stats")
        let worker = b.function("worker") { f in
            f.with(pool) { f in
                f.with(guardLock) { f in
                    f.increment(inUse)
                    f.if(.shared(inUse) > .shared(peak), then: { f in f.set(peak, .shared(inUse)) })
                }
                f.io(.constant(Int64(VirtualDuration.ms(100))))
                f.with(guardLock) { f in f.increment(inUse, by: -1) }
            }
        }
        b.main { f in
            let handles = (0..<workers).map { _ in f.start(worker) }
            for handle in handles { f.join(handle) }
            f.expect(.shared(peak) <= .constant(connections), "peak <= \(connections)")
        }
        return b.build()
    }

    /// Threads meet at a Barrier between two phases.
    public static func barrier(parties: Int = 3) -> Program {
        let b = ProgramBuilder(name: "barrier")
        let arrived = b.shared("phase1_done")
        let barrier = b.barrier("checkpoint", parties: Int32(parties))
        let lock = b.lock("lock")
        let worker = b.function("worker", parameters: 1) { f in
            f.sleep(.local(f.parameter(0)) * .constant(Int64(VirtualDuration.ms(10))))
            f.with(lock) { f in f.increment(arrived) }
            f.wait(barrier)
            f.expect(.shared(arrived) == .constant(Int64(parties)), "phase1_done == \(parties) after the barrier")
        }
        b.main { f in
            let handles = (0..<parties).map { i in f.start(worker, [.constant(Int64(i + 1))]) }
            for handle in handles { f.join(handle) }
        }
        return b.build()
    }

    /// A producer hands numbers to a consumer through a bounded Queue; an Event starts them.
    public static func pipeline(items: Int = 5) -> Program {
        let b = ProgramBuilder(name: "pipeline")
        let total = b.shared("total")
        let queue = b.queue("jobs", maxSize: 2)
        let go = b.flag("go")
        let producer = b.function("producer") { f in
            f.wait(go)
            let i = f.local()
            f.forRange(i, from: 1, to: .constant(Int64(items + 1))) { f in f.put(queue, .local(i)) }
        }
        let consumer = b.function("consumer") { f in
            f.wait(go)
            let item = f.local()
            f.repeat(.constant(Int64(items))) { f in
                f.get(queue, into: item)
                f.set(total, .shared(total) + .local(item))
            }
        }
        b.main { f in
            let c = f.start(consumer)
            let p = f.start(producer)
            f.sleep(.constant(Int64(VirtualDuration.ms(5))))
            f.set(go)
            f.join(p)
            f.join(c)
            let expected = Int64(items * (items + 1) / 2)
            f.expect(.shared(total) == .constant(expected), "total == \(expected)")
        }
        return b.build()
    }
}
