import Foundation
import InterleaveCore
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A Python program running in a real CPython with the probe: the process, the socket the probe
/// reports on, and what has arrived on it. The socket is read on a thread of its own as fast as the
/// probe sends, so the program never waits for Interleave, however far behind the view is.
public final class ObservedProcess: @unchecked Sendable {
    /// What went wrong before the program ran.
    public enum LaunchError: Error, Sendable, CustomStringConvertible {
        case noPython(String)
        case cannotStart(String)
        /// The interpreter ended before the probe said hello: its status and what it wrote to stderr.
        case endedEarly(ProcessEnd, stderr: String)

        public var description: String {
            switch self {
            case .noPython(let why): return why
            case .cannotStart(let why): return why
            case .endedEarly(let end, let stderr):
                let text = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? "\(end) before the program started" : text
            }
        }
    }

    /// Where the program's standard streams go.
    public struct Streams: Sendable {
        /// Give the program Interleave's standard input (not when the view has the terminal).
        public var input: Bool
        /// Let what the program writes to its standard output and error without `print` (a
        /// traceback, C code) go straight to Interleave's; otherwise it is kept (``capturedOutput``).
        public var passThrough: Bool
        /// Keep the program out of the terminal's Ctrl-C (the view has the terminal: Ctrl-C there
        /// stops Interleave's run, which stops the program); headless, Ctrl-C reaches both, as in a pipeline.
        public var ownProcessGroup: Bool
        public init(input: Bool, passThrough: Bool, ownProcessGroup: Bool = false) {
            self.input = input
            self.passThrough = passThrough
            self.ownProcessGroup = ownProcessGroup
        }
    }

    private let condition = NSCondition()
    private var received: [UInt8] = []
    private var socketClosed = false
    private var end: ProcessEnd?
    private var pid: pid_t = 0
    private let capture: (stdout: URL, stderr: URL)?
    private let socketPath: String

    private init(socketPath: String, capture: (stdout: URL, stderr: URL)?) {
        self.socketPath = socketPath
        self.capture = capture
    }

    /// How the probe schedules a program under Interleave's control.
    public struct Scheduling: Sendable, Hashable {
        /// The wall-clock time, in nanoseconds since 1970, that the program's `time.time()` starts from.
        public var epoch: Int64
        /// Whether every read and write of a shared variable is a scheduling point too.
        public var accesses: Bool
        /// The seed of the program's own random numbers (`random`), so the same choices give the
        /// same run, and of the probe's own chooser.
        public var seed: UInt64
        /// A chooser the probe runs itself, without asking (a choice each few microseconds is then
        /// no round trip): `random` (SplitMix64 from the seed, as the engine draws) or `first`
        /// (the thread waiting longest); nil: Interleave answers every choice.
        public var chooser: Policy.Chooser?
        public init(epoch: Int64, accesses: Bool = false, seed: UInt64 = 0, chooser: Policy.Chooser? = nil) {
            self.epoch = epoch
            self.accesses = accesses
            self.seed = seed
            self.chooser = chooser == .random || chooser == .fifo ? chooser : nil
        }

        /// What the probe reads from `INTERLEAVE_PROBE_CONTROL`.
        var environment: String {
            "\(epoch)" + (accesses ? " accesses" : "") + " seed=\(seed)"
                + (chooser == .random ? " chooser=random" : chooser == .fifo ? " chooser=first" : "")
        }
    }

    /// Starts `python` (a path, or nil for `python3` on PATH) on `script` with `arguments`, the
    /// probe injected, and waits until the probe has said hello. With `scheduling`, the program
    /// runs under Interleave's schedule: one thread at a time, each choice asked for
    /// (``ProbeRecord/Kind/choice``) and answered with ``answer(_:)``.
    public static func launch(python: String?, script: String, arguments: [String], streams: Streams,
                              scheduling: Scheduling? = nil) async throws(LaunchError) -> ObservedProcess {
        let executable = try findPython(python)
        let socketPath = temporary(".sock")
        let listener = try listen(at: socketPath)
        var capture: (stdout: URL, stderr: URL)?
        if !streams.passThrough {
            let base = temporary("")
            capture = (URL(fileURLWithPath: base + ".out"), URL(fileURLWithPath: base + ".err"))
        }
        let process = ObservedProcess(socketPath: socketPath, capture: capture)
        process.ownGroup = streams.ownProcessGroup
        let input = streams.input ? FileDescriptor.standardInput : try openFile("/dev/null", write: false)
        var output = FileDescriptor.standardOutput
        var errors = FileDescriptor.standardError
        if let capture {
            output = try openFile(capture.stdout.path, write: true)
            errors = try openFile(capture.stderr.path, write: true)
        }
        Thread.detachNewThread { process.read(listener: listener) }
        var options = PlatformOptions()
        if streams.ownProcessGroup { options.processGroupID = 0 }
        Task.detached { [options] in
            let outcome: ProcessEnd
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(executable)),
                    arguments: Arguments(["-c", ObservedProcess.bootstrap, ObservedProcess.probeScript, script] + arguments),
                    environment: .inherit.updating(["INTERLEAVE_PROBE_SOCKET": socketPath,
                                                    "INTERLEAVE_PROBE_CONTROL": scheduling?.environment,
                                                    // Under control, sets and dicts of strings iterate the same way each run.
                                                    "PYTHONHASHSEED": scheduling == nil ? nil : hashSeed]),
                    platformOptions: options,
                    input: .fileDescriptor(input, closeAfterSpawningProcess: !streams.input),
                    output: .fileDescriptor(output, closeAfterSpawningProcess: capture != nil),
                    error: .fileDescriptor(errors, closeAfterSpawningProcess: capture != nil)
                ) { execution in
                    process.started(pid: execution.processIdentifier.value)
                }
                switch result.terminationStatus {
                case .exited(let code): outcome = .exited(code)
                case .signaled(let signal): outcome = .signalled(signal)
                }
            } catch {
                outcome = .exited(127)
                process.condition.withLock { process.launchFailure = "\(executable) could not be started (\(error))" }
            }
            process.ended(outcome)
        }
        // Wait for the hello (or the end: a Python too old, a program that can't be read), without
        // holding one of the few threads async code runs on (the process's own task needs one).
        var heard = false
        while true {
            let (received, ended) = process.condition.withLock { (!process.received.isEmpty, process.end != nil) }
            if received || ended {
                heard = received
                break
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return try process.greeted(heard)
    }

    /// Starts `script` with `arguments` as a child of `zygote` (a fork of a warm interpreter), under
    /// Interleave's schedule as `scheduling` says; its output is kept. Waits for the probe's hello.
    /// For code on a thread of its own (it waits without the async pool).
    public static func fork(from zygote: Zygote, script: String, arguments: [String],
                            scheduling: Scheduling) throws(LaunchError) -> ObservedProcess {
        let socketPath = temporary(".sock")
        let listener = try listen(at: socketPath)
        let base = temporary("")
        let capture = (stdout: URL(fileURLWithPath: base + ".out"), stderr: URL(fileURLWithPath: base + ".err"))
        let process = ObservedProcess(socketPath: socketPath, capture: capture)
        Thread.detachNewThread { process.read(listener: listener) }
        guard let pid = zygote.fork(script: script, arguments: arguments,
                                    environment: ["INTERLEAVE_PROBE_SOCKET": socketPath,
                                                  "INTERLEAVE_PROBE_CONTROL": scheduling.environment],
                                    stdout: capture.stdout.path, stderr: capture.stderr.path) else {
            process.ended(.exited(127))
            process.cleanUp()
            throw .cannotStart("the fork server (\(zygote.python)) is gone")
        }
        process.started(pid: pid)
        zygote.register(process, pid: pid)
        let heard = process.condition.withLock { () -> Bool in
            while process.received.isEmpty && process.end == nil { _ = process.condition.wait(until: Date(timeIntervalSinceNow: 0.05)) }
            return !process.received.isEmpty
        }
        return try process.greeted(heard)
    }

    /// The process once the wait for its hello is over: why it failed when it was never `heard`
    /// (the files it left removed), else which Python it is (the hello's bytes stay for the source).
    private func greeted(_ heard: Bool) throws(LaunchError) -> ObservedProcess {
        if !heard {
            let errors = capturedErrors()
            cleanUp()
            if let failure = condition.withLock({ launchFailure }) { throw .cannotStart(failure) }
            throw .endedEarly(condition.withLock { end ?? .exited(1) }, stderr: errors)
        }
        var decoder = ProbeDecoder()
        decoder.feed(condition.withLock { received })
        if let hello = try? decoder.next(), hello.kind == .hello { interpreter = hello.interpreter }
        return self
    }

    /// A new name for a file of Interleave's in the temporary directory (with `suffix`).
    private static func temporary(_ suffix: String) -> String {
        "\(FileManager.default.temporaryDirectory.path)/interleave-\(getpid())-\(UInt32.random(in: 0...UInt32.max))\(suffix)"
    }

    private var launchFailure: String?
    /// The probe's end of the socket, once it connected (-1 before and after).
    private var connection: Int32 = -1
    private var streamOutcome: Outcome?
    private var ownGroup = false

    /// How the stream of the run ended (a deadlock Interleave stopped), once its source has seen the end.
    public var outcome: Outcome? { condition.withLock { streamOutcome } }

    func streamEnded(_ outcome: Outcome) { condition.withLock { streamOutcome = outcome } }
    private var noted: [String] = []

    /// What the user should know that is no event (a process forked and not followed), as the
    /// stream's reader found it (see ``ProbeTranslator/notes``).
    public var notes: [String] { condition.withLock { noted } }

    /// Keeps a note for ``notes``.
    func note(_ text: String) { condition.withLock { noted.append(text) } }
    /// Which Python runs the program ("Python 3.11.7"), from the probe's hello.
    public private(set) var interpreter = "Python"

    /// The bytes that arrived since the last call, and whether the socket has closed since.
    public func take() -> (bytes: [UInt8], closed: Bool) {
        condition.withLock {
            let bytes = received
            received.removeAll(keepingCapacity: true)
            return (bytes, socketClosed)
        }
    }

    /// Answers the probe's choice (``ProbeRecord/Kind/choice``): the number of the thread to go
    /// next, one word. False when the probe is gone.
    @discardableResult
    public func answer(_ number: Int64) -> Bool {
        // Under the lock, so the socket's thread can't close it meanwhile (the probe reads an answer
        // only after asking, so the write never waits for room).
        condition.withLock {
            guard connection >= 0 else { return false }
            var word = number.littleEndian
            var sent = 0
            while sent < 8 {
                // Not SIGPIPE when the probe is gone: a failed send.
                let n = withUnsafeBytes(of: &word) { Foundation.send(connection, $0.baseAddress! + sent, 8 - sent, Int32(MSG_NOSIGNAL)) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                sent += n
            }
            return true
        }
    }

    /// Waits until bytes arrive, the socket closes or `seconds` pass.
    public func wait(seconds: Double) {
        condition.withLock {
            // Nothing new, or the socket closed and the process's end not yet known: wait (no spinning).
            if received.isEmpty && (!socketClosed || end == nil) { _ = condition.wait(until: Date(timeIntervalSinceNow: seconds)) }
        }
    }

    /// How the process ended, once it has (and its socket is closed).
    public var ended: ProcessEnd? {
        condition.withLock { socketClosed ? end : nil }
    }

    /// Waits for the process to end, and for its socket to close.
    public func waitForEnd() -> ProcessEnd {
        condition.withLock {
            while end == nil || !socketClosed { _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05)) }
            return end!
        }
    }

    /// Stops the program (a deadlock, or the user quit): SIGKILL, since a stuck thread can't be
    /// asked; in a process group of its own, with the processes it started.
    public func kill() {
        let pid = condition.withLock { end == nil ? self.pid : 0 }
        if pid > 0 { _ = Foundation.kill(ownGroup ? -pid : pid, SIGKILL) }
    }

    /// What the program wrote to its standard output without `print`, when it was kept.
    public func capturedOutput() -> String { capture.map { Self.contents($0.stdout) } ?? "" }
    /// What the program wrote to its standard error (a traceback), when it was kept.
    public func capturedErrors() -> String { capture.map { Self.contents($0.stderr) } ?? "" }

    /// Removes the files the process left: its socket, and the kept output.
    public func cleanUp() {
        unlink(socketPath)
        if let capture {
            unlink(capture.stdout.path)
            unlink(capture.stderr.path)
        }
    }

    // MARK: - Parts

    private func started(pid: pid_t) {
        condition.withLock { self.pid = pid }
    }

    func ended(_ outcome: ProcessEnd) {
        condition.withLock {
            end = outcome
            condition.broadcast()
        }
    }

    /// The socket's thread: accepts the probe's connection, then reads until it closes.
    private func read(listener: Int32) {
        defer { close(listener) }
        var connection: Int32 = -1
        while connection < 0 {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 50) > 0 {
                connection = accept(listener, nil, nil)
            } else if condition.withLock({ end != nil }) {
                break
            }
        }
        unlink(socketPath)
        condition.withLock { self.connection = connection }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while connection >= 0 {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(connection, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            condition.withLock {
                received.append(contentsOf: buffer[0..<n])
                condition.broadcast()
            }
        }
        condition.withLock {
            if connection >= 0 { close(connection) }
            self.connection = -1
            socketClosed = true
            condition.broadcast()
        }
    }

    private static func listen(at path: String) throws(LaunchError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .cannotStart("can't make a socket for the probe (errno \(errno))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw .cannotStart("the socket's path \(path) is too long; set TMPDIR to a shorter directory")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, Foundation.listen(fd, 1) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw .cannotStart("can't listen on \(path) for the probe (\(why)); set TMPDIR to a directory you can write")
        }
        return fd
    }

    private static func openFile(_ path: String, write: Bool) throws(LaunchError) -> FileDescriptor {
        let fd = write ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotStart("can't open \(path) (\(String(cString: strerror(errno))))") }
        return FileDescriptor(rawValue: fd)
    }

    private static func contents(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// The interpreter itself (`sys.executable`) behind `python` (a path or a name, or nil for
    /// `python3`): a launcher such as pyenv's costs each start tens of milliseconds, which a
    /// search of many schedules saves by starting the interpreter directly.
    /// Also says which Python it is ("Python 3.11.7"), or why it can't run a program (too old).
    public static func interpreter(_ python: String?) async throws(LaunchError) -> (path: String, version: String) {
        let named = try findPython(python)
        let (status, output, errors): (TerminationStatus, String, String)
        do {
            let result = try await Subprocess.run(
                .path(FilePath(named)),
                arguments: ["-c", versionCheck + "\nprint(sys.executable)\nprint('Python %d.%d.%d' % sys.version_info[:3])"],
                output: .string(limit: 4096), error: .string(limit: 4096))
            (status, output, errors) = (result.terminationStatus, result.standardOutput, result.standardError)
        } catch {
            throw .cannotStart("\(named) could not be started (\(error))")
        }
        let lines = output.split(separator: "\n").map(String.init)
        guard case .exited(0) = status, lines.count == 2 else {
            let why = errors.trimmingCharacters(in: .whitespacesAndNewlines)
            throw .cannotStart(why.isEmpty ? "\(named) did not run (\(status))" : why)
        }
        return (lines[0].hasPrefix("/") && access(lines[0], X_OK) == 0 ? lines[0] : named, lines[1])
    }

    /// The interpreter to run: `python` as given (a path, or a name looked up on PATH), or `python3`.
    static func findPython(_ python: String?) throws(LaunchError) -> String {
        let name = python ?? "python3"
        if name.contains("/") {
            guard access(name, X_OK) == 0 else {
                throw .noPython("--python \(name): no such program can be run (\(String(cString: strerror(errno))))")
            }
            return name
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw .noPython(python == nil
            ? "python3 was not found on PATH: install Python 3.11 or newer, or name one with --python PATH"
            : "--python \(name): not found on PATH; give its path")
    }

    /// What `python -c` runs first: a check of the version any Python can read (the probe itself
    /// is Python 3.11's), then the probe, whose source is the first argument.
    static let bootstrap = versionCheck + """

        exec(compile(sys.argv.pop(1), "<interleave probe>", "exec"), {"__name__": "__main__"})
        """

    /// A Python older than 3.11 (even Python 2) refused by name and version, status 97.
    static let versionCheck = """
        import sys
        if sys.version_info < (3, 11):
            sys.stderr.write("--real needs Python 3.11 to 3.13, and %s is Python %s; name another with --python\\n" % (sys.executable, sys.version.split()[0]))
            sys.exit(97)
        """

    /// The hash seed a program under control runs with: the user's `PYTHONHASHSEED`, or 0.
    static var hashSeed: String { ProcessInfo.processInfo.environment["PYTHONHASHSEED"] ?? "0" }

    /// The probe's Python source, built into the binary: the schedule's part, then the rest.
    static let probeScript: String = ["interleave_control.py", "interleave_zygote.py", "interleave_probe.py"]
        .map { file in probeSources.first { $0.file == file }?.text ?? "" }.joined(separator: "\n")
}
