import Foundation

/// What a finished process printed and how it exited.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the `interleave` binary built next to the test bundle with `arguments`, in `directory`
/// (the test's own working directory when nil), with `environment` added to the test's own. A
/// process still running after `timeout` seconds is killed: its status is then `SIGKILL`'s
/// (the shell's 128 + 9) and its stderr ends with "timed out", so a hang fails a test instead of
/// stalling the suite.
/// With `input`, that text is its standard input (otherwise it inherits the test's).
public func runInterleave(_ arguments: [String], in directory: URL? = nil,
                          environment: [String: String] = [:], input: String? = nil, timeout: Double = 120) throws -> CommandResult {
    try runProcess(try interleaveBinary(), arguments, in: directory, environment: environment, input: input, timeout: timeout)
}

/// Runs `script` with `sh -c`, `$INTERLEAVE` naming the binary: for what a shell does around a
/// command (`> /dev/full`, pipes).
public func runShell(_ script: String, in directory: URL? = nil, timeout: Double = 120) throws -> CommandResult {
    try runProcess("/bin/sh", ["-c", script], in: directory, environment: ["INTERLEAVE": try interleaveBinary()], timeout: timeout)
}

private func runProcess(_ executable: String, _ arguments: [String], in directory: URL?,
                        environment: [String: String], input: String? = nil, timeout: Double) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var inherited = ProcessInfo.processInfo.environment
    inherited["COLUMNS"] = nil
    process.environment = inherited.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = input.map { _ in Pipe() }
    if let stdin { process.standardInput = stdin }
    try process.run()
    if let stdin, let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
    }
    let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    defer { watchdog.cancel() }
    // stdout may be large (every event); stderr is a few lines, which a pipe holds without blocking.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    return CommandResult(status: killed ? 128 + SIGKILL : process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self) + (killed ? "\ntimed out after \(timeout) s" : ""))
}
