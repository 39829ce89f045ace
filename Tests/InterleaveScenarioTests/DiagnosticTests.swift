import InterleaveScenario
import InterleaveTestSupport
import Testing

/// Broken scenarios and the exact diagnostic each one must produce.
@Suite struct DiagnosticTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var source: String
        var line: Int
        var column: Int
        var message: String
        var hint: String?
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(source: "shared counter = 0\ndef f():\n    countr += 1\nf()\n", line: 3, column: 5,
             message: "unknown name 'countr'", hint: "did you mean 'counter'?"),
        Case(source: "def f():\n    x = 1\n  y = 2\nf()\n", line: 3, column: 1,
             message: "this line's indentation matches no enclosing block", hint: "indent it to column 5 or 1"),
        Case(source: "def f():\nx = 1\n", line: 2, column: 1,
             message: "expected an indented block after 'def f(...)' on line 1",
             hint: "indent the block's lines by 4 more spaces than the line that opens it (use 'pass' for an empty block)"),
        Case(source: "def f():\n    x = 1\n\ty = 2\nf()\n", line: 3, column: 1,
             message: "inconsistent use of tabs and spaces in indentation", hint: "indent with spaces only, 4 per level"),
        Case(source: "if True:\n        x = 1\n    y = 2\n", line: 3, column: 1,
             message: "this line's indentation matches no enclosing block", hint: "indent it to column 9 or 1"),
        Case(source: "x = 1\n    y = 2\n", line: 2, column: 5, message: "unexpected indentation",
             hint: "this line is indented more than the line before; line it up with its block"),
        Case(source: "sleep 2\n", line: 1, column: 7, message: "a duration needs a unit",
             hint: "write 2s, 2ms, 2us or 2ns"),
        Case(source: "x = 99999999999999999999\n", line: 1, column: 5,
             message: "the number 99999999999999999999 is too big for 64 bits", hint: "numbers go up to 9223372036854775807"),
        Case(source: "sleep 1.5\n", line: 1, column: 7, message: "'1.5' has a fraction, but numbers here are whole",
             hint: "only durations can have a fraction, like 0.5s; numbers are 64-bit integers"),
        Case(source: "sleep 5sec\n", line: 1, column: 7, message: "'5sec' is not a number or a duration",
             hint: "a duration is a number with a unit: ns, us, ms or s (for example 200ms)"),
        Case(source: "print \"hello\n", line: 1, column: 7, message: "this text is never closed",
             hint: "end it with \" on the same line"),
        Case(source: "lock = Lock()\nlock.aquire()\n", line: 2, column: 6,
             message: "Lock 'lock' has no method 'aquire'", hint: "did you mean 'acquire'?"),
        Case(source: "q = Queue()\nq.task_done()\n", line: 2, column: 3,
             message: "Queue.task_done() is not simulated by Interleave",
             hint: "Queue 'q' has put(), get(), put_nowait(), get_nowait()"),
        Case(source: "def f(a):\n    pass\nf(1, 2)\n", line: 3, column: 6,
             message: "f() takes 1 argument, but more were given", hint: "its parameters: a"),
        Case(source: "def f(a, b):\n    pass\nstart f(1)\n", line: 3, column: 7,
             message: "f() is missing its argument 'b'", hint: "it takes a, b"),
        Case(source: "def f(a):\n    pass\nstart f(1, nam=\"x\")\n", line: 3, column: 12,
             message: "f() has no parameter 'nam'", hint: "its parameters: a"),
        Case(source: "config policy = fastest\nsleep 1s\n", line: 1, column: 17, message: "unknown policy 'fastest'",
             hint: "Policies: gil, gil-legacy, free, rr, priority, random, pct, manual."),
        Case(source: "config core = 2\nsleep 1s\n", line: 1, column: 8, message: "unknown setting 'core'",
             hint: "did you mean 'cores'? Settings: policy, cores, seed, switch_interval, quantum, depth, max_steps."),
        Case(source: "config cores = 0\nsleep 1s\n", line: 1, column: 16, message: "'cores' must be between 1 and 256, not 0"),
        Case(source: "n = 5\ndef f():\n    print n\nf()\n", line: 3, column: 11,
             message: "'n' belongs to the main program, and functions can't see it",
             hint: "pass it as an argument, or declare it at the top level with 'shared n = 0'"),
        Case(source: "break\n", line: 1, column: 1, message: "'break' outside a loop"),
        Case(source: "def f():\n    return 1\nreturn 2\n", line: 3, column: 1, message: "'return' outside a function",
             hint: "the main program ends at the end of the file"),
        Case(source: "e = Event()\nwith e:\n    pass\n", line: 2, column: 6, message: "Event 'e' can't be used with 'with'",
             hint: "'with' takes a Lock, RLock, Condition, Semaphore or ThreadPoolExecutor"),
        Case(source: "x = 4 / 2\n", line: 1, column: 7, message: "'/' divides into fractions, and numbers here are whole",
             hint: "use // for whole-number division, as in Python"),
        Case(source: "x = (1 + 2\n", line: 1, column: 5, message: "'(' is never closed", hint: "add the matching ')'"),
        Case(source: "x = [1, 2)\n", line: 1, column: 10, message: "')' does not match the '[' it closes", hint: "close it with ']'"),
        Case(source: "expect 1 < 2 < 3\n", line: 1, column: 14, message: "chained comparisons are not supported",
             hint: "write 'a < b and b < c'"),
        Case(source: "def f():\n    l = Lock()\nf()\n", line: 2, column: 9,
             message: "objects are declared at the top level of the scenario",
             hint: "write 'name = Lock(...)' at the top level and use the name here"),
        Case(source: "lock = Lock()\nlock = 5\n", line: 2, column: 1, message: "'lock' is Lock 'lock' and can't be assigned to",
             hint: "objects are declared once, at the top level; choose another name"),
        Case(source: "def f():\n    pass\ndef f():\n    pass\nf()\n", line: 3, column: 5, message: "function 'f' is defined twice",
             hint: "the first definition is on line 1; rename one of them"),
        Case(source: "", line: 1, column: 1, message: "the scenario is empty",
             hint: "add statements at the top level, such as 'start worker()'; 'interleave show workers' shows an example"),
        Case(source: "# only a comment\ndef f():\n    pass\n", line: 4, column: 1, message: "the scenario has nothing to run",
             hint: "add statements at the top level, such as 'start worker()'; 'interleave show workers' shows an example"),
        Case(source: "sleep = 5\n", line: 1, column: 1, message: "'sleep' is a reserved word and can't be assigned to",
             hint: "choose another name, for example 'sleep_'"),
        Case(source: "def worker():\n    pass\nt = start worker()\nt.daemon = True\n", line: 4, column: 1,
             message: "a thread's daemon is set when it is made",
             hint: "write Thread(target=..., daemon=...) or start f(..., daemon=...)"),
        Case(source: "lock = Lock()\nok = lock.acquire(timeout=-5ms)\n", line: 2, column: 27, message: "a timeout can't be negative",
             hint: "leave it out (or write -1) to wait without a timeout"),
        Case(source: "q = Queue()\nx, ok = q.get()\n", line: 2, column: 9,
             message: "a blocking get always succeeds, so there is no 'ok' to assign",
             hint: "write 'item = q.get()', or give it a timeout or block=False"),
        Case(source: "print \"{}\"\n", line: 1, column: 8, message: "empty {} in text",
             hint: "put the value to print inside, like {n}, or write {{}} for braces"),
        Case(source: "print \"{x +}\"\nx = 1\n", line: 1, column: 12, message: "expected a value, found '}'"),
        Case(source: "items = [1]\nx = items + 1\n", line: 2, column: 5, message: "expected a number, but items is a list",
             hint: "take one element with [index], or its length with len(...)"),
        Case(source: "def worker():\n    pass\nts = [start worker()]\nstart helper(ts)\n", line: 4, column: 7,
             message: "unknown name 'helper'", hint: "assign it first, or declare it (shared, Lock(), def, ...)"),
        Case(source: "import socket\nsleep 1ms\n", line: 1, column: 8, message: "Interleave has no module 'socket'",
             hint: "threading, queue, multiprocessing and time are built in; other modules can't be simulated"),
        Case(source: "x = 1\nx == 2\n", line: 2, column: 1, message: "this line compares two values and does nothing",
             hint: "to assign, write x = ...; to check, write expect x == 2"),
        Case(source: "a, = 1\n", line: 1, column: 2, message: "unpacking into one name is not supported", hint: "remove the comma"),
        Case(source: "sleep -1s\n", line: 1, column: 7, message: "a duration can't be negative"),
        Case(source: "shared b = 9223372036854775807 + 1\nsleep 1ms\n", line: 1, column: 12,
             message: "a shared variable's starting value overflows 64 bits or divides by zero"),
        Case(source: "x = 9223372036854775808\n", line: 1, column: 5,
             message: "the number 9223372036854775808 is too big for 64 bits", hint: "numbers go up to 9223372036854775807"),
        Case(source: "q = Queue()\nx = q.get(timeout=-1)\n", line: 2, column: 19, message: "a timeout can't be negative",
             hint: "leave it out to wait without a timeout"),
        Case(source: "x = 1\nwhile x < 3\n    x += 1\n", line: 2, column: 12, message: "expected ':' after 'while', found the end of the line",
             hint: "a line that opens a block ends with ':'"),
    ]

    @Test(arguments: cases)
    func eachMistakeIsReportedAtItsPlace(_ expected: Case) {
        let found = diagnostics(of: expected.source)
        let first = found.first
        #expect(first != nil, "no diagnostic for:\n\(expected.source)")
        guard let first else { return }
        #expect(first.message == expected.message)
        #expect(first.line == expected.line && first.column == expected.column,
                "at \(first.line):\(first.column), expected \(expected.line):\(expected.column)")
        if let hint = expected.hint { #expect(first.hint == hint) }
    }

    @Test func everyErrorOfAFileIsReportedInOnePass() {
        let source = """
            shared counter = 0
            lock = Lock()
            def worker(n):
                with lokc:
                    countr += 1
                sleep 5
            t = start worker(1)
            join t, u
            """
        let found = diagnostics(of: source)
        #expect(found.map(\.line) == [4, 5, 6, 8])
        #expect(found.map(\.message) == ["unknown name 'lokc'", "unknown name 'countr'", "a duration needs a unit",
                                         "unknown name 'u'"])
    }

    @Test func theReportLooksLikeACompilersAndQuotesTheLine() throws {
        let file = SourceFile(name: "counter.ilv", text: "shared counter = 0\ndef f():\n\tcountr += 1\nf()\n")
        guard case .failure(let failure) = Scenario.compile(file, name: "counter") else {
            Issue.record("expected an error")
            return
        }
        #expect(failure.rendered == """
            counter.ilv:3:2: error: unknown name 'countr'
                \tcountr += 1
                \t^~~~~~
                hint: did you mean 'counter'?
            1 error in counter.ilv

            """)
    }

    @Test func aSyntaxErrorInTheOnlyStatementIsTheOnlyError() {
        let found = diagnostics(of: "config policy = gil-\n")
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("expected a value") == true)
    }

    @Test func aVeryLongLineIsQuotedAroundTheSpot() throws {
        let line = "x = " + String(repeating: "1 + ", count: 80) + "y"
        let file = SourceFile(name: "long.ilv", text: line + "\n")
        guard case .failure(let failure) = Scenario.compile(file, name: "long") else {
            Issue.record("expected an error")
            return
        }
        let lines = failure.rendered.split(separator: "\n")
        #expect(lines[0] == "long.ilv:1:325: error: unknown name 'y'")
        #expect(lines[1].count < 220 && lines[1].hasSuffix("1 + y"))
        #expect(lines[2].count == lines[1].count && lines[2].hasSuffix("^"))
    }

    @Test func aReportStopsListingAfterTwentyErrors() {
        let source = (1...30).map { "x\($0) = y\($0)" }.joined(separator: "\n")
        guard case .failure(let failure) = Scenario.compile(source, name: "many") else {
            Issue.record("expected errors")
            return
        }
        #expect(failure.errorCount == 30)
        #expect(failure.rendered.contains("many.ilv: 10 more not shown"))
        #expect(failure.rendered.hasSuffix("30 errors in many.ilv\n"))
    }

    @Test func aScenariosSummaryIsTheStartOfAVeryLongFirstComment() throws {
        let scenario = try compileScenario("# " + String(repeating: "y", count: 4_000_000) + "\nprint(1)\n")
        #expect(scenario.summary.count < 200 && scenario.summary.hasPrefix("yyyy"))
    }
}
