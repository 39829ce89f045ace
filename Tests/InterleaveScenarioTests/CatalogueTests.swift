import Foundation
import InterleaveCore
import InterleaveReports
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// The shipped scenarios: each compiles, runs under its own config and shows what it says it shows.
@Suite struct CatalogueTests {
    /// Scenarios whose own config is meant to end in a deadlock.
    static let deadlocking: Set<String> = ["philosophers"]
    /// Scenarios meant to lose updates: their expectation is what the program wants, and it fails.
    static let losingUpdates: Set<String> = ["unlocked_counter", "unlocked_counter_call"]

    @Test func theCatalogueHasEveryTopicTheTutorialNeeds() {
        let names = Set(Catalogue.entries.map(\.name))
        for required in ["workers", "daemon", "io_bound", "cpu_bound", "cpu_processes", "lock_counter", "unlocked_counter",
                         "unlocked_counter_call", "event", "condition", "semaphore", "barrier", "queue_pipeline",
                         "philosophers", "philosophers_ordered", "priority_inversion", "convoy", "fetch_pool"] {
            #expect(names.contains(required), "missing \(required)")
        }
    }

    @Test(arguments: Catalogue.entries.map(\.name))
    func eachScenarioOpensWithWhatItTeachesAndMeetsItsExpectations(_ name: String) throws {
        let entry = try #require(Catalogue.entry(named: name))
        #expect(entry.text.hasPrefix("# \(entry.fileName) — "), "the first line names the file and says what it teaches")
        #expect(entry.text.contains("Watch for"), "the opening comment says what to watch for")
        #expect(!entry.summary.isEmpty)
        let scenario = try catalogueScenario(name)
        let result = simulate(scenario)
        if CatalogueTests.deadlocking.contains(name) {
            #expect(result.summary.outcome == .deadlock)
        } else if CatalogueTests.losingUpdates.contains(name) {
            // Meant to fail: the expectation is the program's intent, and the race breaks it.
            #expect(result.summary.outcome == .completed)
            #expect(result.summary.expectations.allSatisfy { $0.failed > 0 })
            #expect(!result.summary.lostUpdates.isEmpty && !result.summary.races.isEmpty)
        } else {
            #expect(result.summary.succeeded, "\(name):\n\(result.summary.text())")
            #expect(result.summary.expectations.allSatisfy { $0.passed > 0 }, "every expectation is reached")
        }
    }

    @Test func theWorkersTakeTwoSecondsNotTen() throws {
        let result = simulate(try scenario("workers"))
        #expect(result.summary.outcome == .completed)
        #expect(result.summary.duration >= VirtualDuration.s(2) && result.summary.duration < VirtualDuration.s(2) + VirtualDuration.ms(5))
        #expect(result.summary.output.last == "All workers completed.")
        #expect(result.summary.threads.count == 6)
        #expect(result.summary.threads.dropFirst().map(\.name) == (0..<5).map { "Worker-\($0)" })
        let mainEnd = try #require(result.summary.threads[0].finishedAt)
        #expect(result.summary.threads.dropFirst().allSatisfy { ($0.finishedAt ?? .max) <= mainEnd })
    }

    @Test func theLockedCounterEndsAtTwoHundredThousand() throws {
        let lockCounter = try scenario("lock_counter")
        for policy in ["gil", "free"] {
            let result = simulate(lockCounter, .with(policy: policy, seed: 7))
            #expect(result.summary.value(of: "counter") == 200_000)
        }
    }

    @Test func theUnlockedCounterLosesUpdatesWithoutAGILButNotUnderIt() throws {
        let unlocked = try scenario("unlocked_counter")
        let free = (1...6).map { simulate(unlocked, .with(policy: "free", seed: $0)).summary.value(of: "counter")?.integer ?? 0 }
        #expect(free.contains { $0 < 20_000 }, "some seed loses an update under free: \(free)")
        for seed: UInt64 in 1...3 {
            #expect(simulate(unlocked, .with(policy: "gil", seed: seed)).summary.value(of: "counter") == 20_000)
        }
        let withCall = try scenario("unlocked_counter_call")
        #expect(simulate(withCall).summary.value(of: "counter")?.integer ?? 0 < 20_000, "a call between read and write loses updates under gil")
    }

    @Test func thePhilosophersDeadlockInACycleOfAllFiveForks() throws {
        let result = simulate(try scenario("philosophers"))
        let deadlock = try #require(result.summary.deadlock)
        let description = result.summary.names.describe(cycle: deadlock.cycle)
        for fork in 0..<5 { #expect(description.contains("fork\(fork)")) }
        for philosopher in 0..<5 { #expect(description.contains("P\(philosopher)")) }
        let ordered = try scenario("philosophers_ordered")
        for seed: UInt64 in 1...5 {
            #expect(simulate(ordered, .with(seed: seed)).summary.succeeded)
        }
    }

    @Test func theSameScenarioAndSeedGiveTheSameStreamAndOtherSeedsDoNot() throws {
        let first = try catalogueScenario("unlocked_counter"), second = try catalogueScenario("unlocked_counter")
        #expect(first.program == second.program, "compiling is deterministic")
        let a = simulate(first, .with(seed: 4)), b = simulate(second, .with(seed: 4)), c = simulate(first, .with(seed: 5))
        #expect(a.digest == b.digest)
        #expect(a.digest != c.digest)
    }

    /// Golden text timelines and summaries: `INTERLEAVE_UPDATE_GOLDEN=1 swift test` rewrites them.
    @Test(arguments: ["workers", "philosophers", "convoy", "priority_inversion"])
    func theHeadlessReportMatchesItsGoldenFile(_ name: String) throws {
        let scenario = try self.scenario(name)
        let result = simulate(scenario)
        var timeline = Timeline(columns: 100)
        var summary = Summary(program: scenario.program)
        timeline.consume(result.events, summary: &summary)
        let report = timeline.text(width: 100, world: summary.world) + "\n" + summary.text(config: scenario.settings.config)
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/\(name).txt")
        if ProcessInfo.processInfo.environment["INTERLEAVE_UPDATE_GOLDEN"] == "1" {
            try report.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(report == expected)
    }

    private func scenario(_ name: String) throws -> Scenario {
        try catalogueScenario(name)
    }
}
