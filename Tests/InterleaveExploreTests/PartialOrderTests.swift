import InterleaveCore
@testable import InterleaveExplore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// The unbounded depth-first search with partial-order reduction, held against the full search:
/// the same failures, the same final states, far fewer schedules, and every distinct
/// interleaving once where the theory says so.
@Suite struct PartialOrderTests {
    /// The settings of a program that may switch threads at every shared access, on one core.
    static let settings = "# interleave: policy = random\n# interleave: cores = 1\n"
    /// Those settings and the program's first import.
    static let oneCore = settings + "import threading\n"

    /// The end of a program: it starts the threads `threads` lists (a list's items, in Python),
    /// joins them, then does `then`.
    static func starting(_ threads: String, then: String = "") -> String {
        // (A multi-line literal before it ends without a line break.)
        "\nthreads = [\(threads)]\nfor t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n" + then
    }

    /// Small programs, each with something to find or to prove absent, on one core under a policy
    /// that may switch threads at every shared access (where the reduction applies), with the
    /// bound on departures from the default past which the full search finds nothing new (one
    /// more finds the same: checked when they were written).
    static let programs: [(name: String, source: String, bound: Int)] = [
        ("lost update", counterProgram(locked: false, increments: 2, header: PartialOrderTests.settings), 4),
        ("locked counter", counterProgram(locked: true, increments: 2, header: PartialOrderTests.settings), 3),
        ("philosophers", PartialOrderTests.oneCore + """
            forks = [threading.Lock(), threading.Lock()]
            def dine(i):
                with forks[i]:
                    with forks[1 - i]:
                        pass
            """ + PartialOrderTests.starting("threading.Thread(target=dine, args=(i,)) for i in range(2)"), 3),
        ("check then act", PartialOrderTests.oneCore + """
            balance = 1
            def withdraw():
                global balance
                if balance >= 1:
                    balance = balance - 1
            """ + PartialOrderTests.starting("threading.Thread(target=withdraw) for _ in range(2)", then: """
            assert balance >= 0
            """), 4),
        ("a semaphore as a lock", PartialOrderTests.oneCore + """
            x = 1
            s = threading.Semaphore(1)
            def double():
                global x
                with s:
                    x = x * 2
            def add():
                global x
                with s:
                    x = x + 1
            """ + PartialOrderTests.starting("threading.Thread(target=double), threading.Thread(target=add)", then: """
            print(x)
            """), 4),
        ("a try-lock against a release", PartialOrderTests.oneCore + """
            x = 0
            lock = threading.Lock()
            def hold():
                global x
                with lock:
                    x = 1
            def try_it():
                global x
                if lock.acquire(blocking=False):
                    lock.release()
                else:
                    x = 5
            """ + PartialOrderTests.starting("threading.Thread(target=hold), threading.Thread(target=try_it)", then: """
            print(x)
            """), 4),
        ("a failed try before the holder's release", PartialOrderTests.oneCore + """
            import queue
            lock = threading.Lock()
            q = queue.Queue()
            x = 0
            def hold():
                global x
                lock.acquire()
                q.get()
                x = 1
                lock.release()
            def try_it():
                q.put(1)
                if lock.acquire(blocking=False):
                    print(x)
                    lock.release()
            """ + PartialOrderTests.starting("threading.Thread(target=hold), threading.Thread(target=try_it)"), 4),
        ("three threads, two variables", PartialOrderTests.oneCore + """
            x = 0
            y = 0
            seen = []
            def write_x():
                global x
                x = 1
            def write_y():
                global y
                y = 1
            def read_both():
                seen.append(x + 2 * y)
            """ + PartialOrderTests.starting("threading.Thread(target=f) for f in (write_x, write_y, read_both)", then: """
            print(seen)
            """), 4),
        ("queue and condition", PartialOrderTests.oneCore + """
            import queue
            q = queue.Queue()
            ready = threading.Condition()
            done = 0
            def consume():
                global done
                item = q.get()
                with ready:
                    done += item
                    ready.notify()
            def produce():
                q.put(1)
                q.put(2)
            threads = [threading.Thread(target=consume), threading.Thread(target=consume), threading.Thread(target=produce)]
            for t in threads: t.start()
            with ready:
                while done < 3:
                    ready.wait()
            for t in threads: t.join()
            """, 3),
    ]

    /// Programs where the clock decides which choices come up (several cores; the GIL): `dfs`
    /// without a bound runs every schedule there where there are finitely many (and finds what
    /// the bounded full search finds), and keeps to 2 departures where there are not.
    static let timed: [(name: String, source: String)] = [
        ("three cores, an event", ExplorerTests.ordering),
        ("two cores, independent steps", ExplorerTests.independent),
        ("a try-lock on two cores", ExplorerTests.timing[0]),
        ("sleeps against steps", ExplorerTests.timing[1]),
        ("an Event read by is_set()", PartialOrderTests.oneCore + """
            x = 0
            e = threading.Event()
            def look():
                global x
                if not e.is_set():
                    x = 1
            def signal():
                e.set()
            """ + PartialOrderTests.starting("threading.Thread(target=look), threading.Thread(target=signal)", then: """
            print(x)
            """)),
        ("under the GIL", """
            # interleave: policy = gil
            import threading
            forks = [threading.Lock(), threading.Lock(), threading.Lock()]
            def dine(i):
                with forks[i]:
                    with forks[(i + 1) % 3]:
                        pass
            """ + PartialOrderTests.starting("threading.Thread(target=dine, args=(i,)) for i in range(3)")),
    ]

    func trial(_ source: String) throws -> Trial {
        let scenario = try compileScenario(source, name: source.contains("import threading") ? "test.py" : "test")
        return Trial(program: scenario.program, config: scenario.settings.config)
    }

    /// What a schedule ends with: each shared variable's last value, what was printed, how it ended.
    func finalState(_ trial: Trial, _ answers: [Int]) -> String {
        var values: [Int32: String] = [:]
        var printed: [String] = []
        var ending = ""
        _ = trial.run(.manual, seed: 1, answers: answers) { batch in
            for event in batch {
                switch event.kind {
                case .sharedWrite(let variable, _, let new): values[variable] = "\(new)"
                case .printed(let text): printed.append(text)
                case .finished(let outcome): ending = "\(outcome)"
                default: continue
                }
            }
        }
        return values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            + " | " + printed.joined(separator: "/") + " | " + ending
    }

    /// What a search saw: the final states, the failures, the schedules.
    struct Seen: Equatable {
        var states: Set<String> = []
        var failures: Set<Failure.Identity> = []
        var schedules = 0
    }

    /// Every schedule with at most `bound` choices off the default (the search without reduction).
    func full(_ trial: Trial, bound: Int) -> Seen {
        var seen = Seen()
        let search = DepthFirst(trial: trial, seed: 1, bound: bound, sleepSets: false)
        let (root, subtrees) = search.root()
        func visit(_ run: Trial.Run) -> Bool {
            seen.schedules += 1
            seen.states.insert(finalState(trial, run.answers))
            seen.failures.formUnion(run.failures.map(\.identity))
            return true
        }
        _ = visit(root)
        for subtree in subtrees { search.explore(subtree, visit: visit) }
        return seen
    }

    /// The reduced search, to its end.
    func reduced(_ trial: Trial) -> (seen: Seen, search: PartialOrderSearch) {
        var seen = Seen()
        var search = PartialOrderSearch()
        while !search.finished {
            let (run, redundant) = trial.run(&search, seed: 1)
            if redundant { continue }
            seen.schedules += 1
            seen.states.insert(finalState(trial, run.answers))
            seen.failures.formUnion(run.failures.map(\.identity))
        }
        return (seen, search)
    }

    @Test(arguments: PartialOrderTests.programs.indices)
    func findsWhatTheFullSearchFinds(_ index: Int) throws {
        let (name, source, bound) = PartialOrderTests.programs[index]
        let trial = try trial(source)
        #expect(trial.reducible)
        let (reduced, search) = reduced(trial)
        let everything = full(trial, bound: bound)
        #expect(reduced.states == everything.states, "\(name): final states")
        #expect(reduced.failures == everything.failures, "\(name): failures")
        #expect(reduced.schedules < everything.schedules, "\(name): \(reduced.schedules) schedules against \(everything.schedules)")
        #expect(search.classes.count <= reduced.schedules)
    }

    @Test(arguments: PartialOrderTests.timed.indices)
    func runsEveryScheduleWhereTheClockDecidesTheChoices(_ index: Int) async throws {
        let (name, source) = PartialOrderTests.timed[index]
        let trial = try trial(source)
        #expect(!trial.reducible, "\(name)")
        let report = await Explorer(trial: trial, strategy: .dfs(preemptions: nil), seed: 1, jobs: 2, keepGoing: true)
            .run(Exploration.Limits(runs: 20_000))
        let everything = full(trial, bound: 4)
        #expect(!report.reduced && report.exhausted, "\(name)")
        if trial.unreducedBound == .max {
            // Every schedule: the bounded search's and more.
            #expect(report.schedules >= everything.schedules, "\(name)")
            #expect(Set(report.findings.map(\.failure.identity)) == everything.failures, "\(name): failures")
        } else {
            #expect(report.schedules == full(trial, bound: trial.unreducedBound).schedules, "\(name)")
        }
    }

    /// What reads shared state without an event (the clock, a queue's `empty()`) keeps the
    /// reduction off; a field of the program's own that happens to share such a name does not.
    @Test func readsWithoutEventsKeepTheReductionOff() throws {
        let header = PartialOrderTests.oneCore + "import time\nimport queue\n"
        let clock = try trial(header + "start = time.monotonic()\ndef f():\n    print(time.monotonic() - start)\n"
            + "t = threading.Thread(target=f)\nt.start()\nt.join()\n")
        #expect(clock.reductionBlocker?.contains("clock") == true)
        let empty = try trial(header + "q = queue.Queue()\ndef f():\n    print(q.empty())\n"
            + "t = threading.Thread(target=f)\nt.start()\nq.put(1)\nt.join()\n")
        #expect(empty.reductionBlocker?.contains("empty()") == true)
        let field = try trial(header + "class Job:\n    def __init__(self):\n        self.done = False\n"
            + "job = Job()\ndef f():\n    job.done = True\nt = threading.Thread(target=f)\nt.start()\nprint(job.done)\nt.join()\n")
        #expect(field.reducible, "\(field.reductionBlocker ?? "")")
    }

    /// Two threads reading and writing one variable twice each: 2 × (read, write) twice has 70
    /// interleavings, of which those that differ only in the order of two reads are one class.
    @Test func runsEachDistinctInterleavingOnce() throws {
        let trial = try trial(PartialOrderTests.programs[0].source)
        let (seen, search) = reduced(trial)
        // Counted by hand: the orders of R W R W against R W R W where two adjacent reads commute.
        #expect(search.classes.count == PartialOrderTests.traces(reads: 2, writes: 2))
        #expect(seen.schedules == search.classes.count, "one schedule for each class: \(seen.schedules)")
        #expect(search.redundantRuns == 0)
    }

    /// Lock operations: the acquisitions' order is what matters (a waiter's try is no step, and a
    /// release races with nothing), so two threads' two critical sections each run in each of
    /// their 6 orders once, and two philosophers in each of 3 ways (either first, or a deadlock).
    @Test func runsEachOrderOfCriticalSectionsOnce() throws {
        let (counter, counted) = reduced(try trial(PartialOrderTests.programs[1].source))
        #expect(counted.classes.count == 6 && counter.schedules == 6, "\(counter.schedules) schedules, \(counted.classes.count) classes")
        let (philosophers, dined) = reduced(try trial(PartialOrderTests.programs[2].source))
        #expect(dined.classes.count == 3 && philosophers.schedules == 3, "\(philosophers.schedules) schedules")
        #expect(philosophers.failures.map(\.kind) == [.deadlock])
    }

    /// The number of classes of interleavings of two threads that each alternate a read and a
    /// write of one variable `reads` times, reads of the two threads commuting (brute force).
    static func traces(reads: Int, writes: Int) -> Int {
        let length = reads + writes
        var classes: Set<[Int]> = []
        // Each interleaving as the positions of thread 0's steps.
        func interleavings(_ chosen: [Int], _ next: Int) {
            if chosen.count == length {
                var order: [(thread: Int, step: Int)] = []
                var a = 0, b = 0
                for position in 0..<(2 * length) {
                    if chosen.contains(position) { order.append((0, a)); a += 1 } else { order.append((1, b)); b += 1 }
                }
                // The class: for every pair of dependent steps (one a write: the odd ones), which came first.
                var relation: [Int] = []
                for i in order.indices {
                    for j in order.indices where j > i && order[i].thread != order[j].thread
                        && (order[i].step % 2 == 1 || order[j].step % 2 == 1) {
                        relation.append(order[i].thread * 100 + order[i].step * 10 + order[j].step)
                    }
                }
                classes.insert(relation.sorted())
                return
            }
            guard next < 2 * length else { return }
            interleavings(chosen + [next], next + 1)
            interleavings(chosen, next + 1)
        }
        interleavings([], 0)
        return classes.count
    }

    @Test func theSameSeedRunsTheSameSchedules() async throws {
        let trial = try trial(PartialOrderTests.programs[3].source)
        var reports: [String] = []
        for _ in 0..<2 {
            let report = await Explorer(trial: trial, strategy: .dfs(preemptions: nil), seed: 1, jobs: 2, keepGoing: true)
                .run(Exploration.Limits())
            reports.append("\(report.schedules) \(report.interleavings) \(report.skippedOptions) "
                + report.findings.map { "\($0.schedule.answers)" }.joined(separator: ";"))
            #expect(report.exhausted)
        }
        #expect(reports[0] == reports[1])
    }
}
