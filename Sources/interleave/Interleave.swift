import ArgumentParser
import CStandardOutput
import Foundation
import InterleaveCore

/// The `interleave` command.
@main
struct Interleave: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "interleave",
        abstract: "Watch, step through, record and replay how threads are scheduled.",
        discussion: """
            Interleave simulates threads on virtual cores in virtual time, under a policy such as \
            CPython's GIL, and shows every scheduling decision. Runs are deterministic: the same \
            scenario, policy and seed always give the same events.

            Exit status: 0 when the run met its expectations, 1 when an expectation failed or the \
            run deadlocked, 2 for bad input (a file that can't be read, a mistake in a scenario, \
            a bad option).
            """,
        version: version,
        subcommands: [RunCommand.self, ExploreCommand.self, ReplayCommand.self, VerifyCommand.self, ExportCommand.self, CheckCommand.self, ListCommand.self,
                      ShowCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// Parses and runs the command, exiting with 2 (not the parser's 64) for bad options.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCode.badInput.rawValue)
            }
            checkStandardOutput()
            exit(withError: error)
        }
        checkStandardOutput()
    }

    /// Exits with status 2 and a message when what the command printed did not all reach standard
    /// output (`> /dev/full`, a full disk): a report cut short must not pass for a whole one.
    static func checkStandardOutput() {
        let cause = il_stdout_failure()
        guard cause != 0 else { return }
        OutputFile.reportIncomplete("standard output", cause: cause > 0 ? String(cString: strerror(cause)) : "a write failed")
        Foundation.exit(ExitCode.badInput.rawValue)
    }
}

extension ExitCode {
    /// The run failed: an expectation did not hold, a deadlock, an error in the program.
    static let runFailed = ExitCode(1)
    /// The input was bad: unreadable file, a mistake in the scenario, a bad option.
    static let badInput = ExitCode(2)
}
