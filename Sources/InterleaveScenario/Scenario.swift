import InterleaveCore

/// A compiled scenario: its program, the settings its header chose, and its source.
public struct Scenario: Sendable {
    /// The scenario's name: a Python program's file name (`workers.py`), a scenario's without
    /// `.ilv` (`Scenario.name(ofFile:)`).
    public let name: String
    public let source: SourceFile
    /// The name without `.py`, for the files made from it (`workers-seed1.ilvrec`).
    public var stem: String { Scenario.stem(of: name) }

    /// A name without `.py`, for the files made from it.
    public static func stem(of name: String) -> String { isPython(name) ? String(name.dropLast(3)) : name }
    public let program: Program
    public let settings: ScenarioSettings
    /// The first line of the opening comment (what the scenario teaches), without the file name.
    public let summary: String

    /// How many errors a report shows before it stops listing them.
    public static let maxReportedErrors = 20

    /// Whether a file of this name is a Python program (`.py`) rather than a scenario (`.ilv`).
    public static func isPython(_ name: String) -> Bool {
        name.hasSuffix(".py")
    }

    /// The scenario name of a file (`dir/workers.py`): a Python program keeps its extension, so
    /// that a recording of it is compiled as Python again; a scenario's drops `.ilv`.
    public static func name(ofFile path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return isPython(file) || !file.hasSuffix(".ilv") ? file : String(file.dropLast(4))
    }

    /// Parses and compiles a scenario, or a Python program when the source's name ends in `.py`.
    /// All errors of the file are found in one pass.
    public static func compile(_ source: SourceFile, name: String) -> Result<Scenario, CompileFailure> {
        let python = isPython(source.name)
        let (statements, syntaxErrors, fatal) = Parser.parse(source, python: python)
        if fatal { return .failure(CompileFailure(file: source, diagnostics: syntaxErrors)) }
        let program: Program, settings: ScenarioSettings, found: [Diagnostic]
        if python {
            let compiler = PythonCompiler(file: source, name: name)
            compiler.hadSyntaxErrors = !syntaxErrors.isEmpty
            program = compiler.compile(statements)
            (settings, found) = (compiler.settings, compiler.diagnostics)
        } else {
            let compiler = Compiler(file: source, name: name)
            compiler.hadSyntaxErrors = !syntaxErrors.isEmpty
            program = compiler.compile(statements)
            (settings, found) = (compiler.settings, compiler.diagnostics)
        }
        // Names can't be trusted after a syntax error in a statement that declares them, so
        // only report the compiler's findings on lines without a syntax error.
        let brokenLines = Set(syntaxErrors.map { source.location(of: $0.span.start).line })
        var diagnostics = syntaxErrors + found.filter { !brokenLines.contains(source.location(of: $0.span.start).line) }
        var seen = Set<Diagnostic>()
        diagnostics = diagnostics.filter { seen.insert($0).inserted }
        diagnostics.sort { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
        guard diagnostics.isEmpty else { return .failure(CompileFailure(file: source, diagnostics: diagnostics)) }
        return .success(Scenario(name: name, source: source, program: program, settings: settings, summary: summary(of: source)))
    }

    /// Compiles scenario text (for tests and the catalogue); a name ending in `.py` means Python.
    public static func compile(_ text: String, name: String) -> Result<Scenario, CompileFailure> {
        compile(SourceFile(name: isPython(name) ? name : name + ".ilv", text: text), name: name)
    }

    /// The most of its first comment line a summary keeps, in characters.
    static let summaryLength = 200

    /// The opening comment's first line, without a leading `name.ilv —`.
    static func summary(of source: SourceFile) -> String {
        for number in 1...max(1, min(5, source.lineStarts.count)) {
            // A summary is a line of `list`: the start of a very long comment is enough.
            let line = String(source.lineText(number).prefix(summaryLength)).trimmingSpaces
            guard line.hasPrefix("#") else { continue }
            var text = String(line.dropFirst()).trimmingSpaces
            for separator in [" — ", " -- ", " - ", ": "] {
                if let range = text.firstRange(of: separator),
                   text[..<range.lowerBound].hasSuffix(".ilv") || text[..<range.lowerBound].hasSuffix(".py") {
                    text = String(text[range.upperBound...])
                    break
                }
            }
            return text
        }
        return ""
    }
}

/// A scenario that did not compile, with every diagnostic found.
public struct CompileFailure: Error, Sendable {
    public let file: SourceFile
    public let diagnostics: [Diagnostic]

    public var errorCount: Int { diagnostics.count }

    /// Every diagnostic as a compiler prints it, then a count.
    public var rendered: String {
        let shown = diagnostics.prefix(Scenario.maxReportedErrors)
        var text = shown.map { $0.rendered(in: file) }.joined(separator: "\n")
        if diagnostics.count > shown.count {
            text += "\n\(file.name): \(diagnostics.count - shown.count) more not shown"
        }
        let count = errorCount
        text += "\n\(count) error\(count == 1 ? "" : "s") in \(file.name)\n"
        return text
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
