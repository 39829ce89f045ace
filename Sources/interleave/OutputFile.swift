import ArgumentParser
import Foundation

/// Where an export goes: a file (created or replaced) or standard output, written in large chunks.
final class OutputFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    let path: String?

    /// Standard output when `path` is nil or "-"; a message and exit 2 when the file can't be written.
    init(_ path: String?) throws {
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            self.path = nil
            return
        }
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            ScenarioLoader.report(["interleave: \(path): is a directory; give -o a file name"])
            throw ExitCode.badInput
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            ScenarioLoader.report(["interleave: \(path): can't be written (no such directory, or permission denied)"])
            throw ExitCode.badInput
        }
        self.handle = handle
    }

    func write(_ text: String) {
        buffer += text.utf8
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        flush()
        if path != nil { try? handle.close() }
    }
}
