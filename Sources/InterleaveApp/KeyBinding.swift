import InterleaveUI

/// What a key does in the app.
public enum Action: Sendable, Hashable, CaseIterable {
    case togglePlay, step, stepToChoice, faster, slower
    case zoomIn, zoomOut, fit, panBack, panForward, start, latest, toggleAxis
    case selectPrevious, selectNext, inspect, follow, nextPane, scrollBack, scrollForward
    /// Stop the run when the selected thread blocks or the selected lock is contended (again: don't).
    case watch
    /// Pick the next thread at a manual choice (the key's digit numbers the candidate).
    case choose
    /// Let the manual choices answer themselves (seeded, at random) up to the next finding.
    case chooseForMe
    /// The next ``App/chosenAtATime`` choices choose themselves (fewer if something goes wrong first).
    case chooseNext
    case restart, restartNewSeed, switchPolicy, save
    case stepBack, backToChoice, seek
    case help, quit
}

/// One key binding: declared once, it drives dispatch, the status bar and the help overlay.
public struct KeyBinding: Sendable, Hashable {
    public var keys: [Key]
    /// How the status bar and the help overlay name the keys.
    public var label: String
    public var action: Action
    public var help: String
    /// The word the status bar shows while the run plays; nil keeps the binding to the help overlay.
    public var short: String?
    /// The word while the run stands still (paused, waiting for a choice, finished, or showing
    /// the past), when it differs: space pauses a run that plays and plays one that doesn't.
    public var shortWhileStill: String?

    init(_ keys: [Key], _ label: String, _ action: Action, _ help: String, short: String? = nil, whileStill: String? = nil) {
        self.keys = keys
        self.label = label
        self.action = action
        self.help = help
        self.short = short
        self.shortWhileStill = whileStill
    }

    /// The status bar's word for the binding, the run playing or not.
    public func short(playing: Bool) -> String? {
        playing ? short : shortWhileStill ?? short
    }

    /// Every binding of the app, in the order the help overlay lists them (the status bar shows
    /// those with a short word, as many as fit, in this order).
    public static let all: [KeyBinding] = [
        KeyBinding([.character(" "), .character("p")], "space", .togglePlay, "play / pause", short: "pause", whileStill: "play"),
        KeyBinding([.character("."), .character("s")], ".", .step, "step one event", short: "step"),
        KeyBinding([.character("n")], "n", .stepToChoice, "run to the next choice", short: "choice"),
        KeyBinding((1...9).map { .character(Character(String($0))) }, "1-9", .choose, "pick a candidate (manual)"),
        KeyBinding([.character("a")], "a", .chooseForMe, "auto-choose to a finding (manual)"),
        KeyBinding([.character("A")], "A", .chooseNext, "auto-choose the next 100 (manual)"),
        KeyBinding([.character("]")], "]", .faster, "faster (virtual time per s)"),
        KeyBinding([.character("[")], "[", .slower, "slower", short: nil),
        KeyBinding([.character("+"), .character("=")], "+", .zoomIn, "zoom in (time axis)", short: "zoom"),
        KeyBinding([.character("-")], "-", .zoomOut, "zoom out"),
        KeyBinding([.character("0")], "0", .fit, "fit the whole run"),
        KeyBinding([.left, .character("h")], "←", .panBack, "back in time"),
        KeyBinding([.right, .character("l")], "→", .panForward, "forward in time"),
        KeyBinding([.home], "home", .start, "to the start of the run"),
        KeyBinding([.end], "end", .latest, "back to the latest"),
        KeyBinding([.character("t")], "t", .toggleAxis, "axis: time / steps", short: "axis"),
        KeyBinding([.up, .character("k")], "↑", .selectPrevious, "select the row above"),
        KeyBinding([.down, .character("j")], "↓", .selectNext, "select thread or lock", short: "select"),
        KeyBinding([.character("i"), .enter], "i", .inspect, "inspect the selection", short: "inspect"),
        KeyBinding([.character("f")], "f", .follow, "only the selection's events"),
        KeyBinding([.character("x")], "x", .watch, "stop when it blocks"),
        KeyBinding([.tab], "tab", .nextPane, "the pane's next tab", short: "pane"),
        KeyBinding([.pageUp, .character("u")], "pgup", .scrollBack, "scroll the pane back"),
        KeyBinding([.pageDown, .character("d")], "pgdn", .scrollForward, "scroll the pane on"),
        KeyBinding([.character("r")], "r", .restart, "restart, same seed", short: "restart"),
        KeyBinding([.character("R")], "R", .restartNewSeed, "restart, next seed"),
        KeyBinding([.character("P")], "P", .switchPolicy, "next policy (restarts)"),
        KeyBinding([.character("w")], "w", .save, "save the run as a recording"),
        KeyBinding([.character(","), .character("b")], ",", .stepBack, "step back one event", short: "back"),
        KeyBinding([.character("<")], "<", .backToChoice, "back to the previous choice"),
        KeyBinding([.character("g")], "g", .seek, "go to an event or a time"),
        KeyBinding([.character("?")], "?", .help, "this help", short: "help"),
        KeyBinding([.character("q")], "q", .quit, "quit", short: "quit"),
    ]

    /// The action bound to `key`, if any.
    public static func action(for key: Key) -> Action? {
        all.first { $0.keys.contains(key) }?.action
    }
}
