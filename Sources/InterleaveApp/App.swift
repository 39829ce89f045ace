import DequeModule
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
    /// The state shown: the live one, or the one at ``viewing``.
    var domain: DomainState
    /// The live state while ``viewing`` shows the past (new events go on folding into it).
    var live: DomainState?
    /// The live state every ``checkpointInterval`` events, for going back quickly.
    var checkpoints: [(events: Int, state: DomainState)] = []
    /// Every event of the run, compact, for going back to any of them.
    public private(set) var store = EventStore()
    /// Activity over time at a fixed cost (the whole run, zoomed out).
    public private(set) var timeline: Timeline
    /// Every event's time, actor and mark, and every lane's changes (zoomed in, steps, lock lanes).
    public private(set) var history: History
    /// The latest events, oldest first (put into words only when drawn).
    var log: Deque<Event> = []

    public var summary: Summary { domain.summary }
    public var now: VirtualTime { domain.now }
    /// The world as the events shown say it is.
    public var world: World { domain.summary.world }
    var names: EventNames { world.names }
    /// The threads' names, in thread order.
    var threadNames: [String] { world.threads.map(\.name) }
    var latestBatch: UInt64 { domain.latestBatch }
    /// The live clock (the run's, even while the past is shown).
    var liveNow: VirtualTime { live?.now ?? domain.now }

    /// Events between two checkpoints of the live state.
    static let checkpointInterval = 65_536

    // View state.
    /// The event whose state is shown, when you stepped back; nil shows the live run.
    public internal(set) var viewing: Int?
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
    /// What is typed after `g` (go to an event or a time), while it is typed.
    public internal(set) var input: String?
    /// A branch was asked for and the session has not confirmed it yet.
    public internal(set) var awaitingBranch = false
    /// The sequence numbers of the choice events so far (a branch names a choice by its place among them).
    var choiceEvents: [Int] = []
    /// The event to stop at, once the run has reached it (see ``Message/open(event:note:)``).
    public internal(set) var opening: Int?

    /// How many events the log keeps (what is older is in `store`, for going back).
    static let logCapacity = 10_000

    public init(scenario: String, program: Program, config: MachineConfig, width: Int, height: Int) {
        self.scenario = scenario
        self.config = config
        domain = DomainState(program: program)
        checkpoints = [(0, domain)]
        timeline = Timeline(columns: 250)
        history = History(lockCount: program.locks.count)
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
            var state = live ?? domain
            state.latestBatch = batch.first?.seq ?? state.latestBatch
            var newLines = 0
            for event in batch {
                let change = state.consume(event)
                timeline.consume(event, change: change, world: state.world)
                history.consume(event, change: change)
                store.append(event)
                if case .choice = event.kind { choiceEvents.append(Int(event.seq)) }
                if store.count % App.checkpointInterval == 0 { checkpoints.append((store.count, state)) }
                log.append(event)
                if log.count > App.logCapacity { log.removeFirst() }
                if case .printed = event.kind, pane == .output { newLines += 1 }
                if pane == .events && shownInLog(event) { newLines += 1 }
            }
            if live != nil {
                live = state
            } else {
                domain = state
                // Scrolled back, the pane stays on the lines it showed (as long as they are kept).
                if scroll > 0 && (pane == .events || pane == .output) { scroll = min(scroll + newLines, maximumScroll) }
            }
        case .paused(let time):
            // Running to a time that no event reached: the clock stands at that time.
            if var state = live {
                state.now = max(state.now, time)
                live = state
            } else {
                domain.now = max(domain.now, time)
            }
            timeline.advance(to: liveNow, world: (live ?? domain).world)
            history.advance(to: liveNow)
            arriveAtOpening()
        case .awaitingChoice(let request):
            pendingChoice = request
            play = .awaitingChoice
        case .branched(let count):
            awaitingBranch = false
            self = truncated(to: count)
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
            guard let n = target(of: text) else {
                notice = "'\(text)' is neither an event number (#120) nor a time (1.5ms)"
                return []
            }
            guard n < store.count else {
                notice = "the run has \(store.count) events so far (#0 to #\(lastEvent))"
                return []
            }
            return show(event: n)
        default:
            break
        }
        return []
    }

    /// Answers the pending choice with candidate `index`; the run goes on as before.
    private mutating func choose(_ index: Int) -> [Command] {
        if viewing != nil { return branch(index) }
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
