import Foundation
import InterleaveCore
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A fork server: one warm Python (the probe's `interleave_zygote.py`) that forks a process per
/// run of a program, so a search of many schedules (`explore --real`) pays an interpreter's start
/// once, then a fork each. Commands go to its standard input (a JSON object a line); it answers on
/// its standard output (`started PID`, and `ended PID STATUS` when a child ends).
public final class Zygote: @unchecked Sendable {
    private let lock = NSCondition()
    /// Held for a whole command and its answer: two callers at once must not take each other's pid.
    private let forking = NSLock()
    private let commands: Int32
    private let replies: Int32
    /// Pids the server said it started, in order, for the caller waiting on each.
    private var started: [pid_t] = []
    private var gone = false
    /// The processes it forked, by pid: their ends are told to them.
    private var children: [pid_t: ObservedProcess] = [:]
    /// Ends that came before their process was registered.
    private var early: [pid_t: ProcessEnd] = [:]
    /// The interpreter it runs.
    public let python: String

    private init(python: String, commands: Int32, replies: Int32) {
        self.python = python
        self.commands = commands
        self.replies = replies
    }

    /// Starts a fork server on `python` (an interpreter's path). Under control a program's hash
    /// seed is fixed (`PYTHONHASHSEED`), and the server's children keep the server's: it gets it.
    public static func start(python: String) throws(ObservedProcess.LaunchError) -> Zygote {
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&output) == 0 else { throw .cannotStart("can't make pipes for the fork server") }
        _ = fcntl(input[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(output[0], F_SETFD, FD_CLOEXEC)
        let zygote = Zygote(python: python, commands: input[1], replies: output[0])
        let (stdinRead, stdoutWrite) = (input[0], output[1])
        Task.detached {
            _ = try? await Subprocess.run(
                .path(FilePath(python)),
                arguments: Arguments(["-c", ObservedProcess.bootstrap, ObservedProcess.probeScript]),
                environment: .inherit.updating(["INTERLEAVE_PROBE_ZYGOTE": "1", "PYTHONHASHSEED": ObservedProcess.hashSeed]),
                input: .fileDescriptor(FileDescriptor(rawValue: stdinRead), closeAfterSpawningProcess: true),
                output: .fileDescriptor(FileDescriptor(rawValue: stdoutWrite), closeAfterSpawningProcess: true),
                error: .discarded)
            zygote.lock.withLock {
                zygote.gone = true
                zygote.lock.broadcast()
            }
        }
        Thread.detachNewThread { zygote.read() }
        return zygote
    }

    /// Forks a process running `script` with `arguments`, its standard output and error to these
    /// files, these environment variables set; returns its pid (nil when the server is gone).
    func fork(script: String, arguments: [String], environment: [String: String], stdout: String, stderr: String) -> pid_t? {
        let command: [String: Any] = ["script": script, "arguments": arguments, "environment": environment,
                                      "stdout": stdout, "stderr": stderr]
        guard var line = try? JSONSerialization.data(withJSONObject: command) else { return nil }
        line.append(UInt8(ascii: "\n"))
        forking.lock()
        defer { forking.unlock() }
        return lock.withLock { () -> pid_t? in
            // One command at a time: its answer is the next `started`.
            let sent = line.withUnsafeBytes { bytes -> Bool in
                var offset = 0
                while offset < bytes.count {
                    let n = Foundation.write(commands, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    offset += n
                }
                return true
            }
            guard sent else { return nil }
            while started.isEmpty && !gone { lock.wait() }
            return started.isEmpty ? nil : started.removeFirst()
        }
    }

    /// Tells `process` (pid `pid`) its end when it comes.
    func register(_ process: ObservedProcess, pid: pid_t) {
        let end = lock.withLock { () -> ProcessEnd? in
            if let end = early.removeValue(forKey: pid) { return end }
            children[pid] = process
            return nil
        }
        if let end { process.ended(end) }
    }

    /// Stops the server (its children with it).
    public func stop() {
        close(commands)
    }

    private func read() {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(replies, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            pending += buffer[0..<n]
            while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let words = String(decoding: pending[..<end], as: UTF8.self).split(separator: " ")
                pending.removeSubrange(...end)
                if words.count == 2, words[0] == "started", let pid = pid_t(words[1]) {
                    lock.withLock {
                        started.append(pid)
                        lock.broadcast()
                    }
                } else if words.count == 3, words[0] == "ended", let pid = pid_t(words[1]), let status = Int32(words[2]) {
                    let outcome: ProcessEnd = status < 0 ? .signalled(-status) : .exited(status)
                    let process = lock.withLock { () -> ObservedProcess? in
                        guard let process = children.removeValue(forKey: pid) else {
                            early[pid] = outcome
                            return nil
                        }
                        return process
                    }
                    process?.ended(outcome)
                }
            }
        }
        close(replies)
        lock.withLock {
            gone = true
            lock.broadcast()
        }
    }
}
