import InterleaveCore
import InterleaveRecording
import InterleaveReports

/// What a headless run prints, fed event by event: the program's output as it happens (or every
/// event with `--events`), then a text timeline and the summary (or the JSON summary). `run` and
/// `replay` print the same report for the same events.
struct HeadlessReport {
    enum Style {
        /// The output, then the timeline and the summary.
        case text
        /// Every event as it happens, then the timeline and the summary.
        case events
        /// Only the JSON summary at the end.
        case json
    }

    let style: Style
    let width: Int
    /// Where the lines go (standard output unless told otherwise).
    let write: (String) -> Void
    private(set) var summary: Summary
    private var timeline: Timeline
    private var names: EventNames

    init(program: Program, style: Style, width: Int = TerminalWidth.current, write: @escaping (String) -> Void = { print($0, terminator: "") }) {
        self.style = style
        self.width = width
        self.write = write
        summary = Summary(program: program)
        timeline = Timeline(columns: width)
        names = EventNames(program: program)
    }

    mutating func consume(_ event: Event) {
        let change = summary.consume(event)
        timeline.consume(event, change: change, world: summary.world)
        switch style {
        case .events:
            names.observe(event)
            write(names.line(event) + "\n")
        case .text:
            if case .printed(let text) = event.kind { write(text + "\n") }
        case .json:
            break
        }
    }

    /// Reads every event of a recording (in one batch: it hands its events out without a copy).
    mutating func read(_ source: RecordedSource) {
        var driver = Driver(source)
        driver.runToEnd(batch: Int.max, decide: { _, _, _ in nil }) { batch in
            // In place: a copy of each event would cost its retains.
            for index in batch.indices { consume(batch[index]) }
        }
    }

    /// Prints the end of the report.
    /// Writes the end of the report. `reached`: how far a recorded run that did not end had gone
    /// (a run quit early), to which its threads' states are charged.
    mutating func finish(scenario: String, config: MachineConfig, reached: VirtualTime = 0) {
        summary = summary.asOf(reached)
        if style == .json {
            write(summary.json(scenario: scenario, config: config).text + "\n")
        } else {
            write("\n" + timeline.text(width: width, world: summary.world) + "\n" + summary.text(config: config))
        }
    }
}
