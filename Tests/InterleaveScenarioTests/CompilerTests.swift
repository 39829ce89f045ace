import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// What the compiler makes of a scenario, seen from the program and from a run.
@Suite struct CompilerTests {
    @Test func everyInstructionKnowsItsSourceLine() throws {
        let program = try compileScenario("x = 1\n\nsleep 1ms\n").program
        #expect(program.lines.count == program.code.count)
        let sleep = try #require(program.code.firstIndex(of: .sleep))
        #expect(program.lines[sleep] == 3)
    }

    @Test func aFunctionTakingObjectsIsCompiledOncePerCombination() throws {
        let program = try compileScenario("""
            a = Lock()
            b = Lock()
            def use(first, second):
                with first:
                    with second:
                        pass
            use(a, b)
            use(b, a)
            use(a, b)
            """).program
        #expect(program.functions.filter { $0.name == "use" }.count == 2)
    }

    @Test func aFunctionNobodyCallsIsStillChecked() {
        let found = diagnostics(of: "def unused(x):\n    sleep 5\n    with x:\n        pass\nsleep 1ms\n")
        #expect(found.map(\.message) == ["a duration needs a unit"])
    }

    @Test func leavingAWithBlockByBreakContinueOrReturnReleasesTheLock() throws {
        let result = simulate(try compileScenario("""
            lock = Lock()
            def first_even():
                for i in range(1, 10):
                    with lock:
                        if i % 2 == 0:
                            return i
                return -1
            n = 0
            while True:
                with lock:
                    n += 1
                    if n < 3:
                        continue
                    break
            expect first_even() == 2
            expect lock.acquire(blocking=False) == 1
            """))
        #expect(result.summary.succeeded, "\(result.summary.text())")
        #expect(result.summary.errors.isEmpty)
    }

    @Test func andOrEvaluateTheirRightSideOnlyWhenItDecides() throws {
        let result = simulate(try compileScenario("""
            shared reads = 0
            def touch(v):
                reads += 1
                return v
            a = 0 and touch(1)
            b = 1 or touch(1)
            c = 1 and touch(7)
            expect a == 0 and b == 1 and c == 7
            expect reads == 1
            """))
        #expect(result.summary.succeeded, "\(result.summary.text())")
    }

    @Test func threadNamesWithHolesAreFilledWhenTheThreadIsMade() throws {
        let result = simulate(try compileScenario("""
            def worker(n, m):
                expect m == n * 10
            join [start worker(i, i * 10, name="w{i}-{i * 10}") for i in range(3)]
            """))
        #expect(result.summary.threads.map(\.name) == ["MainThread", "w0-0", "w1-10", "w2-20"])
        #expect(result.summary.succeeded)
    }

    @Test func aListIndexOutOfRangeIsAnErrorAtRunTime() throws {
        let result = simulate(try compileScenario("items = [1, 2]\nx = items[5]\n"))
        #expect(result.summary.errors.count == 1)
        #expect(result.summary.names.describe(result.summary.errors[0].error)
            == "list index 5 is out of range (the list has 2 elements; read as 0)")
    }

    @Test func aComprehensionsVariableDoesNotLeak() throws {
        let result = simulate(try compileScenario("""
            i = 7
            squares = [i * i for i in range(3)]
            expect i == 7
            total = 0
            for i in range(3):
                inner = [i * 10 for i in range(2)]
                total += i
            expect total == 3
            """))
        #expect(result.summary.succeeded, "\(result.summary.text())")
    }

    @Test func pythonsSpellingsAreAccepted() throws {
        let result = simulate(try compileScenario("""
            import threading, time
            from queue import Queue
            shared half = 10 // 4
            smallest = -9223372036854775808
            items = [1, 2, 3]
            def show(n: int) -> int:
                print(f"value { n }")
                return n
            expect show(items[-1]) == 3
            expect half == 2 and smallest < 0
            """))
        #expect(result.summary.succeeded, "\(result.summary.text())")
        #expect(result.summary.output == ["value 3"])
    }

    @Test func negativeTimeoutsFollowPython() throws {
        let result = simulate(try compileScenario("""
            lock = Lock()
            e = Event()
            expect lock.acquire(timeout=-1) == 1
            expect e.wait(timeout=-1) == 0
            """))
        #expect(result.summary.succeeded, "\(result.summary.text())")
    }

    @Test func anUncalledFunctionWithObjectParametersIsCheckedWithoutFalseErrors() {
        #expect(diagnostics(of: """
            shared items = 0
            def consumer(c, q):
                with c:
                    c.wait_for(lambda: items > 0)
                    c.wait(timeout=None)
                item, ok = q.get(timeout=1ms)
            sleep 1ms
            """).isEmpty)
    }

    @Test func runawayRecursionEndsTheThreadLikeARecursionError() throws {
        let result = simulate(try compileScenario("def f():\n    f()\nt = start f()\njoin t\nprint \"after\"\n"))
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.errors.count == 1)
        #expect(result.summary.output == ["after"])
    }
}
