import InterleaveUI
import Testing

/// A table wider than its room, in blocks of the columns that fit.
@Suite struct TextFitTableTests {
    /// The summary of the tutorial's `fetch_urls.py`, as `run --headless` prints it.
    let table = [
        "thread                 running  ready  GIL wait                  blocked   sleep/io   finished",
        "MainThread            27.554us    0ns      90ns  100.167ms (join, start)        0ns  100.195ms",
        "Thread-1 (fetch_url)  55.694us    0ns         -                        -  100.001ms  100.062ms",
    ]

    @Test func aTableThatFitsStaysAsItIs() {
        #expect(TextFit.wrapTable(table, width: 100) == table)
    }

    @Test func aWideTableGoesInBlocksEachLedByItsFirstColumn() {
        let blocks = TextFit.wrapTable(table, width: 60)
        #expect(blocks == [
            "thread                 running  ready  GIL wait",
            "MainThread            27.554us    0ns      90ns",
            "Thread-1 (fetch_url)  55.694us    0ns         -",
            "",
            "thread                                blocked   sleep/io",
            "MainThread            100.167ms (join, start)        0ns",
            "Thread-1 (fetch_url)                        -  100.001ms",
            "",
            "thread                 finished",
            "MainThread            100.195ms",
            "Thread-1 (fetch_url)  100.062ms",
        ], "\(blocks.joined(separator: "\n"))")
    }

    @Test func aSentenceAfterALabelIsOneColumnCutNotAnEmptyBlock() {
        let lines = ["FAILED   expect counter == 2000 (failed 1x first at 3.2ms)", "passed   expect x == 1"]
        #expect(TextFit.wrapTable(lines, width: 40) == ["FAILED  expect counter == 2000 (failed ›", "passed  expect x == 1"])
    }

    @Test func aFirstColumnAsWideAsTheRoomCutsEveryLine() {
        #expect(TextFit.wrapTable(["a_long_label  1", "b  2"], width: 10) == ["a_long_la›", "b  2"])
    }

    @Test func aColumnWiderThanTheRoomIsCut() {
        let blocks = TextFit.wrapTable(["a  \(String(repeating: "x", count: 30))", "b  y"], width: 20)
        #expect(blocks == ["a  xxxxxxxxxxxxxxxx›", "b  y"])
    }
}
