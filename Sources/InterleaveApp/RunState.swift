import DequeModule
import InterleaveCore
import InterleaveRecording
import InterleaveReports

/// The run as the app knows it from the event stream: the state shown (the live one, or one at an
/// earlier event), every event compact for going back, and the indexes the lanes are drawn from.
/// Domain state only; how the user looks at it is ``ViewState``.
public struct RunState: Sendable {
    /// The state shown: the live one, or the one at the event viewed.
    var shown: DomainState
    /// The live state while the past is shown (new events go on folding into it).
    var live: DomainState?
    /// The live state every ``checkpointInterval`` events, for going back quickly.
    var checkpoints: Checkpoints<DomainState>
    /// Every event of the run, compact, for going back to any of them.
    public internal(set) var store = EventStore()
    /// Activity over time at a fixed cost (the whole run, zoomed out).
    public internal(set) var timeline: Timeline
    /// Every event's time, actor and mark, and every lane's changes (zoomed in, steps, GIL and lock lanes).
    public internal(set) var history: History
    /// The latest events, oldest first (put into words only when drawn).
    var log: Deque<Event> = []
    /// The sequence numbers of the choice events so far (a branch names a choice by its place among them).
    var choiceEvents: [Int] = []

    /// Events between two checkpoints of the live state.
    static let checkpointInterval = 65_536
    /// How many events the log keeps (what is older is in `store`, for going back).
    static let logCapacity = 10_000

    init(program: Program) {
        shown = DomainState(program: program)
        checkpoints = Checkpoints(shown, interval: UInt64(RunState.checkpointInterval))
        timeline = Timeline(columns: 250)
        history = History(lockCount: program.locks.count)
    }

    /// The live clock (the run's, even while the past is shown).
    var liveNow: VirtualTime { live?.now ?? shown.now }

    /// The last event of the run so far.
    var lastEvent: Int { store.count - 1 }

    /// Folds a batch of the run's events (into the live state, while the past is shown).
    mutating func fold(_ batch: [Event]) {
        var state = live ?? shown
        state.latestBatch = batch.first?.seq ?? state.latestBatch
        for event in batch {
            let change = state.consume(event)
            timeline.consume(event, change: change, world: state.world)
            history.consume(event, change: change)
            store.append(event)
            if case .choice = event.kind { choiceEvents.append(Int(event.seq)) }
            checkpoints.observe(state, events: UInt64(store.count))
            log.append(event)
            if log.count > RunState.logCapacity { log.removeFirst() }
        }
        if live != nil { live = state } else { shown = state }
    }

    /// The clock moved to `time` without an event (a run paused at a time nothing reached).
    mutating func advance(to time: VirtualTime) {
        if var state = live {
            state.now = max(state.now, time)
            live = state
        } else {
            shown.now = max(shown.now, time)
        }
        timeline.advance(to: liveNow, world: (live ?? shown).world)
        history.advance(to: liveNow)
    }

    /// Shows the state just after event `n` (before the last): from the nearest checkpoint, folded forward.
    mutating func show(event n: Int) {
        if live == nil { live = shown }
        let (events, checkpoint) = checkpoints.nearest(atOrBefore: UInt64(n + 1)) ?? (0, DomainState(program: shown.world.program))
        var state = checkpoint
        for event in store.events(Int(events)..<(n + 1)) { _ = state.consume(event) }
        state.latestBatch = UInt64(n)
        if let time = store.event(n)?.time { state.now = time }
        shown = state
    }

    /// Back to the live run, as it is now.
    mutating func backToLive() {
        if let live { shown = live }
        live = nil
    }
}
