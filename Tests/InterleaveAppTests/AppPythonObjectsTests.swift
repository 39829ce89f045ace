import InterleaveApp
import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import InterleaveUI
import Testing

/// The view of a Python program that makes its locks as it runs: a lane appears for each.
@Suite struct AppPythonObjectsTests {
    static let bank = """
        import threading
        import time

        class Account:
            def __init__(self, owner):
                self.owner = owner
                self.balance = 0
                self.lock = threading.Lock()

            def deposit(self, amount):
                with self.lock:
                    current = self.balance
                    time.sleep(0.001)
                    self.balance = current + amount

        alice = Account("alice")
        bob = Account("bob")
        threads = [threading.Thread(target=a.deposit, args=(10,)) for a in (alice, alice, bob)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(alice.balance, bob.balance)
        """

    /// An app on `bank.py` at 100x30 and its whole run.
    func bankApp() throws -> (App, [Event]) {
        let scenario = try compileScenario(AppPythonObjectsTests.bank, name: "bank.py")
        let config = scenario.settings.config
        let app = App(scenario: "bank.py", program: scenario.program, config: config, width: 100, height: 30,
                      source: AppPythonObjectsTests.bank)
        var simulation = Simulation(program: scenario.program, config: config)
        var events: [Event] = []
        while case .budgetExhausted = simulation.run(RunLimit(maxEvents: 4096), into: &events) {}
        return (app, events)
    }

    @Test func aLockMadeInInitGetsALaneNamedAfterItsInstance() throws {
        var (app, events) = try bankApp()
        _ = app.update(.session(.events(events)))
        let grid = screen(app)
        try matchesGolden(grid, "python-made-locks-100x30")
        #expect(row(grid, startingWith: "alice.lock") != nil, "\(grid.text)")
        #expect(row(grid, startingWith: "bob.lock") != nil, "\(grid.text)")
        #expect(grid.text.contains("alice.balance = 20"), "the shared line shows the attributes: \(grid.text)")
    }

    @Test func stepsBackToBeforeALockWasMadeShowNoLaneForIt() throws {
        var (app, events) = try bankApp()
        _ = app.update(.session(.events(events)))
        // The event that made bob's lock, and the one before it.
        let made = try #require(events.firstIndex { if case .objectMade(.lock, _, "bob.lock") = $0.kind { true } else { false } })
        _ = app.update(.key(.character("g")))
        for character in "#\(made - 1)" { _ = app.update(.key(.character(character))) }
        _ = app.update(.key(.enter))
        let before = screen(app)
        #expect(row(before, startingWith: "alice.lock") != nil, "\(before.text)")
        #expect(row(before, startingWith: "bob.lock") == nil, "bob's lock is not made yet at #\(made - 1): \(before.text)")
    }
}
