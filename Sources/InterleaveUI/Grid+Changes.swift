/// What a backend must redraw: the runs of cells that differ from the previous frame.
extension Grid {
    /// A run of changed cells on one row, left to right.
    public struct Change: Sendable, Hashable {
        public var x: Int
        public var y: Int
        public var cells: [Cell]

        public init(x: Int, y: Int, cells: [Cell]) {
            self.x = x
            self.y = y
            self.cells = cells
        }
    }

    /// The cells of `self` that differ from `previous`, grouped into runs; everything when the
    /// sizes differ (after a resize the whole screen is redrawn).
    public func changes(since previous: Grid?) -> [Change] {
        let full = previous == nil || previous!.width != width || previous!.height != height
        var changes: [Change] = []
        for y in 0..<height {
            var run: Change?
            for x in 0..<width {
                let cell = cells[y * width + x]
                let differs = full || previous!.cells[y * width + x] != cell
                if differs {
                    if run == nil { run = Change(x: x, y: y, cells: []) }
                    run!.cells.append(cell)
                } else if let finished = run {
                    changes.append(finished)
                    run = nil
                }
            }
            if let finished = run { changes.append(finished) }
        }
        return changes
    }
}
