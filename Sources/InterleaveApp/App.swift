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
    }

    /// What the app asks its runner to do.
    public enum Command: Sendable, Hashable {
        case control(Control)
        case quit
    }

    /// Virtual time per second of wall time, slowest first.
    public static let speeds: [VirtualTime] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
                                               1_000_000_000, 10_000_000_000]

    // Domain state, built from the event stream.
    public let scenario: String
    public let config: MachineConfig
    public private(set) var summary: Summary
    public private(set) var timeline: Timeline
    var names: EventNames
    /// The latest events, oldest first (put into words only when drawn).
    var log: Deque<Event> = []
    public private(set) var now: VirtualTime = 0
    public private(set) var locks: LockTable
    /// What each thread waits for now and who holds it (nil while it isn't blocked).
    var waits: [(target: WaitTarget, holder: ThreadID)?] = []
    /// The sequence number of each shared variable's last write (for highlighting fresh values).
    var lastWrite: [UInt64?]
    /// The first event of the latest batch: a write at or after it is "just changed".
    var latestBatch: UInt64 = 0

    // View state.
    public private(set) var play: PlayState = .playing
    public private(set) var speedIndex = 6
    public private(set) var showingHelp = false
    /// The selected thread, if any.
    public private(set) var selected: Int?
    /// Whether the inspector replaces the event log.
    public private(set) var inspecting = false
    /// The scheduling decision waiting for the user (manual policy), if any.
    public private(set) var pendingChoice: ChoiceRequest?
    public private(set) var size: (width: Int, height: Int)
    /// How far the engine has been asked to run (the last `runUntil`).
    var target: VirtualTime = 0
    /// A note for the status line (such as "step back comes with recordings").
    var notice: String?

    static let logCapacity = 200

    public init(scenario: String, program: Program, config: MachineConfig, width: Int, height: Int) {
        self.scenario = scenario
        self.config = config
        summary = Summary(program: program)
        timeline = Timeline(columns: 250)
        names = EventNames(program: program)
        locks = LockTable(program: program)
        lastWrite = Array(repeating: nil, count: program.shared.count)
        size = (width, height)
    }

    public var speed: VirtualTime { App.speeds[speedIndex] }

    public mutating func update(_ message: Message) -> [Command] {
        switch message {
        case .key(let key):
            if key == .resize { return [] }
            notice = nil
            guard let action = KeyBinding.action(for: key) else { return [] }
            if action == .choose, case .character(let digit) = key, let number = digit.wholeNumberValue {
                return choose(number - 1)
            }
            return perform(action)
        case .resize(let width, let height):
            size = (width, height)
            return []
        case .tick(let milliseconds):
            guard play == .playing else { return [] }
            target = max(target, now) + speed / 1000 * VirtualTime(max(0, milliseconds))
            return [.control(.runUntil(target))]
        case .session(let update):
            switch update {
            case .events(let batch):
                latestBatch = batch.first?.seq ?? latestBatch
                for event in batch {
                    summary.consume(event)
                    locks.consume(event)
                    if case .sharedWrite(let variable, _, _) = event.kind, lastWrite.indices.contains(Int(variable)) {
                        lastWrite[Int(variable)] = event.seq
                    }
                    trackWait(event)
                    timeline.consume(event)
                    names.observe(event)
                    log.append(event)
                    if log.count > App.logCapacity { log.removeFirst() }
                }
                if let last = batch.last { now = last.time }
            case .paused(let time):
                // Running to a time that no event reached: the clock stands at that time.
                now = max(now, play == .playing ? max(time, target) : time)
                timeline.advance(to: now)
            case .awaitingChoice(let request):
                pendingChoice = request
                play = .awaitingChoice
            case .finished:
                play = .finished
            }
            return []
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
            notice = pendingChoice == nil ? "no choice is waiting for you (run with --policy manual)"
                : "choose 1 to \(pendingChoice!.options.count)"
            return []
        }
        pendingChoice = nil
        play = .playing
        target = now
        return [.control(.choose(index))]
    }

    private mutating func perform(_ action: Action) -> [Command] {
        switch action {
        case .choose:
            return []
        case .selectPrevious, .selectNext:
            let count = timeline.names.count
            guard count > 0 else { return [] }
            let step = action == .selectNext ? 1 : -1
            selected = selected.map { min(count - 1, max(0, $0 + step)) } ?? (step > 0 ? 0 : count - 1)
            return []
        case .inspect:
            if selected == nil && !timeline.names.isEmpty { selected = 0 }
            inspecting.toggle()
            return []
        case .quit:
            return [.control(.stop), .quit]
        case .help:
            showingHelp.toggle()
            return []
        case .togglePlay:
            switch play {
            case .playing:
                play = .paused
                return [.control(.pause)]
            case .paused:
                play = .playing
                target = now
                return []
            case .awaitingChoice, .finished:
                return []
            }
        case .step:
            guard play == .paused || play == .playing else { return [] }
            play = .paused
            return [.control(.step(1))]
        case .stepToChoice:
            guard play == .paused || play == .playing else { return [] }
            play = .paused
            return [.control(.stepToChoice)]
        case .faster:
            speedIndex = min(App.speeds.count - 1, speedIndex + 1)
            return []
        case .slower:
            speedIndex = max(0, speedIndex - 1)
            return []
        case .stepBack:
            notice = "stepping back comes with recordings (a later version)"
            return []
        }
    }
}
