import ArgumentParser
import Foundation

/// A file the command writes: an export's destination (or standard output), or a recording
/// written as the run goes. Created or replaced; a path that can't be written gets a message
/// naming the option and the cause, and exit status 2.
final class OutputFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Whether writes wait for 64 KB (an export) or go to the file at once (a recording's blocks).
    private let buffered: Bool
    let path: String?

    /// Standard output when `path` is nil or "-"; otherwise the file, for `option` (named in messages).
    init(_ path: String?, option: String, buffered: Bool = true) throws {
        self.buffered = buffered
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            self.path = nil
            return
        }
        self.path = path
        try OutputFile.checkNotDirectory(path, option: option)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            ScenarioLoader.report(["interleave: \(path): can't be written (\(String(cString: strerror(errno))))"])
            throw ExitCode.badInput
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Fails, with a message and exit status 2, when `path` is a directory.
    private static func checkNotDirectory(_ path: String, option: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            ScenarioLoader.report(["interleave: \(path): is a directory; give \(option) a file name"])
            throw ExitCode.badInput
        }
    }

    /// Fails, with a message and exit status 2, when a file at `path` could not be written later,
    /// without creating it now (a command that may have nothing to write checks first).
    static func checkWritable(_ path: String, option: String) throws {
        try checkNotDirectory(path, option: option)
        if FileManager.default.fileExists(atPath: path) {
            guard access(path, W_OK) == 0 else {
                ScenarioLoader.report(["interleave: \(path): can't be written (\(String(cString: strerror(errno)))); give \(option) another file"])
                throw ExitCode.badInput
            }
            return
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard access(directory.isEmpty ? "." : directory, W_OK) == 0 else {
            ScenarioLoader.report(["interleave: \(path): can't be written there (\(directory): \(String(cString: strerror(errno)))); "
                + "give \(option) another file"])
            throw ExitCode.badInput
        }
    }

    func write(_ text: String) {
        try? write(bytes: Array(text.utf8))
    }

    func write(bytes: [UInt8]) throws {
        buffer += bytes
        if !buffered || buffer.count >= 1 << 16 { try flushing() }
    }

    func flush() {
        try? flushing()
    }

    private func flushing() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try handle.write(contentsOf: Data(buffer))
    }

    deinit { flush() }
}
