import InterleaveApp
import InterleaveCore
import InterleaveRuntime
import InterleaveScenario
import InterleaveTerminal
import InterleaveUI

/// Runs a scenario in the full-screen UI: the engine on its own task, the app model fed from the
/// session's channel, keys and wall-clock ticks from the terminal, frames to the terminal.
enum LiveView {
    /// How long the loop waits for a key before drawing the next frame.
    static let frameMilliseconds: Int32 = 30
    /// The longest a frame spends folding the engine's updates before it draws.
    static let drainMilliseconds = 25

    /// Runs until the user quits; returns the last run's summary as far as it went, and its configuration
    /// (the user may have restarted with another seed or policy).
    static func run(_ scenario: Scenario, config: MachineConfig, colors: Bool) async throws -> (Summary, MachineConfig) {
        let terminal = try Terminal(colors: colors)
        defer { terminal.close() }
        var app = App(scenario: scenario.name, program: scenario.program, config: config,
                      width: terminal.size.width, height: terminal.size.height)
        var grid = Grid(width: terminal.size.width, height: terminal.size.height)
        let clock = ContinuousClock()
        var last = clock.now
        while true {
            let session = Session(machine: Machine(program: scenario.program, config: app.config), startPaused: true)
            let engine = Task { await session.run() }
            var next: App?
            var quitting = false
            while next == nil && !quitting {
                // Fold what the engine sent, but leave time to draw and read keys when it sends faster than that.
                let drainUntil = clock.now.advanced(by: .milliseconds(drainMilliseconds))
                while clock.now < drainUntil, let update = session.updates.tryReceive() {
                    _ = app.update(.session(update))
                }
                var commands: [App.Command] = []
                if let key = terminal.readKey(milliseconds: frameMilliseconds) {
                    if key == .resize {
                        _ = app.update(.resize(width: terminal.size.width, height: terminal.size.height))
                    }
                    commands += app.update(.key(key))
                }
                let now = clock.now
                let elapsed = now - last
                last = now
                let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                commands += app.update(.tick(milliseconds: milliseconds))
                for command in commands {
                    switch command {
                    case .control(let control): _ = session.controls.trySend(control)
                    case .restart(let config): next = app.restarted(config: config)
                    case .quit: quitting = true
                    }
                }
                if grid.width != terminal.size.width || grid.height != terminal.size.height {
                    grid = Grid(width: terminal.size.width, height: terminal.size.height)
                }
                app.view(into: &grid)
                terminal.show(grid)
            }
            // Let the engine see `stop`, draining what it still sends so it never waits on a full channel.
            _ = session.controls.trySend(.stop)
            for await _ in session.updates {}
            _ = await engine.value
            guard let next else { return (app.summaryNow, app.config) }
            app = next
            last = clock.now
        }
    }
}
