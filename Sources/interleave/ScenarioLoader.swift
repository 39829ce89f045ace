import ArgumentParser
import Foundation
import InterleaveRecording
import InterleaveScenario

/// Finds and compiles the scenario a command names: a file path, or a catalogue name.
enum ScenarioLoader {
    /// The largest file read as a scenario.
    static let maxBytes = 16 << 20

    /// The compiled scenario, or a message on stderr and exit status 2.
    static func load(_ argument: String) throws -> Scenario {
        switch compile(argument) {
        case .success(let scenario):
            return scenario
        case .failure(let problem):
            report([problem.message])
            throw ExitCode.badInput
        }
    }

    /// A problem that stops a scenario from loading, as it is shown.
    struct Problem: Error {
        var message: String
    }

    /// Reads and compiles the scenario `argument` names.
    static func compile(_ argument: String) -> Result<Scenario, Problem> {
        switch source(argument) {
        case .failure(let problem): return .failure(problem)
        case .success(let (source, name)):
            return Scenario.compile(source, name: name).mapError { Problem(message: $0.rendered) }
        }
    }

    /// The source `argument` names, and the scenario's name.
    static func source(_ argument: String) -> Result<(SourceFile, String), Problem> {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                return .failure(Problem(message: "\(argument): is a directory, not a scenario file\n"
                    + "    hint: give a .ilv file inside it, or a catalogue name (see 'interleave list')"))
            }
            return read(argument).flatMap { bytes in
                if bytes.starts(with: Array(RecordingFormat.markText.utf8)) {
                    return .failure(Problem(message: "\(argument): is a recording, not a scenario\n"
                        + "    hint: open it with 'interleave replay \(argument)' (or check it with 'interleave verify')"))
                }
                return .success((SourceFile(name: argument, bytes: bytes), Scenario.name(ofFile: argument)))
            }
        }
        if let entry = Catalogue.entry(named: argument) {
            return .success((entry.source, Scenario.name(ofFile: entry.fileName)))
        }
        if argument.contains("/") || argument.hasSuffix(".ilv") || Scenario.isPython(argument) {
            return .failure(Problem(message: "\(argument): no such file"))
        }
        let names = Catalogue.entries.map(\.name)
        let suggestion = nearest(argument, in: names).map { "did you mean '\($0)'? " } ?? ""
        return .failure(Problem(message: "'\(argument)' is neither a file nor a scenario in the catalogue\n"
            + "    hint: \(suggestion)'interleave list' shows the catalogue"))
    }

    /// The bytes of a regular file of at most `limit` bytes (a scenario's limit by default), or why they can't be had.
    static func read(_ path: String, limit: Int = maxBytes, kind: String = "a scenario") -> Result<[UInt8], Problem> {
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(Problem(message: "\(path): no such file"))
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            return .failure(Problem(message: "\(path): can't be read (permission denied?)"))
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            return .failure(Problem(message: "\(path): is not a regular file"))
        }
        if let size = attributes[.size] as? Int, size > limit {
            return .failure(Problem(message: "\(path): is \(size) bytes, too large to be \(kind) (the limit is \(limit >> 20) MB)"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(Problem(message: "\(path): can't be read (permission denied?)"))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            return .success([UInt8](data))
        } catch {
            return .failure(Problem(message: "\(path): can't be read: \(error.localizedDescription)"))
        }
    }

    static func report(_ messages: [String]) {
        for message in messages where !message.isEmpty {
            FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
        }
    }

    /// The closest catalogue name to a mistyped one.
    private static func nearest(_ name: String, in names: [String]) -> String? {
        names.first { $0.hasPrefix(name) || name.hasPrefix($0) } ?? Suggestions.nearest(to: name, in: names)
    }
}
