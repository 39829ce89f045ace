import InterleaveUI
import Testing

/// The cell grid widgets draw into, and the diff a backend writes.
@Suite struct GridTests {
    @Test func textIsClippedAtTheEdgesAndAtALimit() {
        var grid = Grid(width: 10, height: 2)
        grid.put("hello world", x: 0, y: 0)
        grid.put("abcdef", x: -2, y: 1, limit: 3)
        grid.put("ignored", x: 0, y: 5)
        #expect(grid.text == "hello worl\ncde")
    }

    @Test func wideCharactersTakeTwoColumnsAndNeverHalfOfOne() {
        var grid = Grid(width: 5, height: 1)
        let end = grid.put("日本語", x: 0, y: 0)
        #expect(end == 4)
        #expect(grid.text == "日本")
        #expect(CharacterWidth.of("→") == 1)
        #expect(CharacterWidth.of("日本語 x") == 8)
        #expect(CharacterWidth.of("e\u{301}") == 1)
    }

    @Test func rolesAndAttributesAreKeptPerCell() {
        var grid = Grid(width: 4, height: 1)
        grid.put("##", x: 0, y: 0, role: .running, attributes: .bold)
        grid.put("L", x: 2, y: 0, role: .lockWait)
        #expect(grid[0, 0].role == .running && grid[0, 0].attributes == .bold)
        #expect(grid[2, 0].role == .lockWait)
        #expect(grid[3, 0] == .blank)
    }

    @Test func onlyChangedCellsAreRedrawnUnlessTheSizeChanged() {
        var before = Grid(width: 6, height: 2)
        before.put("abcdef", x: 0, y: 0)
        var after = before
        after.put("XY", x: 2, y: 0)
        after.put("z", x: 5, y: 1)
        let changes = after.changes(since: before)
        #expect(changes == [
            Grid.Change(x: 2, y: 0, cells: [Cell("X"), Cell("Y")]),
            Grid.Change(x: 5, y: 1, cells: [Cell("z")]),
        ])
        #expect(after.changes(since: Grid(width: 3, height: 2)).reduce(0) { $0 + $1.cells.count } == 12)
        #expect(after.changes(since: after).isEmpty)
    }

    @Test func theTestBackendShowsTheLastFrameAndCountsWhatItWrote() {
        var backend = TestBackend(width: 8, height: 1)
        var frame = Grid(width: 8, height: 1)
        frame.put("paused", x: 0, y: 0, role: .header)
        backend.show(frame)
        #expect(backend.text == "paused")
        #expect(backend.cellsWritten == 6)
        frame.put("PA", x: 0, y: 0, role: .header)
        backend.show(frame)
        #expect(backend.cellsWritten == 2)
        #expect(backend.screen[0, 0].role == .header)
    }
}
