import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// The footprint the search predicts for a thread's next step (`Machine.nextStep(of:)`, which sleep
/// sets and the depth-first search rely on) covers what that step then does, as its events declare
/// it (`Event.Kind.touches`): if the prediction were narrower, the search would call two steps
/// independent that are not, and skip schedules it must run.
@Suite struct FootprintTests {
    /// Whether a step predicted to touch `predicted` may make an event touching `actual`.
    static func covers(_ predicted: StepFootprint, _ actual: StepFootprint) -> Bool {
        switch (predicted.touches, actual.touches) {
        case (.everything, _), (_, .nothing): return true
        case (.output, .output): return true
        case let (.object(kind, index, write), .object(actualKind, actualIndex, actualWrite)):
            return kind == actualKind && index == actualIndex && (write || !actualWrite)
        default: return false
        }
    }

    /// Two threads submitting to one pool at the same moment: a submission may start a worker.
    static let submitters = """
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor(max_workers=4)
        together = Barrier(2)
        shared done = 0

        def work(n):
            done += n
            return n

        def submitter(n):
            together.wait()
            f = pool.submit(work, n)
            g = pool.submit(work, n + 1)
            f.result()
            g.result()

        join start submitter(1), start submitter(10)
        pool.shutdown()
        """

    /// Cells: main writes the locals its threads' lambdas read (`loadCell`, `storeCell`).
    static let cells = """
        import threading

        def main():
            n = 0
            threads = [threading.Thread(target=lambda: sum(n for _ in range(50))) for _ in range(2)]
            for t in threads:
                t.start()
            for i in range(50):
                n = n + 1
            for t in threads:
                t.join()

        main()
        """

    @Test(arguments: ["lock_counter", "unlocked_counter", "semaphore", "barrier", "queue_pipeline", "event",
                      "philosophers", "submitters", "cells"])
    func eachOrderedStepTouchesNoMoreThanItsFootprintSays(_ name: String) throws {
        let scenario = name == "submitters" ? try compileScenario(Self.submitters, name: name)
            : name == "cells" ? try compileScenario(Self.cells, name: "cells.py") : try catalogueScenario(name)
        var checked = 0
        for seed in UInt64(1)...(name == "submitters" ? 40 : 4) {
            // Free-threaded on three cores: steps of different threads at the same moment, each an `order` choice.
            var config = scenario.settings.config
            config.policy = .manual(over: .free)
            config.cores = 3
            config.seed = seed
            // Threads that come alive at once, so that their steps meet (and are ordered by a choice).
            config.threadStartCost = 0
            config.contextSwitchCost = 0
            config.maxSteps = 200_000
            var machine = Machine(program: scenario.program, config: config)
            var random = SplitMix64(seed: seed)
            var pending: (thread: ThreadID, step: StepFootprint)?
            var events: [Event] = []
            var process: [ProcessID] = []
            for _ in 0..<20_000 {
                events.removeAll(keepingCapacity: true)
                let before = machine.visibleStepCount
                let status = machine.run(RunLimit(maxEvents: 1), into: &events)
                for event in events {
                    if case .threadCreated(let child, _, let owner, _) = event.kind {
                        while process.count <= Int(child) { process.append(0) }
                        process[Int(child)] = owner
                    }
                }
                if pending != nil && machine.visibleStepCount > before + 1 {
                    pending = nil  // more than the one step ran in this batch: it can't be told apart
                }
                if let step = pending, let index = events.firstIndex(where: { $0.thread == step.thread && !$0.kind.isChoice }) {
                    // The batch that holds the chosen thread's step: everything it did there. (A
                    // thread's end comes from the return after its last step, which is not a
                    // step of its own: an end touches everything and wakes every sleeper anyway.)
                    for event in events[index...] where event.thread == step.thread && !event.kind.isEnd {
                        let actual = StepFootprint(event.kind.touches, process: process[Int(event.thread)], program: scenario.program)
                        #expect(Self.covers(step.step, actual),
                                "\(name), seed \(seed): predicted \(step.step.touches), then #\(event.seq) \(event.kind.name) touched \(actual.touches)")
                        checked += 1
                    }
                    pending = nil
                }
                guard case .awaitingChoice(let request) = status else {
                    if case .finished = status { break }
                    continue
                }
                let index = Int(random.next() % UInt64(request.options.count))
                if case .order = request.kind {
                    pending = (request.options[index], machine.nextStep(of: request.options[index]))
                }
                try machine.answer(index)
            }
        }
        #expect(checked > 0, "\(name) made ordered steps")
    }
}

extension Event.Kind {
    var isChoice: Bool {
        if case .choice = self { return true }
        return false
    }

    var isEnd: Bool {
        if case .threadFinished = self { return true }
        return false
    }
}
