import InterleaveCore
import InterleaveReports

/// Everything the command-line tool makes of a run's events, fed one event at a time: the headless
/// report (`run`/`replay --headless`: the summary, the text timeline, the JSON summary; `--events`:
/// one line per event) and the exports (`export --format jsonl` and `--format perfetto`). The text
/// goes nowhere; only its length is kept, so nothing is optimised away.
public struct RunReport {
    private var summary: Summary
    private var timeline: Timeline
    private var names: EventNames
    private var trace: PerfettoTrace
    private let width: Int
    private let sink: Sink
    /// Which events are also written as a line and as JSON (by their number): the costliest part,
    /// some 60 µs an event under the sanitizer.
    private let inWords: (Int) -> Bool
    private var count = 0

    /// Where the text goes: counted, then dropped.
    final class Sink {
        var characters = 0
        func write(_ text: String) { characters &+= text.utf8.count }
    }

    /// A report on a run of `program`, its timeline drawn `width` columns wide; the events for which
    /// `inWords` holds are also written as `--events` lines and JSON lines (every one by default).
    public init(program: Program, width: Int, inWords: @escaping (Int) -> Bool = { _ in true }) {
        self.inWords = inWords
        let sink = Sink()
        self.sink = sink
        self.width = width
        summary = Summary(program: program)
        timeline = Timeline(columns: width)
        names = EventNames(program: program)
        trace = PerfettoTrace(program: program, write: { sink.write($0) })
    }

    /// Whether the run ended, and in failure (what `run` and `replay` turn into exit status 1).
    public var failed: Bool { summary.outcome != nil && !summary.succeeded }

    public mutating func consume(_ event: Event) {
        // HeadlessReport.consume: the summary's world says what changed, the timeline folds it.
        let change = summary.consume(event)
        timeline.consume(event, change: change, world: summary.world)
        // --events and export --format jsonl.
        names.observe(event)
        if inWords(count) {
            sink.write(names.line(event))
            sink.write(event.json(names: names).text)
        }
        count += 1
        // export --format perfetto.
        trace.consume(event)
    }

    public mutating func consume(_ events: some Sequence<Event>) {
        for event in events { consume(event) }
    }

    /// The end of every report: the timeline and the summary as text, the JSON summary, the
    /// trace's closing. Returns how many bytes of text the run gave (to keep it all alive).
    @discardableResult
    public mutating func finish(scenario: String, config: MachineConfig) -> Int {
        sink.write(timeline.text(width: width, world: summary.world))
        sink.write(summary.text(config: config))
        sink.write(summary.json(scenario: scenario, config: config).text)
        trace.finish()
        return sink.characters
    }
}
