import ArgumentParser
import Foundation
import InterleaveApp
import InterleaveCore
import InterleaveReports

/// How the full-screen view uses the terminal and plays the run: `--no-color`, `--no-mouse` and `--speed`.
struct ScreenOptions: ParsableArguments {
    @Flag(name: .customLong("no-color"), help: "Draw the full-screen view without colour (also when NO_COLOR is set).")
    var noColor = false

    @Flag(name: .customLong("no-mouse"),
          help: "Leave the mouse to the terminal (to select text without Shift); clicks and the wheel then do nothing in the view.")
    var noMouse = false

    @Option(help: ArgumentHelp("Play at this much virtual time per second: "
                + App.speeds.map(Timeline.axisLabel).joined(separator: ", ")
                + " (] and [ change it). By default the fastest at which the run lasts 2 s or more.", valueName: "speed"),
            transform: DurationArgument.parse)
    var speed: DurationArgument?

    func validate() throws {
        if let speed, !App.speeds.contains(speed.nanoseconds) {
            throw ValidationError("--speed: '\(Timeline.axisLabel(speed.nanoseconds))' is not one of the view's speeds, "
                + App.speeds.map(Timeline.axisLabel).joined(separator: ", ") + ".")
        }
    }

    /// Whether the view draws in colour.
    var colors: Bool { !noColor && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty }
}
