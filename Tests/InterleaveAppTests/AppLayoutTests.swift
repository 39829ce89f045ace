import InterleaveApp
import InterleaveCore
import InterleaveTestSupport
import InterleaveUI
import Testing

/// Where the parts of the screen go: the lanes take the rows they need, the pane the rest.
@Suite struct AppLayoutTests {
    @Test func thePaneStartsUnderTheLanesLegendAndBanner() throws {
        var (app, run) = try app("workers", width: 200, height: 50)
        _ = app.update(.session(.events(run.events)))
        let grid = screen(app)
        let tabs = try #require(row(grid, startingWith: "─ events") ?? row(grid, startingWith: "─[events]"))
        // Header, axis, six threads, the GIL, the legend and one banner row: nothing empty between.
        #expect(tabs == 1 + 1 + 6 + 1 + 1 + 1, "\(grid.text)")
        #expect(app.paneHeight == 50 - 1 - tabs)
    }

    @Test func goingBackBeforeTheThreadsWereMadeDoesNotMoveThePane() throws {
        var (app, run) = try app("workers", width: 120, height: 40)
        _ = app.update(.session(.events(run.events)))
        _ = app.update(.key(.character(" ")))
        let live = app.paneHeight
        for key in "g#2" { _ = app.update(.key(.character(key))) }
        _ = app.update(.key(.enter))
        #expect(app.viewing == 2)
        #expect(app.world.threads.count == 1, "only main is made by #2")
        #expect(app.paneHeight == live)
    }
}
