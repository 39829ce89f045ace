import ArgumentParser
import Foundation
import InterleaveApp
import InterleaveCore
import InterleaveRecording
import InterleaveRuntime
import InterleaveScenario
import InterleaveTerminal
import InterleaveUI

/// A run the full-screen view shows: its name, program and source, how to start it (again, under
/// another configuration, when it can be), and the header of its recordings.
struct ViewedRun {
    /// A session started: its two channels and the task that drives it.
    struct Started {
        let updates: Channel<SessionUpdate>
        let controls: Channel<Control>
        let task: Task<Void, Never>

        init<Source: EventSource>(_ session: Session<Source>) {
            updates = session.updates
            controls = session.controls
            task = Task { _ = await session.run() }
        }
    }

    let name: String
    /// The name for files made from it (`workers-seed1.ilvrec`).
    let stem: String
    let program: Program
    let source: String
    let capabilities: SourceCapabilities
    /// Starts the run under a configuration, the first choices answered from the list, paused.
    let start: (MachineConfig, [Int]) -> Started
    /// How long the run lasts, for the first screen (nil: the view plays at the pace of real time).
    let preview: ((MachineConfig, [Int]) -> RunPreview)?
    let header: (MachineConfig) -> RecordingHeader

    /// A scenario, simulated: every control works, and a restart runs it again under another configuration.
    static func simulated(_ scenario: Scenario) -> ViewedRun {
        ViewedRun(
            name: scenario.name, stem: scenario.stem, program: scenario.program,
            source: String(decoding: scenario.source.bytes, as: UTF8.self), capabilities: [.choices, .snapshots],
            start: { config, answers in
                Started(Session(Simulation(program: scenario.program, config: config), startPaused: true, answers: answers,
                                keepsAfterEnd: true))
            },
            preview: { config, answers in RunPreview.of(Simulation(program: scenario.program, config: config), answers: answers) },
            header: { RecordingFile.header(scenario, config: $0) })
    }
}

/// Runs a run in the full-screen UI: the engine on its own task, the app model fed from the
/// session's channel, keys and wall-clock ticks from the terminal, frames to the terminal. With
/// `record`, each run is recorded to that file as it goes (a restart starts it again); `w` saves
/// the run so far from the app's own store of events.
enum LiveView {
    /// What the view would show: a run, or a recording.
    enum Showing { case run, replay }

    /// Stops with a message and status 2 unless standard input and output are both a terminal,
    /// saying what to add to print instead.
    static func requireTerminal(for showing: Showing) throws {
        guard isatty(0) == 0 || isatty(1) == 0 else { return }
        switch showing {
        case .run:
            let stream = isatty(1) == 0 ? "standard output" : "standard input"
            ScenarioLoader.report(["interleave: the full-screen view needs a terminal, and \(stream) is not one. "
                + "To write the run to a pipe or a file, add --headless (text), --json or --events."])
        case .replay:
            ScenarioLoader.report(["interleave: the full-screen view needs a terminal; to print the recording, add --headless, --json or --events."])
        }
        throw ExitCode.badInput
    }

    /// How long the loop waits for a key before drawing the next frame.
    static let frameMilliseconds: Int32 = 30
    /// The longest a frame spends folding the engine's updates before it draws.
    static let drainMilliseconds = 25

    /// Runs until the user quits; returns the last run's summary as far as it went, and its configuration
    /// (the user may have restarted with another seed or policy).
    /// `answers` answer the first run's first manual choices (a replay's recorded ones).
    /// `opening` stops the first run at that event, paused, with a note (a replay of a failure opens there).
    static func run(_ scenario: Scenario, config: MachineConfig, screen: ScreenOptions, record: String?, answers: [Int] = [],
                    opening: (event: Int, note: String)? = nil, watchpoints: Watchpoints = Watchpoints())
        async throws -> (Summary, MachineConfig) {
        let (summary, config, _) = try await run(.simulated(scenario), config: config, screen: screen, record: record,
                                                 answers: answers, opening: opening, watchpoints: watchpoints)
        return (summary, config)
    }

    /// With `interruptQuits`, Ctrl-C quits as `q` does (the run stopped, its recording completed),
    /// and the result says it came; otherwise Ctrl-C ends Interleave at once, terminal restored.
    static func run(_ viewed: ViewedRun, config: MachineConfig, screen: ScreenOptions, record: String?, answers: [Int] = [],
                    opening: (event: Int, note: String)? = nil, watchpoints: Watchpoints = Watchpoints(),
                    interruptQuits: Bool = false) async throws -> (Summary, MachineConfig, interrupted: Bool) {
        // The recording's file first, its header written: a path that can't be written stops the
        // run before the screen is taken, and a kill at once leaves a file that opens.
        var firstRecorder = try record.map { try Recorder(header: viewed.header(config), path: $0) }
        let terminal: Terminal
        do {
            terminal = try Terminal(colors: screen.colors, mouse: !screen.noMouse)
        } catch {
            // The run never started: no recording of it is left behind.
            if let record, firstRecorder != nil { unlink(record) }
            throw error
        }
        defer { terminal.close() }
        let interrupt = interruptQuits ? Interrupt() : nil
        var app = App(scenario: viewed.name, program: viewed.program, config: config,
                      width: terminal.size.width, height: terminal.size.height, capabilities: viewed.capabilities,
                      source: viewed.source, watchpoints: watchpoints)
        if let speed = screen.speed {
            app.play(at: speed.nanoseconds)
        } else if let preview = viewed.preview {
            // The first screen fits the run: a copy of it, run ahead, says how long it lasts.
            app.fit(to: preview(config, answers))
        } else {
            app.play(at: 1_000_000_000)
        }
        var grid = Grid(width: terminal.size.width, height: terminal.size.height)
        let clock = ContinuousClock()
        var last = clock.now
        var answers = answers
        var first = true
        while true {
            let session = viewed.start(app.config, answers)
            answers = []
            let engine = session.task
            if let opening = first ? opening : nil {
                for case .control(let control) in app.update(.open(event: opening.event, note: opening.note)) {
                    _ = session.controls.trySend(control)
                }
            }
            first = false
            var recorder = try firstRecorder.take() ?? record.map { try Recorder(header: viewed.header(app.config), path: $0) }
            /// Hands an update to the app and the recording (which keeps a branch: what stands, then what comes).
            func fold(_ update: SessionUpdate) throws {
                if case .events(let batch) = update, !app.awaitingBranch { recorder?.append(batch) }
                _ = app.update(.session(update))
                if case .branched = update, let record {
                    recorder = try Recorder(header: viewed.header(app.config), path: record)
                    recorder?.append(app.store.events(0..<app.store.count))
                }
            }
            var next: App?
            var quitting = false
            while next == nil && !quitting {
                if interrupt?.came == true { quitting = true }
                // Fold what the engine sent, but leave time to draw and read keys when it sends faster than that.
                let drainUntil = clock.now.advanced(by: .milliseconds(drainMilliseconds))
                while clock.now < drainUntil, let update = session.updates.tryReceive() { try fold(update) }
                var commands: [App.Command] = []
                switch terminal.read(milliseconds: frameMilliseconds) {
                case .key(let key)?:
                    if key == .resize {
                        _ = app.update(.resize(width: terminal.size.width, height: terminal.size.height))
                    }
                    commands += app.update(.key(key))
                case .mouse(let mouse)?:
                    commands += app.update(.mouse(mouse))
                case nil:
                    break
                }
                let now = clock.now
                let elapsed = now - last
                last = now
                let milliseconds = elapsed.milliseconds
                commands += app.update(.tick(milliseconds: milliseconds))
                for command in commands {
                    switch command {
                    case .control(let control): _ = session.controls.trySend(control)
                    case .restart(let config): next = app.restarted(config: config)
                    case .save: _ = app.update(.note(recorder?.flush() ?? save(app, viewed)))
                    case .quit: quitting = true
                    }
                }
                if grid.width != terminal.size.width || grid.height != terminal.size.height {
                    grid = Grid(width: terminal.size.width, height: terminal.size.height)
                }
                app.view(into: &grid)
                terminal.show(grid)
            }
            // Let the engine see `stop`, keeping what it still sends so it never waits on a full channel.
            _ = session.controls.trySend(.stop)
            for await update in session.updates { try fold(update) }
            _ = await engine.value
            recorder?.finish(reached: app.liveNow)
            guard let next else { return (app.runSummary, app.config, interrupt?.came == true) }
            app = next
            last = clock.now
        }
    }
}

/// Ctrl-C as a request to quit, noticed by the view's loop, while the view lasts (closing the
/// terminal gives every signal its default action back).
private final class Interrupt: @unchecked Sendable {
    private let source = DispatchSource.makeSignalSource(signal: SIGINT)
    private let flag = NSLock()
    private var seen = false

    init() {
        signal(SIGINT, SIG_IGN)
        source.setEventHandler { [unowned self] in self.flag.withLock { self.seen = true } }
        source.resume()
    }

    var came: Bool { flag.withLock { seen } }

    deinit { source.cancel() }
}

/// The live view's `--record` file, written as the run goes.
private struct Recorder {
    let path: String
    var writer: RecordingWriter?
    /// Why recording stopped, if it did.
    var failure: String?

    init(header: RecordingHeader, path: String) throws {
        self.path = path
        writer = try RecordingFile.create(path, header: header)
    }

    mutating func append(_ events: [Event]) {
        do { try writer?.append(events) } catch {
            failure = "recording stopped: \(error.localizedDescription)"
            writer = nil
        }
    }

    /// Writes what is pending; returns what to tell the user.
    mutating func flush() -> String {
        do {
            try writer?.flush()
            return writer.map { "recording to \(path): \($0.eventCount) events so far" } ?? failure ?? "nothing is being recorded"
        } catch {
            return "can't write the recording: \(error.localizedDescription)"
        }
    }

    /// Completes the recording (a run quit early is complete as far as it went, `reached`).
    mutating func finish(reached: VirtualTime) {
        try? writer?.finish(reached: reached)
        writer = nil
    }
}

/// Saves the run so far, every event the app keeps, as a recording in the current directory;
/// returns what to tell the user.
private func save(_ app: App, _ viewed: ViewedRun) -> String {
    let name = viewed.program.observed == nil ? "\(viewed.stem)-seed\(app.config.seed).ilvrec" : "\(viewed.stem)-real.ilvrec"
    do {
        var bytes: [UInt8] = []
        var writer = try RecordingWriter(header: viewed.header(app.config)) { bytes += $0 }
        var start = 0
        while start < app.store.count {
            try writer.append(app.store.events(start..<(start + EventStore.blockEvents)))
            start += EventStore.blockEvents
        }
        try writer.finish()
        try Data(bytes).write(to: URL(fileURLWithPath: name))
        return "saved \(writer.eventCount) events to \(name) (interleave replay \(name))"
    } catch {
        return "can't save the recording: \(error.localizedDescription)"
    }
}
