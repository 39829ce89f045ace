import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// Classes, instances and the objects a program makes as it runs.
extension PythonLanguageTests {
    @Test func instancesKeepTheirAttributesAndCallTheirMethods() throws {
        let result = try run("""
            class Point:
                def __init__(self, x, y=0):
                    self.x = x
                    self.y = y

                def moved(self, dx, dy=0):
                    return Point(self.x + dx, self.y + dy)

                def norm1(self):
                    return abs(self.x) + abs(self.y)

            class Point3(Point):
                def __init__(self, x, y, z):
                    super().__init__(x, y)
                    self.z = z

                def norm1(self):
                    return Point.norm1(self) + abs(self.z)

            p = Point(1)
            q = p.moved(2, dy=-5)
            q.x += 10
            r = Point3(1, -2, 3)
            print(p.x, p.y, q.x, q.y, q.norm1(), r.norm1(), r.moved(1).norm1())
            try:
                print(p.z)
            except AttributeError as e:
                print(e)
            """)
        #expect(result.summary.output == ["1 0 13 -5 18 6 4", "'Point' object has no attribute 'z'"])
        #expect(result.summary.errors.isEmpty)
    }

    @Test func anAttributeIsASharedVariableNamedAfterItsInstance() throws {
        let program = """
            import threading

            class Account:
                def __init__(self):
                    self.balance = 0

                def deposit(self, amount):
                    for _ in range(20000):
                        current = self.balance
                        self.balance = current + amount

            account = Account()
            threads = [threading.Thread(target=account.deposit, args=(1,)) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            """
        let calm = try run(program)
        #expect(calm.summary.value(of: "account.balance") == .int(40000))
        // Each read and write of `self.balance` is a step of its own: threads running free lose an
        // update (enough of them that the second thread starts before the first is done).
        let free = try run(program, .with(policy: "free", seed: 3))
        #expect(free.summary.lostUpdates.contains { free.summary.names.variable($0.variable) == "account.balance" })
        #expect(free.summary.races.contains { free.summary.names.variable($0.report.variable) == "account.balance" })
        #expect((free.summary.value(of: "account.balance")?.integer ?? 40000) < 40000)
    }

    @Test func locksMadeInInitAreNamedAfterTheirInstanceAndTheirWaitsShow() throws {
        let result = try run("""
            import threading
            import time

            class Account:
                def __init__(self):
                    self.lock = threading.Lock()

                def hold(self):
                    with self.lock:
                        time.sleep(0.01)

            checking = Account()
            savings = Account()
            threads = [threading.Thread(target=a.hold) for a in (checking, checking, savings)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            """)
        let names = result.summary.names
        #expect(names.count(of: .lock) == 2)
        #expect(names.lock(0) == "checking.lock" && names.lock(1) == "savings.lock")
        #expect(result.summary.locks.map(\.name) == ["checking.lock", "savings.lock"])
        // Two threads wanted checking's lock at once: one waited for the other.
        #expect(result.summary.locks[0].contended == 1 && result.summary.locks[1].contended == 0)
        #expect(result.events.contains { if case .objectMade(.lock(reentrant: false), 1, "savings.lock") = $0.kind { true } else { false } })
    }

    @Test func objectsMadeInAFunctionAreNewEachCallAndNumberedByName() throws {
        let result = try run("""
            import threading
            import queue

            def batch(n):
                done = threading.Event()
                results = queue.Queue(maxsize=n)
                gate = threading.Semaphore(n - 1)
                with gate:
                    results.put(n)
                done.set()
                return results.get() + done.is_set()

            print(batch(2), batch(3))
            """)
        #expect(result.summary.output == ["3 4"])
        let names = result.summary.names
        #expect(names.count(of: .queue) == 2 && names.count(of: .flag) == 2 && names.count(of: .semaphore) == 2)
        #expect(names.queue(0) == "results" && names.queue(1) == "results#2")
        #expect(result.summary.errors.isEmpty)
    }

    @Test func aThreadSubclassRunsItsRunMethodAndIsNamedLikePythonsThreads() throws {
        let result = try run("""
            import threading

            class Named(threading.Thread):
                def __init__(self, label):
                    super().__init__(name=label)
                    self.label = label

                def run(self):
                    print("named", self.name, self.label)

            class Plain(threading.Thread):
                def run(self):
                    print("plain", self.name, threading.current_thread().name)

            threads = [Named("first"), Plain(), Named("second"), Plain()]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(all(not t.is_alive() for t in threads), threads[1].name)
            """)
        #expect(result.summary.output.sorted() == [
            "True Thread-1", "named first first", "named second second", "plain Thread-1 Thread-1", "plain Thread-2 Thread-2",
        ])
        #expect(result.summary.threads.map(\.name) == ["MainThread", "first", "Thread-1", "second", "Thread-2"])
        #expect(result.summary.value(of: "first.label") != nil)
    }

    @Test func exceptionClassesOfTheProgramAreCaughtByTheirBases() throws {
        let result = try run("""
            class AppError(Exception):
                pass

            class Busy(AppError):
                pass

            for n in range(3):
                try:
                    if n == 1:
                        raise Busy(f"try {n} later")
                    if n == 2:
                        raise AppError("broken")
                    print("ok", n)
                except Busy as e:
                    print("busy:", e)
                except AppError as e:
                    print("app:", e, repr(e))
            raise Busy("not caught")
            """)
        #expect(result.summary.output == ["ok 0", "busy: try 1 later", "app: broken AppError('broken')"])
        #expect(result.summary.errors.map { result.summary.names.describe($0.error) }
            == ["Busy: not caught (not caught: the thread ends here)"])
    }

    @Test func slicesAndGeneratorExpressions() throws {
        let result = try run("""
            items = [5, 3, 8, 1]
            print(items[1:], items[:2], items[-2:], items[1:3], "hello"[1:4], (1, 2, 3)[:-1], items[5:])
            print(sum(x * x for x in items), all(x > 0 for x in items), max((x for x in items if x < 8)))
            """)
        #expect(result.summary.output == ["[3, 8, 1] [5, 3] [8, 1] [3, 8] ell (1, 2) []", "99 True 5"])
    }

    @Test func zipAndRangeAndEnumerateAsValues() throws {
        let result = try run("""
            names = ["a", "b", "c"]
            for n, v in zip(names, range(10)):
                print(n, v)
            print(list(zip([1, 2], "xy", (True, False))), list(range(2, 8, 2)), list(enumerate("ab")), list(zip()))
            """)
        // As python3 prints them.
        #expect(result.summary.output == ["a 0", "b 1", "c 2", "[(1, 'x', True), (2, 'y', False)] [2, 4, 6] [(0, 'a'), (1, 'b')] []"])
    }

    @Test func aThreadTargetIsAMethodWithItsArgumentsByKeyword() throws {
        let result = try run("""
            import threading

            class Greeter:
                def __init__(self, word):
                    self.word = word

                def greet(self, name, punctuation="!"):
                    print(self.word, name + punctuation)

            g = Greeter("hello")
            t = threading.Thread(target=g.greet, args=("ada",), kwargs={"punctuation": "?"})
            t.start()
            t.join()
            print(t.name)
            """)
        #expect(result.summary.output == ["hello ada?", "Thread-1 (greet)"])
    }

    @Test func aMethodNamedLikeABuiltInOneLeavesOtherValuesTheirOwn() throws {
        let result = try run("""
            class Cache:
                def __init__(self):
                    self.items = {}

                def get(self, key):
                    return self.items.get(key, "missing")

                def put(self, key, value):
                    self.items[key] = value

            cache = Cache()
            cache.put("a", 1)
            settings = {"b": 2}
            print(cache.get("a"), cache.get("z"), settings.get("b"), settings.get("c", 0))
            try:
                cache.get()
            except TypeError as e:
                print("TypeError")
            """)
        #expect(result.summary.output == ["1 missing 2 0", "TypeError"])
    }

    @Test func aThreadSubclassWithoutRunAndADaemonFlagSetLaterRunAsInPython() throws {
        let result = try run("""
            import threading
            import time

            class Idle(threading.Thread):
                pass

            def forever():
                while True:
                    time.sleep(0.01)

            t = Idle()
            t.start()
            t.join()
            ticker = threading.Thread(target=forever)
            ticker.daemon = True
            ticker.start()
            time.sleep(0.05)
            with threading.Lock() as held:
                print("ok", held, ticker.daemon)
            try:
                ticker.daemon = False
            except RuntimeError as e:
                print(e)
            """)
        #expect(result.summary.output == ["ok True True", "cannot set daemon status of active thread"])
        // The daemon's endless loop does not keep the program from ending.
        #expect(result.summary.outcome == .completed)
    }

    @Test func classMistakesAreReportedWhereTheyAre() {
        let cases: [(String, String)] = [
            ("class A:\n    def f():\n        pass\n", "needs its instance as its first parameter"),
            ("class A:\n    pass\nA(1)\n", "A() takes no arguments"),
            ("class A:\n    def __init__(self, x):\n        self.x = x\nA()\n", "missing its argument 'x'"),
            ("class E(Exception):\n    def f(self):\n        pass\n", "exception class with methods"),
            ("class A:\n    pass\ntry:\n    pass\nexcept A:\n    pass\n", "'A' is not an exception class"),
            ("class A:\n    def m(self, x):\n        pass\nclass B:\n    def m(self, y):\n        pass\nA().m(x=1)\n",
             "define 'm' with different parameters"),
            ("def f():\n    class Inner:\n        pass\n", "a class inside a function"),
            ("class A:\n    def m(self, x=5):\n        return x\nclass B:\n    def m(self, x=10):\n        return x\nprint(A().m())\n",
             "different parameters or defaults"),
            ("class T:\n    def __str__(self):\n        return 'T'\n", "does not call a class's __str__ yet"),
        ]
        expectErrors(cases)
    }

    @Test func theSameSeedMakesTheSameObjectsAndEvents() throws {
        let text = """
            import threading
            class Box:
                def __init__(self):
                    self.lock = threading.Lock()
                    self.items = []
                def add(self, x):
                    with self.lock:
                        self.items = self.items + [x]
            boxes = [Box() for _ in range(3)]
            threads = [threading.Thread(target=boxes[i % 3].add, args=(i,)) for i in range(6)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            """
        let scenario = try compileScenario(text, name: "boxes.py")
        let first = simulate(scenario, .with(policy: "random", seed: 4))
        let second = simulate(scenario, .with(policy: "random", seed: 4))
        #expect(first.digest == second.digest)
        #expect(first.summary.names.count(of: .lock) == 3)
        #expect(first.summary.names.lock(2) == "Box-3.lock")
    }

    @Test func aClassAttributeIsOneVariableEveryInstanceSharesSoItsRaceIsReported() throws {
        let result = try run("""
            import threading

            class Counter:
                total = 0

                def add(self, n):
                    for _ in range(n):
                        Counter.total += 1

            counters = [Counter(), Counter()]
            threads = [threading.Thread(target=c.add, args=(20000,)) for c in counters]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(Counter.total < 40000, counters[0].total == Counter.total)
            """, .with(policy: "free", seed: 2))
        #expect(result.summary.output == ["True True"])
        #expect(result.summary.lostUpdates.contains { result.summary.names.variable($0.variable) == "Counter.total" })
        expectErrors([
            ("class A:\n    x = 1\nprint(A.y)\n", "'A' has no class attribute 'y'"),
            ("class A:\n    x = 1\nA.z = 3\n", "'A.z' is not a class attribute of 'A'"),
            ("class A:\n    x, y = 1, 2\n", "a class attribute is one name set to a value here"),
        ])
    }
}
