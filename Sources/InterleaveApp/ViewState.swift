import InterleaveCore

/// How the user looks at the run: what is selected and shown, the zoom, the pace, what is typed.
/// View state only; what the stream says is ``RunState``.
public struct ViewState: Sendable {
    /// The event whose state is shown, when you stepped back; nil shows the live run.
    public internal(set) var viewing: Int?
    public internal(set) var play: App.PlayState = .playing
    public internal(set) var speedIndex = 6
    public internal(set) var showingHelp = false
    public internal(set) var selected: App.Selection?
    /// Whether the event pane shows only the selected thread's or lock's events.
    public internal(set) var following = false
    public internal(set) var pane: App.Pane = .events
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
    var rate = RateWindow(start: 0)
    /// A note for the status line (such as where a recording was saved).
    var notice: String?
    /// What is typed after `g` (go to an event or a time), while it is typed.
    public internal(set) var input: String?
    /// While manual choices answer themselves (`a`): the number of findings when it began; the
    /// first new one hands the choices back.
    public internal(set) var choosingUntil: Int?
    /// While they do it for a number of choices (`A`): how many are left.
    public internal(set) var choicesLeft: Int?
    /// What stops the run as it plays.
    public internal(set) var watchpoints = Watchpoints()
    /// A branch was asked for and the session has not confirmed it yet.
    public internal(set) var awaitingBranch = false
    /// The event to stop at, once the run has reached it (see ``App/Message/open(event:note:)``,
    /// and `.`, which steps one event even when more arrive).
    public internal(set) var opening: Int?

    /// A second of play, measured.
    struct RateWindow: Sendable {
        var start: VirtualTime
        var wall = 0
    }

    init(width: Int, height: Int) {
        size = (width, height)
    }
}
