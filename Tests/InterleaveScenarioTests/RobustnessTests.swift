import InterleaveCore
import InterleaveScenario
import InterleaveTestSupport
import Testing

/// Garbage in never crashes or hangs the compiler: every input ends in a program or diagnostics.
@Suite struct ScenarioRobustnessTests {
    /// A small seeded generator, so every fuzz case can be reproduced from its number.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    /// Compiles `bytes`; when it compiles, runs it briefly. Returns whether it compiled.
    @discardableResult
    func survive(_ bytes: [UInt8]) -> Bool {
        let file = SourceFile(name: "fuzz.ilv", bytes: bytes)
        switch Scenario.compile(file, name: "fuzz") {
        case .success(let scenario):
            var settings = ScenarioSettings()
            settings.maxSteps = 20_000
            settings.policy = scenario.settings.policy == "manual" ? "gil" : nil
            _ = simulate(scenario, settings)
            return true
        case .failure(let failure):
            #expect(failure.errorCount > 0)
            #expect(!failure.rendered.isEmpty)
            return false
        }
    }

    @Test func randomBytesGetDiagnostics() {
        var generator = Generator(state: 1)
        for _ in 0..<200 {
            let bytes = (0..<generator.below(400)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            survive(bytes)
        }
    }

    @Test func randomTokensEndInAProgramOrDiagnostics() {
        let words = ["def", "f", "(", ")", ":", "\n", "    ", "x", "=", "1", "+", "start", "join", "with", "lock",
                     "Lock()", "shared", "sleep", "2s", "if", "else", "while", "for", "in", "range(3)", "print",
                     "\"{x}\"", "expect", "==", ",", "[", "]", "q.get()", "return", "break", "-", "not", "and", "\t",
                     "lambda", ".", "True", "None", "#", "{", "}", "\\", "'", "99999999999999999999", "0.5s"]
        var generator = Generator(state: 2)
        var compiled = 0
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<generator.below(60) { text += words[generator.below(words.count)] + (generator.below(3) == 0 ? " " : "") }
            if survive(Array(text.utf8)) { compiled += 1 }
        }
        #expect(compiled < 400)
    }

    @Test func mutatedCatalogueScenariosEndInAProgramOrDiagnostics() {
        var generator = Generator(state: 3)
        var compiled = 0, rejected = 0
        for round in 0..<300 {
            let entry = Catalogue.entries[round % Catalogue.entries.count]
            var bytes = Array(entry.text.utf8)
            for _ in 0..<(1 + generator.below(3)) {
                guard !bytes.isEmpty else { break }
                let at = generator.below(bytes.count)
                switch generator.below(6) {
                case 0: bytes.removeSubrange(at..<min(bytes.count, at + generator.below(20)))
                case 1: bytes.insert(contentsOf: Array(" \t:()[]=#\"{}\n".utf8).shuffledPrefix(&generator), at: at)
                case 2: bytes = Array(bytes[..<at])
                case 3: bytes[at] = UInt8(truncatingIfNeeded: generator.next())
                case 4:
                    let other = generator.below(bytes.count)
                    bytes.swapAt(at, other)
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + generator.below(40))], at: at)
                }
            }
            if survive(bytes) { compiled += 1 } else { rejected += 1 }
        }
        // Both outcomes happen: the mutations are neither all harmless nor all fatal.
        #expect(compiled > 0 && rejected > 0)
    }

    @Test func everyTruncationOfAScenarioIsHandled() {
        let bytes = Array(Catalogue.entry(named: "lock_counter")!.text.utf8)
        for length in 0...bytes.count { survive(Array(bytes[..<length])) }
    }

    @Test func tenThousandDeepNestingIsRefusedQuickly() {
        // Indented blocks: 2,000 levels (10,000 would be a 50 MB file; the limit is met at 101).
        var text = ""
        for depth in 0..<2_000 { text += String(repeating: " ", count: depth) + "if True:\n" }
        let found = diagnostics(of: text)
        #expect(found.count == 1)
        #expect(found.first?.message == "blocks are nested more than 100 deep")
        let inline = String(repeating: "if True: ", count: 10_000) + "pass\n"
        #expect(diagnostics(of: inline).first?.message == "'if' can't follow ':' on the same line")
        let brackets = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(diagnostics(of: "x = " + brackets).first?.message == "brackets are nested more than 100 deep")
        let signs = "x = " + String(repeating: "- ", count: 10_000) + "1"
        #expect(diagnostics(of: signs).first?.message == "this expression is nested or chained more than 200 levels deep")
        let chain = "x = 1" + String(repeating: " + 1", count: 10_000)
        #expect(diagnostics(of: chain).first?.message == "this expression is nested or chained more than 200 levels deep")
        let ands = "x = 1" + String(repeating: " and 1", count: 20_000)
        #expect(diagnostics(of: ands).count == 1)
        let indexes = "items = [1]\nx = items" + String(repeating: "[0]", count: 20_000)
        #expect(diagnostics(of: indexes).count == 1)
        let nots = "x = " + String(repeating: "not ", count: 10_000) + "1"
        #expect(diagnostics(of: nots).first?.message == "this expression is nested or chained more than 200 levels deep")
    }

    @Test func binaryAndNonTextFilesAreNamedAsSuch() {
        let nul = diagnostics(of: "x = 1\n\u{0}\u{1}")
        #expect(nul.first?.message == "the file contains a NUL byte at offset 6; it looks like a binary file, not a scenario")
        let file = SourceFile(name: "latin1.ilv", bytes: Array("print \"caf".utf8) + [0xE9, 0x22, 0x0A])
        guard case .failure(let failure) = Scenario.compile(file, name: "latin1") else {
            Issue.record("expected an error")
            return
        }
        #expect(failure.diagnostics.first?.message == "the file is not UTF-8 text: byte 0xE9 at offset 10 is invalid")
        #expect(file.location(of: failure.diagnostics[0].span.start) == SourceLocation(line: 1, column: 11))
        // A file that isn't text is not quoted back to the terminal.
        #expect(failure.rendered == """
            latin1.ilv:1:11: error: the file is not UTF-8 text: byte 0xE9 at offset 10 is invalid
                hint: scenario files are UTF-8 text; save it as UTF-8 or check that you opened the right file
            1 error in latin1.ilv

            """)
    }
}

extension Array where Element == UInt8 {
    /// A few of the elements, in an order the generator picks.
    func shuffledPrefix(_ generator: inout ScenarioRobustnessTests.Generator) -> [UInt8] {
        (0..<(1 + generator.below(4))).map { _ in self[generator.below(count)] }
    }
}
