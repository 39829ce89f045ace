import InterleaveCore
import InterleaveScenario

/// A scenario that failed to compile in a test, with the compiler's report.
public struct ScenarioDidNotCompile: Error, CustomStringConvertible {
    public var report: String
    public var description: String { report }
}

/// Compiles scenario text, throwing the rendered diagnostics if it has errors.
public func compileScenario(_ text: String, name: String = "test") throws -> Scenario {
    switch Scenario.compile(text, name: name) {
    case .success(let scenario): return scenario
    case .failure(let failure): throw ScenarioDidNotCompile(report: failure.rendered)
    }
}

/// The catalogue's scenario `name`, compiled as `interleave run name` compiles it.
public func catalogueScenario(_ name: String) throws -> Scenario {
    guard let entry = Catalogue.entry(named: name) else { throw ScenarioDidNotCompile(report: "no scenario '\(name)' in the catalogue") }
    switch entry.compile() {
    case .success(let scenario): return scenario
    case .failure(let failure): throw ScenarioDidNotCompile(report: failure.rendered)
    }
}

/// The diagnostics scenario text produces (empty when it compiles).
public func diagnostics(of text: String) -> [(line: Int, column: Int, message: String, hint: String?)] {
    let file = SourceFile(name: "test.ilv", text: text)
    guard case .failure(let failure) = Scenario.compile(file, name: "test") else { return [] }
    return failure.diagnostics.map {
        let location = file.location(of: $0.span.start)
        return (location.line, location.column, $0.message, $0.hint)
    }
}

/// Runs a scenario under its own settings, with `overrides` on top.
public func simulate(_ scenario: Scenario, _ overrides: ScenarioSettings = ScenarioSettings()) -> SimulationResult {
    simulate(scenario.program, scenario.settings.overridden(by: overrides).config)
}

extension ScenarioSettings {
    /// Settings that override only what is given.
    public static func with(policy: String? = nil, seed: UInt64? = nil, cores: Int? = nil,
                            switchInterval: VirtualTime? = nil, maxSteps: UInt64? = nil) -> ScenarioSettings {
        var settings = ScenarioSettings()
        settings.policy = policy
        settings.seed = seed
        settings.cores = cores
        settings.switchInterval = switchInterval
        settings.maxSteps = maxSteps
        return settings
    }
}
