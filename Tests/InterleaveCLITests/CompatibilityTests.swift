import Foundation
import InterleaveTestSupport
import Testing

/// Recordings made by earlier versions of Interleave still open, verify and print as they did.
@Suite struct CompatibilityTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// `timeouts-v2.ilvrec` was recorded by interleave 0.1.0 (event vocabulary 2, before blocked
    /// waits said their timeout and acquisitions whether they were non-blocking); `timeouts-v2.txt`
    /// is what that version's `replay --headless` printed for it, 100 columns wide.
    @Test func aVocabularyTwoRecordingVerifiesAndReplaysAsItsVersionPrintedIt() throws {
        let verify = try runInterleave(["verify", "timeouts-v2.ilvrec"], in: CompatibilityTests.fixtures)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("reproduces all 93 recorded events"))
        let replay = try runInterleave(["replay", "timeouts-v2.ilvrec", "--headless"], in: CompatibilityTests.fixtures,
                                       environment: ["COLUMNS": "100"])
        let printed = try String(contentsOf: CompatibilityTests.fixtures.appendingPathComponent("timeouts-v2.txt"), encoding: .utf8)
        #expect(replay.stdout == printed)
        #expect(replay.status == 0)
    }
}
