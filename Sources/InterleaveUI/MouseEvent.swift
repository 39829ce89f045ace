/// What the mouse did and where, in the screen's cells (column `x`, row `y`, from the top left).
public struct MouseEvent: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// The left button went down (a click).
        case press
        /// The wheel turned away from the user, or towards them.
        case wheelUp, wheelDown
    }

    public var action: Action
    public var x: Int
    public var y: Int

    public init(_ action: Action, x: Int, y: Int) {
        self.action = action
        self.x = x
        self.y = y
    }
}

/// What the terminal reports: a key (or a resize), or the mouse.
public enum Input: Sendable, Hashable {
    case key(Key)
    case mouse(MouseEvent)
}
