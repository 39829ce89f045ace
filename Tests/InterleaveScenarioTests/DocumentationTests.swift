import Foundation
import InterleaveTestSupport
import Testing

/// Every scenario in the language reference and the README compiles, runs and meets its expectations.
@Suite struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The ```ilv blocks of a Markdown file, with the line each starts on.
    static func examples(in path: String) -> [(line: Int, text: String)] {
        guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) else { return [] }
        var examples: [(Int, String)] = []
        var current: [String]?
        var start = 0
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```ilv" {
                current = []
                start = number + 2
            } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                examples.append((start, current!.joined(separator: "\n")))
                current = nil
            } else {
                current?.append(String(line))
            }
        }
        return examples
    }

    @Test(arguments: ["docs/LANGUAGE.md", "README.md"])
    func everyExampleRunsAndMeetsItsExpectations(_ path: String) throws {
        let examples = Self.examples(in: path)
        #expect(!examples.isEmpty, "\(path) has ilv examples")
        for (line, text) in examples {
            let scenario: InterleaveScenario.Scenario
            do {
                scenario = try compileScenario(text, name: "example")
            } catch {
                Issue.record("\(path):\(line): the example does not compile:\n\(error)")
                continue
            }
            let result = simulate(scenario)
            #expect(result.summary.succeeded, "\(path):\(line):\n\(result.summary.text())")
        }
    }
}

import InterleaveScenario
