import InterleaveCore
import InterleaveTestSupport
import Testing

/// Extreme values and inconsistent IR end in error events or clean runs, never in a crash or a hang.
@Suite struct RobustnessTests {
    @Test func integerEdgesFollowPythonAndNeverTrap() {
        let b = ProgramBuilder(name: "edges")
        let results = (0..<5).map { b.shared("r\($0)") }
        b.main { f in
            f.set(results[0], .constant(.min) % 3)
            f.set(results[1], .constant(.min) / 3)
            f.set(results[2], .constant(-7) / 2)
            f.set(results[3], .constant(-7) % 2)
            f.set(results[4], .constant(.max) + 1)
        }
        let result = simulate(b.build())
        #expect(result.summary.shared[0] == [1, -3_074_457_345_618_258_603, -4, 1, .int(.min)])
        #expect(result.summary.errors.map(\.error) == [.overflow])
    }

    @Test func malformedCodeIsReportedAndSkipped() {
        let b = ProgramBuilder(name: "malformed")
        b.main { f in
            f.emit(.load(99))
            f.emit(.store(50))
            f.print("after")
        }
        let result = simulate(b.build())
        #expect(result.summary.errors.map(\.error) == [.malformedProgram(pc: 0), .malformedProgram(pc: 1)])
        #expect(result.summary.output == ["after"])
        #expect(result.summary.outcome == .completed)
    }

    @Test func anOperationOnALibraryObjectTheProgramDoesNotHaveIsReportedAndSkipped() {
        let b = ProgramBuilder(name: "no such barrier")
        _ = b.barrier("b", parties: 1)
        b.main { f in
            f.emit(.operate(.barrier, .wait, 3, .blocking))
            f.emit(.operate(.queue, .get, 0, .blocking))
            f.print("after")
        }
        let result = simulate(b.build())
        #expect(result.summary.errors.map(\.error) == [.malformedProgram(pc: 0), .malformedProgram(pc: 1)])
        #expect(result.summary.output == ["after"])
    }

    @Test func aWaitPastTheClocksLimitEndsItsThreadAndATimeoutThatFarWaitsForever() {
        let b = ProgramBuilder(name: "forever")
        let sleeper = b.function("sleeper") { f in
            f.sleep(.constant(Int64(Machine.clockLimit - VirtualDuration.s(1))))
            f.sleep(.constant(.max))
            f.print("never")
        }
        b.main { f in
            let t = f.start(sleeper)
            f.join(t, timeout: .constant(.max))
            f.compute(.constant(Int64(VirtualDuration.ms(1))))
        }
        let config = MachineConfig(switchInterval: .max, quantum: .max, timerSlack: .max)
        let result = simulate(b.build(), config)
        #expect(result.summary.outcome == .completed)
        // The second sleep ends the thread; the timer slack (as large as it goes) took the clock to
        // the limit, so main's 1 ms no longer fits either.
        #expect(result.summary.errors.map(\.error) == [.pastClockLimit(duration: VirtualTime(Int64.max)), .pastClockLimit(duration: VirtualDuration.ms(1))])
        #expect(result.summary.output.isEmpty)
        #expect(result.summary.duration > Machine.clockLimit - VirtualDuration.s(1) && result.summary.duration <= Machine.clockLimit + VirtualDuration.s(1))
        #expect(result.machine.config.switchInterval == VirtualDuration.s(3600))
    }
}
