import InterleaveUI

/// What a key does in the app.
public enum Action: Sendable, Hashable, CaseIterable {
    case togglePlay, step, stepToChoice, faster, slower, help, quit, stepBack
    case selectPrevious, selectNext, inspect
    /// Pick the next thread at a manual choice (the key's digit numbers the candidate).
    case choose
}

/// One key binding: declared once, it drives dispatch, the status bar and the help overlay.
public struct KeyBinding: Sendable, Hashable {
    public var keys: [Key]
    /// How the status bar and the help overlay name the keys.
    public var label: String
    public var action: Action
    public var help: String
    /// The word the status bar shows; nil keeps the binding to the help overlay.
    public var short: String?

    /// Every binding of the app.
    public static let all: [KeyBinding] = [
        KeyBinding(keys: [.character(" "), .character("p")], label: "space", action: .togglePlay,
                   help: "play / pause", short: "pause"),
        KeyBinding(keys: [.character("."), .character("s")], label: ".", action: .step,
                   help: "step one event (pauses)", short: "step"),
        KeyBinding(keys: [.character("n")], label: "n", action: .stepToChoice,
                   help: "run to the next scheduling choice (pauses)", short: "choice"),
        KeyBinding(keys: [.character("+"), .character("=")], label: "+", action: .faster,
                   help: "faster: more virtual time per second", short: "faster"),
        KeyBinding(keys: [.character("-")], label: "-", action: .slower, help: "slower", short: nil),
        KeyBinding(keys: [.up, .character("k")], label: "↑", action: .selectPrevious, help: "select the thread above",
                   short: nil),
        KeyBinding(keys: [.down, .character("j")], label: "↓", action: .selectNext, help: "select the thread below",
                   short: "select"),
        KeyBinding(keys: [.character("i"), .enter], label: "i", action: .inspect,
                   help: "inspect the selected thread (instead of the event log)", short: "inspect"),
        KeyBinding(keys: (1...9).map { .character(Character(String($0))) }, label: "1-9", action: .choose,
                   help: "at a manual choice: run candidate 1, 2, ...", short: nil),
        KeyBinding(keys: [.character(","), .character("b")], label: ",", action: .stepBack,
                   help: "step back (comes with recordings)", short: nil),
        KeyBinding(keys: [.character("?"), .character("h")], label: "?", action: .help, help: "this help", short: "help"),
        KeyBinding(keys: [.character("q"), .escape], label: "q", action: .quit, help: "quit", short: "quit"),
    ]

    /// The action bound to `key`, if any.
    public static func action(for key: Key) -> Action? {
        all.first { $0.keys.contains(key) }?.action
    }
}
