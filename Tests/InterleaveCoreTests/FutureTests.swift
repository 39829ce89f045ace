import InterleaveCore
import InterleaveTestSupport
import Testing

/// concurrent.futures in the engine: a ThreadPoolExecutor's workers, its queue of work, and the
/// futures that hold what the work returns.
@Suite struct FutureTests {
    /// A pool of `workers` running `tasks` calls of `fetch(n)`, which waits `n` × 10 ms of I/O and
    /// returns n × 100; main submits them all, adds up their results in order, and shuts down.
    func pooled(workers: Int32, tasks: Int64) -> Program {
        let b = ProgramBuilder(name: "pool")
        let total = b.shared("total")
        let pool = b.pool("pool", maxWorkers: workers)
        let fetch = b.function("fetch", parameters: 1) { f in
            f.io(.local(f.parameter(0)) * .constant(Int64(VirtualDuration.ms(10))))
            f.return(.local(f.parameter(0)) * 100)
        }
        b.main { f in
            let futures = f.local()
            f.emit(.listNew)
            f.emit(.store(futures.slot))
            let n = f.local()
            f.forRange(n, from: 1, to: .constant(tasks + 1)) { f in
                let future = f.submit(pool, fetch, [.local(n)])
                f.emit(.load(futures.slot))
                f.emit(.load(future.slot))
                f.emit(.listAppend)
            }
            let i = f.local()
            let value = f.local()
            f.forRange(i, from: 0, to: .length(futures)) { f in
                f.emit(.load(futures.slot))
                f.emit(.load(i.slot))
                f.emit(.listGet)
                let future = f.local()
                f.emit(.store(future.slot))
                f.result(future, into: value)
                f.set(total, .shared(total) + .local(value))
            }
            f.shutdown(pool, wait: true)
            f.expect(.shared(total) == .constant((1...tasks).reduce(0, +) * 100), "total")
        }
        return b.build()
    }

    @Test func aPoolRunsTheWorkOnAtMostItsWorkersAndResultsComeBackInOrder() {
        let result = simulate(pooled(workers: 3, tasks: 5), MachineConfig(policy: .gil, seed: 2))
        #expect(result.summary.outcome == .completed, "\(result.log)")
        #expect(result.summary.succeeded)
        let workers = result.summary.threads.dropFirst().map(\.name)
        #expect(workers == ["ThreadPoolExecutor-0_0", "ThreadPoolExecutor-0_1", "ThreadPoolExecutor-0_2"])
        let done = result.events.filter { if case .futureDone = $0.kind { true } else { false } }
        #expect(done.count == 5)
        // The I/O waits overlap on the three workers: 1+2+3 ms... the five take far less than their sum.
        #expect(result.summary.duration < VirtualDuration.ms(150))
        #expect(result.summary.races.isEmpty, "values handed over through futures are ordered")
    }

    @Test func asCompletedGivesEachFutureOnceAsItIsDone() {
        let b = ProgramBuilder(name: "as_completed")
        let pool = b.pool("pool", maxWorkers: 3)
        let sleeper = b.function("sleeper", parameters: 1) { f in
            f.sleep(.local(f.parameter(0)) * .constant(Int64(VirtualDuration.ms(1))))
            f.return(.local(f.parameter(0)))
        }
        b.main { f in
            let futures = f.local()
            f.emit(.listNew)
            f.emit(.store(futures.slot))
            for delay: Int64 in [30, 10, 20] {
                let future = f.submit(pool, sleeper, [.constant(delay)])
                f.emit(.load(futures.slot))
                f.emit(.load(future.slot))
                f.emit(.listAppend)
            }
            let future = f.local()
            let value = f.local()
            f.asCompleted(futures, into: future) { f, _ in
                f.result(future, into: value)
                f.print("done {}", [.local(value)])
            }
            f.shutdown(pool)
        }
        let result = simulate(b.build(), MachineConfig(policy: .gil, seed: 1))
        #expect(result.summary.output == ["done 10", "done 20", "done 30"], "\(result.log)")
        #expect(result.summary.outcome == .completed)
    }

    @Test func aTimedResultGivesUpAndSaysSo() {
        let b = ProgramBuilder(name: "timeout")
        let pool = b.pool("pool", maxWorkers: 1)
        let slow = b.function("slow") { f in
            f.sleep(.constant(Int64(VirtualDuration.s(1))))
            f.return(7)
        }
        b.main { f in
            let future = f.submit(pool, slow)
            let value = f.local(), ok = f.local()
            f.result(future, into: value, timeout: .constant(Int64(VirtualDuration.ms(10))), result: ok)
            f.expect(.local(ok) == 0, "timed out")
            f.result(future, into: value)
            f.expect(.local(value) == 7, "then done")
            f.shutdown(pool)
        }
        let result = simulate(b.build(), MachineConfig(policy: .gil, seed: 1))
        #expect(result.summary.succeeded, "\(result.log)")
        #expect(result.events.contains { if case .futureResult(_, _, true) = $0.kind { true } else { false } })
    }

    @Test func aTaskWaitingForWorkItsOwnPoolCannotRunIsADeadlock() {
        // One worker; its task submits another task to the same pool and waits for it.
        let b = ProgramBuilder(name: "starved")
        let pool = b.pool("pool", maxWorkers: 1)
        let inner = b.function("inner") { f in f.return(1) }
        let outer = b.declare("outer")
        b.define(outer) { f in
            let future = f.submit(pool, inner)
            let value = f.local()
            f.result(future, into: value)
        }
        b.main { f in
            let future = f.submit(pool, outer)
            let value = f.local()
            f.result(future, into: value)
            f.shutdown(pool)
        }
        let result = simulate(b.build(), MachineConfig(policy: .gil, seed: 1))
        #expect(result.summary.outcome == .deadlock, "\(result.log)")
        let report = try? #require(result.summary.deadlock)
        #expect(report?.blocked.contains { if case .future = $0.target { true } else { false } } == true)
        #expect(result.summary.text().contains("waits for future #1 (inner)"))
    }

    @Test func workSubmittedAfterShutdownIsAnError() {
        let b = ProgramBuilder(name: "late")
        let pool = b.pool("pool", maxWorkers: 2)
        let task = b.function("task") { f in f.return(1) }
        b.main { f in
            f.shutdown(pool)
            _ = f.submit(pool, task)
        }
        let result = simulate(b.build(), MachineConfig(policy: .gil, seed: 1))
        #expect(result.summary.errors.map(\.error) == [.poolShutDown(0)])
    }
}
