import ArgumentParser
import Foundation
import InterleaveApp
import InterleaveCore
import InterleaveScenario

/// Where the full-screen view stops a playing run: `--break-on` and `--break-at`.
struct WatchOptions: ParsableArguments {
    @Option(name: .customLong("break-on"),
            help: ArgumentHelp("Pause the view at the first of these, and show it: "
                + Watchpoints.Moment.allCases.map(\.rawValue).joined(separator: ", ") + " (comma-separated).",
                               valueName: "moments"))
    var breakOn: String?

    @Option(name: .customLong("break-at"),
            help: ArgumentHelp("Pause the view when a thread reaches one of these source lines (comma-separated).",
                               valueName: "lines"))
    var breakAt: String?

    var given: Bool { breakOn != nil || breakAt != nil }

    func validate() throws {
        _ = try moments()
        _ = try lines()
    }

    private func moments() throws -> Set<Watchpoints.Moment> {
        guard let breakOn else { return [] }
        var moments: Set<Watchpoints.Moment> = []
        for name in breakOn.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let moment = Watchpoints.Moment(rawValue: name) else {
                throw ValidationError("--break-on: '\(name)' is not one of "
                    + Watchpoints.Moment.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            moments.insert(moment)
        }
        return moments
    }

    private func lines() throws -> Set<Int32> {
        guard let breakAt else { return [] }
        var lines: Set<Int32> = []
        for text in breakAt.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let line = Int32(text), line >= 1 else {
                throw ValidationError("--break-at: '\(text)' is not a line number (1 or more).")
            }
            lines.insert(line)
        }
        return lines
    }

    /// The watchpoints for `scenario`: every line named must hold code that runs (if one doesn't,
    /// says so and exits with status 2).
    func watchpoints(for scenario: Scenario) throws -> Watchpoints {
        let lines = try self.lines()
        let lastLine = scenario.source.lineCount
        let code = Set(scenario.program.lines)
        for line in lines.sorted() {
            var problem: String?
            if line > lastLine {
                problem = "\(scenario.source.name) has \(lastLine) lines"
            } else if !code.contains(line) {
                let text = scenario.source.lineText(Int(line)).trimmingCharacters(in: .whitespaces)
                problem = "line \(line) of \(scenario.source.name) has no code that runs ("
                    + (text.isEmpty ? "it is blank" : "'\(text.prefix(60))'") + "); name a line with a statement"
            }
            if let problem {
                ScenarioLoader.report(["interleave: --break-at \(line): \(problem)."])
                throw ExitCode.badInput
            }
        }
        return Watchpoints(moments: try moments(), lines: lines)
    }
}
