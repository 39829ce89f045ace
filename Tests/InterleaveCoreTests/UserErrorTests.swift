import InterleaveCore
import InterleaveTestSupport
import Testing

/// Mistakes in a program become error events and summary lines; the run goes on.
@Suite struct UserErrorTests {
    func errors(_ result: SimulationResult) -> [UserError] { result.summary.errors.map(\.error) }

    @Test func releasingALockNeverTakenIsReportedAndTheRunGoesOn() {
        let b = ProgramBuilder(name: "bad-release")
        let lock = b.lock("lock")
        b.main { f in
            f.release(lock)
            f.print("still here")
        }
        let result = simulate(b.build())
        #expect(errors(result) == [.releaseUnlocked(lock: 0)])
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.output == ["still here"])
        #expect(!result.summary.succeeded)
        #expect(result.summary.text().contains("released lock 'lock', which is not locked"))
    }

    @Test func joiningOneselfIsReported() {
        let b = ProgramBuilder(name: "join-self")
        let worker = b.declare("worker")
        b.define(worker) { f in
            f.emit(.push(.thread(1)))  // this thread's own handle: thread 1
            f.emit(.join(.blocking))
            f.print("worker done")
        }
        b.main { f in
            let t = f.start(worker)
            f.join(t)
        }
        let result = simulate(b.build())
        #expect(errors(result) == [.joinSelf])
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.output == ["worker done"])
        #expect(result.summary.text().contains("a thread cannot join itself"))
    }

    @Test func otherMistakes() {
        let b = ProgramBuilder(name: "mistakes")
        let rlock = b.lock("r", kind: .rlock)
        let bounded = b.semaphore("pool", 1, bounded: true)
        let condition = b.condition("cond")
        let holder = b.function("holder") { f in
            f.acquire(rlock)
            f.sleep(.constant(Int64(VirtualDuration.ms(10))))
            f.release(rlock)
        }
        let idle = b.function("idle") { _ in }
        b.main { f in
            let h = f.start(holder)
            f.sleep(.constant(Int64(VirtualDuration.ms(1))))
            f.release(rlock)                     // owned by another thread
            f.release(bounded)                   // above its initial value
            f.notify(condition)                  // without holding its lock
            let never = f.create(idle)
            f.join(never)                        // never started
            f.start(.local(h))                   // started twice
            f.push(.constant(1) / .constant(0))  // division by zero
            f.emit(.pop)
            f.join(h)
        }
        let result = simulate(b.build())
        #expect(errors(result) == [
            .releaseNotOwner(lock: 0, owner: 1),
            .semaphoreOverReleased(0),
            .conditionNotOwner(0),
            .joinNotStarted(2),
            .startedTwice(1),
            .divisionByZero,
        ])
        #expect(result.summary.outcome == .completed)
    }

    @Test func anEndlessLoopIsStoppedByTheStepLimit() {
        let b = ProgramBuilder(name: "spin")
        b.main { f in f.while(1) { _ in } }
        let result = simulate(b.build(), MachineConfig(maxSteps: 10_000))
        #expect(result.summary.outcome == .stepLimit)
        #expect(result.machine.steps == 10_000)
        #expect(result.summary.text().contains("stopped by the step limit"))
    }

    @Test func aFailedExpectationIsReportedWhereItStands() {
        let b = ProgramBuilder(name: "expect")
        let x = b.shared("x", 1)
        b.main { f in
            f.expect(.shared(x) == 2, "x == 2")
            f.set(x, 2)
            f.expect(.shared(x) == 2, "x == 2 afterwards")
        }
        let result = simulate(b.build())
        #expect(result.summary.expectations.map(\.failed) == [1, 0])
        #expect(result.summary.expectations.map(\.passed) == [0, 1])
        #expect(result.summary.text().contains("FAILED   expect x == 2 (failed 1×"))
        #expect(!result.summary.succeeded)
    }
}
