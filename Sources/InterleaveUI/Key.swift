/// A key the user pressed (or a resize), as the terminal reports it.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, tab
    /// The terminal changed size.
    case resize
}
