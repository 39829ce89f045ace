import InterleaveCore
import InterleaveRecording
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
        /// A click or a turn of the wheel (see ``App/mouse(_:)``).
        case mouse(MouseEvent)
        case resize(width: Int, height: Int)
        /// Wall-clock time passed (for pacing the run).
        case tick(milliseconds: Int)
        case session(SessionUpdate)
        /// What the runner has to say about a command it carried out (such as where it saved the recording).
        case note(String)
        /// Run to event `event` and stop there, paused, saying `note` (a replay that opens at its failure).
        case open(event: Int, note: String)
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
        /// The source with each thread's place (a tab on a narrow screen; beside the pane on a wide one).
        case code

        var title: String {
            switch self {
            case .events: return "events"
            case .output: return "output"
            case .summary: return "summary"
            case .inspector: return "inspector"
            case .code: return "code"
            }
        }
    }

    /// Virtual time per second of wall time, slowest first.
    public static let speeds: [VirtualTime] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
                                               1_000_000_000, 10_000_000_000]

    public let scenario: String
    /// The program's source, line by line (empty when it came without one): the code view's text.
    public internal(set) var sourceLines: [String]
    public let config: MachineConfig
    /// What the source of the events can do (answer choices, go back to one and choose again).
    public let capabilities: SourceCapabilities
    /// What the event stream says: domain state.
    public internal(set) var run: RunState
    /// How the user looks at it: view state.
    public internal(set) var ui: ViewState

    public init(scenario: String, program: Program, config: MachineConfig, width: Int, height: Int,
                capabilities: SourceCapabilities = [.choices, .snapshots], source: String = "",
                watchpoints: Watchpoints = Watchpoints()) {
        self.scenario = scenario
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        sourceLines = lines
        self.config = config
        self.capabilities = capabilities
        run = RunState(program: program)
        ui = ViewState(width: width, height: height)
        ui.watchpoints = watchpoints
    }

    /// A fresh app for the same scenario run again under `config`, keeping how the user looks at it
    /// (speed, axis, zoom, selection, pane).
    public func restarted(config: MachineConfig) -> App {
        var app = App(scenario: scenario, program: names.program, config: config, width: size.width, height: size.height,
                      capabilities: capabilities)
        app.sourceLines = sourceLines
        app.watchpoints = watchpoints
        app.speedIndex = speedIndex
        app.viewport = viewport
        app.viewport.start = nil
        app.selected = selected
        app.following = following
        app.pane = pane == .summary ? .events : pane
        return app
    }

    // The domain state shown.
    public var summary: Summary { run.shown.summary }
    public var now: VirtualTime { run.shown.now }
    /// The world as the events shown say it is.
    public var world: World { run.shown.summary.world }
    var names: EventNames { world.names }
    /// The threads' names, in thread order.
    var threadNames: [String] { world.threads.map(\.name) }
    var latestBatch: UInt64 { run.shown.latestBatch }
    public var store: EventStore { run.store }
    public var timeline: Timeline { run.timeline }
    public var history: History { run.history }
    /// The live clock (the run's, even while the past is shown).
    /// How far the run has gone (the live world's clock), whatever moment is shown.
    public var liveNow: VirtualTime { run.liveNow }

    // The view state, by name.
    public internal(set) var viewing: Int? { get { ui.viewing } set { ui.viewing = newValue } }
    public internal(set) var play: PlayState { get { ui.play } set { ui.play = newValue } }
    public internal(set) var speedIndex: Int { get { ui.speedIndex } set { ui.speedIndex = newValue } }
    public internal(set) var showingHelp: Bool { get { ui.showingHelp } set { ui.showingHelp = newValue } }
    public internal(set) var selected: Selection? { get { ui.selected } set { ui.selected = newValue } }
    public internal(set) var following: Bool { get { ui.following } set { ui.following = newValue } }
    public internal(set) var pane: Pane { get { ui.pane } set { ui.pane = newValue } }
    public internal(set) var scroll: Int { get { ui.scroll } set { ui.scroll = newValue } }
    public internal(set) var viewport: Viewport { get { ui.viewport } set { ui.viewport = newValue } }
    public internal(set) var pendingChoice: ChoiceRequest? { get { ui.pendingChoice } set { ui.pendingChoice = newValue } }
    public internal(set) var size: (width: Int, height: Int) { get { ui.size } set { ui.size = newValue } }
    var target: VirtualTime { get { ui.target } set { ui.target = newValue } }
    public internal(set) var reachedSpeed: VirtualTime? { get { ui.reachedSpeed } set { ui.reachedSpeed = newValue } }
    var rate: ViewState.RateWindow { get { ui.rate } set { ui.rate = newValue } }
    var notice: String? { get { ui.notice } set { ui.notice = newValue } }
    public internal(set) var input: String? { get { ui.input } set { ui.input = newValue } }
    public internal(set) var awaitingBranch: Bool { get { ui.awaitingBranch } set { ui.awaitingBranch = newValue } }
    public internal(set) var opening: Int? { get { ui.opening } set { ui.opening = newValue } }
    public internal(set) var choosingUntil: Int? { get { ui.choosingUntil } set { ui.choosingUntil = newValue } }
    public internal(set) var watchpoints: Watchpoints { get { ui.watchpoints } set { ui.watchpoints = newValue } }

    public var speed: VirtualTime { App.speeds[speedIndex] }

    /// The fewest seconds of wall time the first screen gives a run to be watched in.
    public static let watchSeconds: VirtualTime = 2

    /// Fits the pace to a run of that length: the fastest speed at which it lasts at least
    /// ``watchSeconds`` (a 2 s run plays in real time, a 5 ms one at 1 ms a second).
    public mutating func fit(to preview: RunPreview) {
        play(at: preview.length / App.watchSeconds)
    }

    /// Plays at `speed`, or the fastest of ``speeds`` below it (the slowest, below them all).
    public mutating func play(at speed: VirtualTime) {
        speedIndex = App.speeds.lastIndex { $0 <= speed } ?? 0
    }

    public mutating func update(_ message: Message) -> [Command] {
        switch message {
        case .key(let key):
            if key == .resize { return [] }
            notice = nil
            // A key before the run reached where it opens: you have taken over.
            opening = nil
            if input != nil { return type(key) }
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
        case .mouse(let event):
            notice = nil
            // A click before the run reached where it opens: you have taken over, as with a key.
            if event.action == .press { opening = nil }
            return mouse(event)
        case .resize(let width, let height):
            size = (width, height)
            // Widened, the code moves beside the pane: its tab goes.
            if !panes.contains(pane) { pane = .events }
            return []
        case .tick(let milliseconds):
            guard play == .playing else {
                rate = ViewState.RateWindow(start: now)
                return []
            }
            rate.wall += max(0, milliseconds)
            if rate.wall >= 1000 {
                // Once a second: how much virtual time the engine really got through.
                reachedSpeed = (now - min(now, rate.start)) * 1000 / VirtualTime(rate.wall)
                rate = ViewState.RateWindow(start: now)
            }
            // Never ask for more than a second's worth ahead of the clock, so a slow engine does not build up a debt.
            target = min(max(target, now) + speed / 1000 * VirtualTime(max(0, milliseconds)), now + speed)
            return [.control(.runUntil(target))]
        case .session(let update):
            // What the watchpoints stop at, in a batch that arrives while the run plays (each
            // thread's line before it, the names after it: a thread made in it has its name).
            let watching = !watchpoints.isEmpty && viewing == nil && !awaitingBranch && (play == .playing || choosingUntil != nil)
            let (start, linesBefore) = (store.count, watching ? world.threads.map(\.line) : [])
            consume(update)
            if watching, case .events(let batch) = update,
               let hit = watchpoints.firstHit(in: batch, lines: linesBefore, names: names) {
                return stop(at: start + hit.index, because: hit.reason)
            }
            if case .awaitingChoice(let request) = update { return answerForMe(request) }
            return []
        case .note(let text):
            notice = text
            return []
        case .open(let event, let note):
            opening = max(0, event)
            notice = note
            play = .paused
            return [.control(.pause), .control(.step(max(0, event) + 1 - store.count))]
        }
    }

    /// Folds what the session reports into the domain state (the live one, while the past is shown).
    private mutating func consume(_ update: SessionUpdate) {
        switch update {
        case .events(let batch):
            // After asking for a branch, what comes before the session confirms it is the replaced future.
            if awaitingBranch { return }
            let followsLatest = run.live == nil
            run.fold(batch)
            // Scrolled back, the pane stays on the lines it showed (as long as they are kept).
            if followsLatest && scroll > 0 && (pane == .events || pane == .output) {
                let newLines = batch.reduce(0) { count, event in
                    if case .printed = event.kind, pane == .output { return count + 1 }
                    return count + (pane == .events && shownInLog(event) ? 1 : 0)
                }
                scroll = min(scroll + newLines, maximumScroll)
            }
        case .paused(let time):
            // Running to a time that no event reached: the clock stands at that time.
            run.advance(to: time)
            arriveAtOpening()
        case .awaitingChoice(let request):
            pendingChoice = request
            play = .awaitingChoice
        case .branched(let count):
            awaitingBranch = false
            self = truncated(to: count)
        case .branchRefused(let why):
            awaitingBranch = false
            notice = why
        case .ended:
            if awaitingBranch { return }
            play = .finished
            notice = "the recording ends here: it was saved or cut short before the run ended"
            arriveAtOpening()
            opening = nil
        case .finished:
            if awaitingBranch { return }
            play = .finished
            arriveAtOpening()
            opening = nil
            // The summary screen, unless you were reading the output or the inspector (or the past).
            if pane == .events && viewing == nil {
                pane = .summary
                scroll = 0
            }
        }
    }

    /// The next event after the one shown that a watchpoint stops at, among those the run has
    /// made already (a batch goes on past the event it stopped at), and why.
    func nextWatchHit() -> (index: Int, reason: String)? {
        guard let viewing, !watchpoints.isEmpty, viewing + 1 < store.count else { return nil }
        let after = store.events((viewing + 1)..<store.count)
        return watchpoints.firstHit(in: after, lines: world.threads.map(\.line), names: run.live?.summary.world.names ?? names)
            .map { (viewing + 1 + $0.index, $0.reason) }
    }

    /// A watchpoint's event arrived: the run pauses, and the view shows that event (what came
    /// after it in the same batch is a step away).
    mutating func stop(at event: Int, because reason: String) -> [Command] {
        choosingUntil = nil
        var commands = show(event: event)
        if play == .playing {
            play = .paused
            commands.append(.control(.pause))
        }
        notice = "stopped at #\(event): \(reason) (space goes on, . steps)"
        return commands
    }

    /// Once the run has reached the event it was opened at: shows it (the step that made it may
    /// have made a few more, or ended the run, so it is shown as the past).
    private mutating func arriveAtOpening() {
        guard let opening, store.count > opening else { return }
        self.opening = nil
        if opening < lastEvent { _ = show(event: opening) }
    }

    /// A key while "go to" is being typed: text, backspace, enter to go, esc to give up.
    private mutating func type(_ key: Key) -> [Command] {
        switch key {
        case .character(let character):
            input?.append(character)
        case .backspace:
            if input?.isEmpty == false { input?.removeLast() }
        case .escape:
            input = nil
        case .enter:
            let text = input ?? ""
            input = nil
            guard let (n, time) = target(of: text) else {
                notice = "'\(text)' is neither an event number (#120) nor a time (1.5ms)"
                return []
            }
            guard n < store.count else {
                notice = "the run has \(store.count) events so far (#0 to #\(lastEvent))"
                return []
            }
            let reached = store.event(lastEvent)?.time ?? 0
            if let time, time > reached {
                let commands = show(event: n)
                let reached = formatTime(reached)
                notice = play == .finished ? "\(text) is past the end: the run ended at \(reached), its last event is #\(lastEvent)"
                    : "\(text) is not reached yet: the run is at \(reached), its last event so far is #\(lastEvent)"
                return commands
            }
            return show(event: n)
        default:
            break
        }
        return []
    }

    /// Answers the pending choice with candidate `index`; the run goes on as before.
    mutating func choose(_ index: Int) -> [Command] {
        if viewing != nil { return branch(index) }
        guard let request = pendingChoice, request.options.indices.contains(index) else {
            notice = pendingChoice == nil ? "no choice is waiting for you (run with --policy manual, or press P)"
                : "choose 1 to \(pendingChoice!.options.count)"
            return []
        }
        pendingChoice = nil
        play = .playing
        target = now
        return [.control(.choose(App.keyOrder(request.options)[index]))]
    }

    /// How many choices `A` has made for you.
    public static let chosenAtATime = 100

    /// Answers `request` as the seeded random policy would, while the choices choose themselves
    /// and nothing new has gone wrong; otherwise hands it to the user.
    mutating func answerForMe(_ request: ChoiceRequest) -> [Command] {
        guard let until = choosingUntil else { return [] }
        guard summary.troubleCount == until, viewing == nil else {
            choosingUntil = nil
            ui.choicesLeft = nil
            notice = "something went wrong: the choices wait for you again"
            return []
        }
        if let left = ui.choicesLeft {
            guard left > 0 else {
                choosingUntil = nil
                ui.choicesLeft = nil
                notice = "\(App.chosenAtATime) choices made: they wait for you again"
                return []
            }
            ui.choicesLeft = left - 1
        }
        var random = SplitMix64(seed: config.seed ^ (UInt64(summary.choiceCount) &* 0x9E37_79B9_7F4A_7C15))
        let index = Int(random.next() % UInt64(request.options.count))
        pendingChoice = nil
        play = .playing
        target = now
        return [.control(.choose(index))]
    }

    /// A choice's candidates (indices into `options`) in the order keys 1, 2, ... number them: by
    /// thread, so a thread keeps its number from one choice to the next.
    public static func keyOrder(_ options: [ThreadID]) -> [Int] {
        options.indices.sorted { options[$0] < options[$1] }
    }
}
