/// A rectangle of the screen, in cells: where a widget draws.
public struct Rect: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The column after the rectangle.
    public var right: Int { x + width }
    /// The row after the rectangle.
    public var bottom: Int { y + height }

    /// Row `offset` of the rectangle, one cell high.
    public func row(_ offset: Int) -> Rect { Rect(x: x, y: y + offset, width: width, height: 1) }

    /// The rectangle's rows from `offset` on, `count` of them (to its bottom when nil).
    public func rows(from offset: Int, count: Int? = nil) -> Rect {
        let top = min(height, max(0, offset))
        return Rect(x: x, y: y + top, width: width, height: count.map { min($0, height - top) } ?? height - top)
    }
}
