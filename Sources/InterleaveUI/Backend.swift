/// Where frames go: the curses terminal, or the test backend.
public protocol Backend {
    /// The screen's size in cells.
    var size: (width: Int, height: Int) { get }
    /// Shows `frame`, writing only what differs from the frame shown before.
    mutating func show(_ frame: Grid)
}

/// A backend that keeps the last frame in memory, for tests: compare its text with literal
/// lines or golden files, and look up the colour role of any cell.
public struct TestBackend: Backend {
    public var size: (width: Int, height: Int)
    /// The frame last shown.
    public private(set) var screen: Grid
    /// How many cells the last `show` had to write (a measure of the diff).
    public private(set) var cellsWritten = 0

    public init(width: Int, height: Int) {
        size = (width, height)
        screen = Grid(width: width, height: height)
    }

    public mutating func show(_ frame: Grid) {
        let changes = frame.changes(since: screen)
        cellsWritten = changes.reduce(0) { $0 + $1.cells.count }
        screen = frame
    }

    /// The screen as text, trailing spaces trimmed.
    public var text: String { screen.text }
}
