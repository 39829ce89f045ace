import Foundation
import InterleaveTestSupport
import Testing

/// The built `interleave` binary, run as a user would.
@Suite struct CommandLineTests {
    @Test func versionAndHelp() throws {
        let version = try runInterleave(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try runInterleave(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("demo"))
    }

    @Test func withoutArgumentsTheDefaultDemoRuns() throws {
        let result = try runInterleave([])
        #expect(result.status == 0)
        #expect(result.stdout.contains("All workers completed."))
        #expect(result.stdout.contains("Outcome: completed after 2.000s of virtual time"))
    }

    @Test func aDeadlockExitsNonZeroAndNamesTheCycle() throws {
        let result = try runInterleave(["demo", "philosophers"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Deadlock: "))
        #expect(result.stdout.contains("lock 'fork"))
    }

    @Test func aFailedExpectationExitsNonZero() throws {
        let result = try runInterleave(["demo", "unlocked-counter-call", "--switch-interval", "1ms"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAILED   expect counter == 200000"))
    }

    @Test func badInputGetsAClearMessage() throws {
        let unknown = try runInterleave(["demo", "nope"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown demo 'nope'"))
        let policy = try runInterleave(["demo", "--policy", "fastest"])
        #expect(policy.status != 0)
        #expect(policy.stderr.contains("unknown policy 'fastest'. Choose one of: rr, priority"))
        let duration = try runInterleave(["demo", "--switch-interval", "5 ms"])
        #expect(duration.status != 0)
        #expect(duration.stderr.contains("is not a duration"))
        let huge = try runInterleave(["demo", "--quantum", "7200s"])
        #expect(huge.status != 0)
        #expect(huge.stderr.contains("--quantum must be more than 0 and at most 3600s, not 7200.000s"))
        let manual = try runInterleave(["demo", "--policy", "manual"])
        #expect(manual.status != 0)
        #expect(manual.stderr.contains("headless run cannot"))
    }

    @Test func theSameSeedPrintsTheSameEvents() throws {
        let arguments = ["demo", "unlocked-counter", "--policy", "free", "--events"]
        let first = try runInterleave(arguments + ["--seed", "3"])
        let again = try runInterleave(arguments + ["--seed", "3"])
        let other = try runInterleave(arguments + ["--seed", "4"])
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != other.stdout)
        #expect(first.stdout.contains("read counter"))
    }
}
