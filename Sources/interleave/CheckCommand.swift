import ArgumentParser
import InterleaveScenario

/// `interleave check`: reports the mistakes in scenario files without running them.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check scenario files for mistakes without running them.",
        discussion: "Prints every error with its line and column; exits with 2 if any file has one."
    )

    @Argument(help: "Scenario files or catalogue names.")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            switch ScenarioLoader.compile(file) {
            case .success(let scenario):
                print("\(scenario.source.name): ok")
            case .failure(let problem):
                ScenarioLoader.report([problem.message])
                failed = true
            }
        }
        if failed { throw ExitCode.badInput }
    }
}
