import ArgumentParser
import InterleaveCore
import InterleaveRecording
import InterleaveReports

/// `interleave export`: a recording as a Perfetto trace, text, or JSON lines.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a recording: a Perfetto trace, the text report, or one JSON object per event.",
        discussion: """
            perfetto: Chrome Trace Event Format JSON that ui.perfetto.dev opens (a track per thread \
            with a slice per state, lock operations and prints as instants, arrows from a release or \
            notify to the thread it woke, a track per lock with its holders; virtual microseconds). \
            text: what 'replay --headless' prints. jsonl: one JSON object per event (README lists the fields).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case perfetto, text, jsonl
    }

    @Argument(help: "A recording file.")
    var file: String

    @Option(help: "perfetto, text or jsonl.")
    var format: Format

    @Option(name: .short, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "out"))
    var output: String?

    func run() throws {
        try OutputFile.checkNotInput(output, option: "-o", input: file, what: "recording")
        let (recording, _, program) = try RecordingFile.open(file)
        let out = try OutputFile(output, option: "-o")
        switch format {
        case .perfetto:
            var trace = PerfettoTrace(program: program, write: out.write)
            for event in recording.events { trace.consume(event) }
            trace.finish()
        case .text:
            var report = HeadlessReport(program: program, style: .text, width: TerminalWidth.current, write: out.write)
            report.read(RecordedSource(recording, program: program))
            report.finish(scenario: recording.header.scenarioName, config: recording.header.config, reached: recording.reached)
        case .jsonl:
            var names = EventNames(program: program)
            for event in recording.events {
                names.observe(event)
                out.write(event.json(names: names).text + "\n")
            }
        }
        try out.finish()
    }
}
