import Foundation
import InterleaveCore
import InterleaveExplore
import InterleaveProbe

/// A real Python program's schedules, for `explore --real`: each schedule a fresh process of the
/// program under Interleave's schedule, its choices answered by the search, stopped when the
/// schedule is done. Its runs wait for a process: ``Explorer`` runs them on threads of their own.
struct RealTrial: ScheduleRunner {
    let program: Program
    let kinds: Set<FailureKind>
    /// The interpreter itself (not a launcher), the program's file and its arguments.
    let python: String
    let script: String
    let arguments: [String]
    /// The clock every schedule starts from, and whether shared variables' accesses are points
    /// (each schedule's seed and chooser are its own: ``source(_:seed:)`` sets them).
    let scheduling: ObservedProcess.Scheduling
    /// PCT's estimate of a run's choices.
    var pctSteps: UInt64 = 1000
    /// A fork server to start each schedule's process from (nil: each starts an interpreter).
    var zygote: Zygote?

    func source(_ chooser: Policy.Chooser, seed: UInt64) -> ObservedSource? {
        var seeded = self.scheduling
        seeded.seed = seed
        seeded.chooser = chooser == .random ? .random : nil
        let (python, script, arguments, scheduling) = (python, script, arguments, seeded)
        let launched: ObservedProcess?
        if let zygote {
            launched = try? ObservedProcess.fork(from: zygote, script: script, arguments: arguments, scheduling: scheduling)
        } else {
            launched = Blocking.wait { () -> ObservedProcess? in
                try? await ObservedProcess.launch(python: python, script: script, arguments: arguments,
                                                  streams: .init(input: false, passThrough: false), scheduling: scheduling)
            }
        }
        guard let process = launched else { return nil }
        var policy = Policy.random
        policy.chooser = chooser
        return ObservedSource(process: process, program: program, control: .init(policy: policy, seed: seed, pctSteps: pctSteps))
    }

    func close(_ source: ObservedSource) { source.stop() }

    func visibleSteps(of source: ObservedSource) -> UInt64 { source.choicesMade }

    /// Without `--accesses` the threads' reads and writes of shared variables are not in the
    /// stream, so steps that depend on each other would look independent.
    var reductionBlocker: String? {
        scheduling.accesses ? nil : "needs every read and write of shared variables in the event stream (--accesses)"
    }

    /// Every point of a real program's schedule is a choice among the threads that can go: bound
    /// the departures from the default, as for the simulator's policies that switch at any step.
    var unreducedBound: Int { 2 }

    func withPCTSteps(_ steps: UInt64) -> RealTrial {
        var trial = self
        trial.pctSteps = steps
        return trial
    }
}

/// Waits, on the calling thread, for async work: for code on a thread of its own (never one of
/// the async pool's, whose threads the work itself may need).
enum Blocking {
    private final class Box<T>: @unchecked Sendable {
        var value: T?
    }

    static func wait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}
