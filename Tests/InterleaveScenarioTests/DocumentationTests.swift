import Foundation
import InterleaveTestSupport
import Testing

/// Every example program in the docs and the README (```python, ```ilv) compiles, runs and meets its expectations.
@Suite struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The blocks of a Markdown file in `language` (```ilv, ```python), with the line each starts on.
    static func examples(in path: String, language: String) -> [(line: Int, text: String)] {
        guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) else { return [] }
        var examples: [(Int, String)] = []
        var current: [String]?
        var start = 0
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```" + language {
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

    @Test(arguments: [("docs/LANGUAGE.md", "ilv"), ("README.md", "python")])
    func everyExampleRunsAndMeetsItsExpectations(_ path: String, _ language: String) throws {
        let examples = Self.examples(in: path, language: language)
        #expect(!examples.isEmpty, "\(path) has \(language) examples")
        for (line, text) in examples {
            let scenario: InterleaveScenario.Scenario
            do {
                scenario = try compileScenario(text, name: language == "python" ? "example.py" : "example")
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
