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
        guard !path.isEmpty else {
            ScenarioLoader.report(["interleave: \(option) was given an empty file name; give it a file name"])
            throw ExitCode.badInput
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            ScenarioLoader.report(["interleave: \(path): is a directory; give \(option) a file name"])
            throw ExitCode.badInput
        }
    }

    /// Fails, with a message and exit status 2, when `output` names the file `input` names (so
    /// writing would destroy what is read), however either is spelled.
    static func checkNotInput(_ output: String?, option: String, input: String, what: String) throws {
        guard let output, output != "-" else { return }
        // Only an existing file can be destroyed: a catalogue name, or an output not there yet, can't be the input.
        var a = stat(), b = stat()
        guard stat(output, &a) == 0, stat(input, &b) == 0, a.st_dev == b.st_dev, a.st_ino == b.st_ino else { return }
        ScenarioLoader.report(["interleave: \(output): is the \(what) being read; give \(option) another file"])
        throw ExitCode.badInput
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

    /// The first write that failed (the disk full, a closed pipe): later writes are dropped, and
    /// ``finish()`` reports it.
    private(set) var failure: String?

    /// Writes `text`; a failure is kept for ``finish()`` (the exporters write through a plain closure).
    func write(_ text: String) {
        try? write(bytes: Array(text.utf8))
    }

    func write(bytes: [UInt8]) throws {
        guard failure == nil else { throw OutputFile.Failed() }
        buffer += bytes
        if !buffered || buffer.count >= 1 << 16 { try flushing() }
    }

    /// Writes what is buffered; fails, with a message naming the file and the cause and exit
    /// status 2, when anything written to it was lost.
    func finish() throws {
        try? flushing()
        if let failure {
            OutputFile.reportIncomplete(path ?? "standard output", cause: failure)
            throw ExitCode.badInput
        }
    }

    /// Says that what went to `name` (a file, or standard output) did not all arrive, and why.
    static func reportIncomplete(_ name: String, cause: String) {
        ScenarioLoader.report(["interleave: \(name): can't be written (\(cause)); what was written is incomplete"])
    }

    /// The error of a write after an earlier one failed.
    struct Failed: Error {}

    private func flushing() throws {
        guard !buffer.isEmpty, failure == nil else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        do {
            try handle.write(contentsOf: Data(buffer))
        } catch {
            failure = OutputFile.cause(of: error)
            throw error
        }
    }

    /// The operating system's words for a failed write (`No space left on device`).
    static func cause(of error: Error) -> String {
        let code = (error as NSError).code
        let domain = (error as NSError).domain
        if domain == NSPOSIXErrorDomain, code > 0 { return String(cString: strerror(Int32(code))) }
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(underlying.code))) }
        return error.localizedDescription
    }

    deinit { try? flushing() }
}
