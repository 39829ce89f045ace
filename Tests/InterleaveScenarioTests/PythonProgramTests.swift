import Foundation
import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// The corpus in `Python/`: typical threading programs, each run as it is, printing what CPython
/// printed (`Python/expect.sh` wrote `name.expected` with python3), as a set of lines, since the
/// order of threads' lines is the scheduler's.
@Suite struct PythonProgramTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python")

    static var programs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".py") }.sorted()
    }

    static func compile(_ file: String) throws -> Scenario {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        return try compileScenario(text, name: file)
    }

    @Test func theCorpusHasPrograms() {
        #expect(PythonProgramTests.programs.count >= 15)
    }

    @Test(arguments: PythonProgramTests.programs)
    func printsWhatCPythonPrints(_ file: String) throws {
        let result = simulate(try PythonProgramTests.compile(file))
        let expectedFile = PythonProgramTests.directory.appendingPathComponent(file.replacingOccurrences(of: ".py", with: ".expected"))
        let expected = try String(contentsOf: expectedFile, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(result.summary.output.sorted() == expected.sorted(), "\(file)")
        #expect(result.summary.outcome == .completed, "\(file)")
        #expect(result.summary.errors.isEmpty, "\(file): \(result.summary.errors.map { result.summary.names.describe($0.error) })")
    }

    @Test func sleepingWorkersTakeTheirLongestSleep() throws {
        let result = simulate(try PythonProgramTests.compile("sleepers.py"))
        #expect(result.summary.duration >= VirtualDuration.ms(900))
        #expect(result.summary.duration < VirtualDuration.ms(905))
    }

    @Test func theFetchesOverlapOnTheNetwork() throws {
        let result = simulate(try PythonProgramTests.compile("fetch.py"))
        // Three requests of 100 ms each, at once: about one round trip, not three.
        #expect(result.summary.duration >= VirtualDuration.ms(100))
        #expect(result.summary.duration < VirtualDuration.ms(101))
    }

    @Test func aLockedCounterLosesNothingAndHasNoRace() throws {
        let result = simulate(try PythonProgramTests.compile("locked_counter.py"))
        #expect(result.summary.value(of: "counter") == 40000)
        #expect(result.summary.races.isEmpty)
        #expect(result.summary.lostUpdates.isEmpty)
    }

    @Test func aReadCallWriteCounterRacesAndLosesUpdatesWhenThreadsRunFree() throws {
        let scenario = try PythonProgramTests.compile("lost_update.py")
        let result = simulate(scenario, .with(policy: "free", seed: 2))
        #expect(!result.summary.races.isEmpty)
        #expect(!result.summary.lostUpdates.isEmpty)
        #expect((result.summary.value(of: "counter")?.integer ?? 0) < 200_000)
    }

    @Test func theSameSeedGivesTheSameEvents() throws {
        let scenario = try PythonProgramTests.compile("producer_consumer.py")
        let first = simulate(scenario, .with(policy: "random", seed: 9))
        let second = simulate(scenario, .with(policy: "random", seed: 9))
        #expect(first.digest == second.digest)
        #expect(first.events.count > 50)
    }

    @Test func onlyNamesAFunctionSeesAreShared() throws {
        let program = try PythonProgramTests.compile("sleepers.py").program
        // `threads` and `t` belong to the main thread alone: no visible step reads them.
        #expect(program.shared.isEmpty)
        let counter = try PythonProgramTests.compile("locked_counter.py").program
        #expect(counter.shared.map(\.name) == ["counter"])
    }
}
