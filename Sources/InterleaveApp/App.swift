import DequeModule
import InterleaveCore
import InterleaveReports
import InterleaveRuntime
import InterleaveUI

/// The terminal UI as a model: messages come in through ``update(_:)``, which returns the
/// commands to carry out, and ``view(into:)`` draws the state into a grid. It never touches
/// the terminal or the engine itself, so tests drive it headless.
public struct App {
    /// Whether the run is going.
    public enum PlayState: Sendable, Hashable {
        case playing, paused, awaitingChoice, finished
    }

    /// What can happen to the app.
    public enum Message: Sendable {
        case key(Key)
        case resize(width: Int, height: Int)
        /// Wall-clock time passed (for pacing the run).
        case tick(milliseconds: Int)
        case session(SessionUpdate)
        /// What the runner has to say about a command it carried out (such as where it saved the recording).
        case note(String)
    }

    /// What the app asks its runner to do.
    public enum Command: Sendable, Hashable {
        case control(Control)
        /// Stop this run and start the scenario again under `config` (see ``restarted(config:)``).
        case restart(MachineConfig)
        /// Save the session so far as a recording.
        case save
        case quit
    }

    /// What the selection points at: a thread's row or a lock's lane.
    public enum Selection: Sendable, Hashable {
        case thread(Int)
        case lock(Int)
    }

    /// What the pane under the timeline shows.
    public enum Pane: Sendable, Hashable, CaseIterable {
        case events, output, summary, inspector

        var title: String {
            switch self {
            case .events: return "events"
            case .output: return "output"
            case .summary: return "summary"
            case .inspector: return "inspector"
            }
        }
    }

    /// Virtual time per second of wall time, slowest first.
    public static let speeds: [VirtualTime] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
                                               1_000_000_000, 10_000_000_000]

    // Domain state, built from the event stream.
    public let scenario: String
    public let config: MachineConfig
    public private(set) var summary: Summary
    /// Activity over time at a fixed cost (the whole run, zoomed out).
    public private(set) var timeline: Timeline
    /// Every event's time, actor and mark, and every lane's changes (zoomed in, steps, lock lanes).
    public private(set) var history: History
    var names: EventNames
    /// The latest events, oldest first (put into words only when drawn).
    var log: Deque<Event> = []
    /// The latest lines the program printed.
    var output: Deque<String> = []
    public private(set) var now: VirtualTime = 0
    public private(set) var locks: LockTable
    /// What each thread waits for now and who holds it (nil while it isn't blocked).
    var waits: [(target: WaitTarget, holder: ThreadID)?] = []
    /// The sequence number of each shared variable's last write (for highlighting fresh values).
    var lastWrite: [UInt64?]
    /// The first event of the latest batch: a write at or after it is "just changed".
    var latestBatch: UInt64 = 0

    // View state.
    public internal(set) var play: PlayState = .playing
    public internal(set) var speedIndex = 6
    public internal(set) var showingHelp = false
    public internal(set) var selected: Selection?
    /// Whether the event pane shows only the selected thread's or lock's events.
    public internal(set) var following = false
    public internal(set) var pane: Pane = .events
    /// Lines scrolled back from the pane's latest (events, output) or down from its top (summary, inspector).
    public internal(set) var scroll = 0
    public internal(set) var viewport = Viewport()
    /// The scheduling decision waiting for the user (manual policy), if any.
    public internal(set) var pendingChoice: ChoiceRequest?
    public internal(set) var size: (width: Int, height: Int)
    /// How far the engine has been asked to run (the last `runUntil`).
    var target: VirtualTime = 0
    /// Virtual time per second the engine reached over the last second of play (nil before one passed).
    public internal(set) var reachedSpeed: VirtualTime?
    /// The second of play being measured for ``reachedSpeed``.
    struct RateWindow {
        var start: VirtualTime
        var wall = 0
    }
    var rate = RateWindow(start: 0)
    /// A note for the status line (such as where a recording was saved).
    var notice: String?

    /// How many events and printed lines the panes keep.
    static let logCapacity = 10_000

    public init(scenario: String, program: Program, config: MachineConfig, width: Int, height: Int) {
        self.scenario = scenario
        self.config = config
        summary = Summary(program: program)
        timeline = Timeline(columns: 250)
        history = History(lockCount: program.locks.count)
        names = EventNames(program: program)
        locks = LockTable(program: program)
        lastWrite = Array(repeating: nil, count: program.shared.count)
        size = (width, height)
    }

    /// A fresh app for the same scenario run again under `config`, keeping how the user looks at it
    /// (speed, axis, zoom, selection, pane).
    public func restarted(config: MachineConfig) -> App {
        var app = App(scenario: scenario, program: names.program, config: config, width: size.width, height: size.height)
        app.speedIndex = speedIndex
        app.viewport = viewport
        app.viewport.start = nil
        app.selected = selected
        app.following = following
        app.pane = pane == .summary ? .events : pane
        return app
    }

    public var speed: VirtualTime { App.speeds[speedIndex] }

    public mutating func update(_ message: Message) -> [Command] {
        switch message {
        case .key(let key):
            if key == .resize { return [] }
            notice = nil
            if showingHelp {
                showingHelp = false
                return []
            }
            guard let action = KeyBinding.action(for: key) else {
                if key == .escape { notice = "q quits" }
                return []
            }
            if action == .choose, case .character(let digit) = key, let number = digit.wholeNumberValue {
                return choose(number - 1)
            }
            return perform(action)
        case .resize(let width, let height):
            size = (width, height)
            return []
        case .tick(let milliseconds):
            guard play == .playing else {
                rate = RateWindow(start: now)
                return []
            }
            rate.wall += max(0, milliseconds)
            if rate.wall >= 1000 {
                // Once a second: how much virtual time the engine really got through.
                reachedSpeed = (now - min(now, rate.start)) * 1000 / VirtualTime(rate.wall)
                rate = RateWindow(start: now)
            }
            // Never ask for more than a second's worth ahead of the clock, so a slow engine does not build up a debt.
            target = min(max(target, now) + speed / 1000 * VirtualTime(max(0, milliseconds)), now + speed)
            return [.control(.runUntil(target))]
        case .session(let update):
            consume(update)
            return []
        case .note(let text):
            notice = text
            return []
        }
    }

    /// Folds what the session reports into the domain state.
    private mutating func consume(_ update: SessionUpdate) {
        switch update {
        case .events(let batch):
            latestBatch = batch.first?.seq ?? latestBatch
            var newLines = 0
            for event in batch {
                summary.consume(event)
                locks.consume(event)
                if case .sharedWrite(let variable, _, _) = event.kind, lastWrite.indices.contains(Int(variable)) {
                    lastWrite[Int(variable)] = event.seq
                }
                if case .printed(let text) = event.kind {
                    output.append(text)
                    if output.count > App.logCapacity { output.removeFirst() }
                    if pane == .output { newLines += 1 }
                }
                trackWait(event)
                timeline.consume(event)
                history.consume(event)
                names.observe(event)
                log.append(event)
                if log.count > App.logCapacity { log.removeFirst() }
                if pane == .events && shownInLog(event) { newLines += 1 }
            }
            // Scrolled back, the pane stays on the lines it showed (as long as they are kept).
            if scroll > 0 && (pane == .events || pane == .output) { scroll = min(scroll + newLines, maximumScroll) }
            if let last = batch.last { now = last.time }
        case .paused(let time):
            // Running to a time that no event reached: the clock stands at that time.
            now = max(now, time)
            timeline.advance(to: now)
            history.advance(to: now)
        case .awaitingChoice(let request):
            pendingChoice = request
            play = .awaitingChoice
        case .finished:
            play = .finished
            // The summary screen, unless you were reading the output or the inspector.
            if pane == .events {
                pane = .summary
                scroll = 0
            }
        }
    }

    /// Keeps `waits` in step with the stream: set when a thread blocks, cleared when it moves on.
    private mutating func trackWait(_ event: Event) {
        let t = Int(event.thread)
        if case .threadCreated(let child, _, _, _) = event.kind {
            while waits.count <= Int(child) { waits.append(nil) }
        }
        guard t >= 0 && t < waits.count else { return }
        switch event.kind {
        case .blocked(let target, let holder): waits[t] = (target, holder)
        case .woken, .dispatched, .threadFinished, .threadStopped, .lockAcquired: waits[t] = nil
        default: break
        }
    }

    /// Answers the pending choice with candidate `index`; the run goes on as before.
    private mutating func choose(_ index: Int) -> [Command] {
        guard let request = pendingChoice, request.options.indices.contains(index) else {
            notice = pendingChoice == nil ? "no choice is waiting for you (run with --policy manual, or press P)"
                : "choose 1 to \(pendingChoice!.options.count)"
            return []
        }
        pendingChoice = nil
        play = .playing
        target = now
        return [.control(.choose(index))]
    }
}
