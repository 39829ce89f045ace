import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program running in a real terminal: a private tmux server with one window, for end-to-end
/// tests of the full-screen view (keys in, screen captured, terminal state read back).
public final class TmuxSession {
    public let name: String
    /// The server's process, ended by ``close()`` (kill-server alone can leave it waiting).
    private var server: pid_t = 0

    /// Starts `command` in a `width`×`height` window; after it exits the window shows `EXIT=<status>`.
    /// The command gets a UTF-8 locale, TERM=tmux-256color and no NO_COLOR (test runners may set
    /// it), with `environment` on top.
    public init(_ command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        name = "interleave-test-\(UUID().uuidString.prefix(8))"
        let env = (["TERM": "tmux-256color", "LANG": "C.UTF-8"].merging(environment) { $1 })
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-x", String(width), "-y", String(height),
                  "env -u NO_COLOR \(env) \(command); echo EXIT=$?; sleep 30"], capture: false)
        server = pid_t(display("#{pid}")) ?? 0
    }

    deinit { close() }

    /// Ends the server, the window and whatever still runs in it.
    public func close() {
        guard server > 0 else { return }
        if let pane = pid_t(display("#{pane_pid}")) {
            signal(SIGKILL)
            kill(pane, SIGKILL)
        }
        _ = try? tmux(["kill-server"])
        if server > 0 { kill(server, SIGKILL) }
        server = 0
    }

    /// The screen as text; with `escapes`, with the escape sequences of colours and attributes.
    public func capture(escapes: Bool = false) -> String {
        (try? tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []))) ?? ""
    }

    /// Waits until the screen satisfies `condition` (up to `seconds`); returns the last capture.
    @discardableResult
    public func waitFor(_ seconds: Double = 20, _ condition: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = capture()
        while !condition(screen) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            screen = capture()
        }
        return screen
    }

    /// Waits until the screen shows `text`.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 20) -> String {
        waitFor(seconds) { $0.contains(text) }
    }

    public func send(_ keys: String...) { _ = try? tmux(["send-keys"] + keys) }

    /// What a terminal sends for the mouse (xterm's normal tracking, which curses asks tmux for):
    /// `button` (0 the left one, 64 and 65 the wheel) pressed at column `x` and row `y` from 0, and
    /// for a button, its release.
    public func mouse(button: Int, x: Int, y: Int) {
        func report(_ code: Int) -> [String] {
            ["1b", "5b", "4d"] + [32 + code, 33 + x, 33 + y].map { String($0, radix: 16) }
        }
        _ = try? tmux(["send-keys", "-H"] + report(button) + (button < 64 ? report(3) : []))
    }

    public func resize(width: Int, height: Int) {
        _ = try? tmux(["resize-window", "-x", String(width), "-y", String(height)])
    }

    /// A tmux format read from the pane (`#{alternate_on}`, `#{cursor_flag}`, `#{pane_pid}`).
    public func display(_ format: String) -> String {
        ((try? tmux(["display", "-p", format])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Sends `signal` to the program (the child of the pane's shell).
    public func signal(_ number: Int32) {
        guard let shell = Int32(display("#{pane_pid}")) else { return }
        // The program is the only child of the pane's shell until it exits.
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        for child in children.split(separator: " ").compactMap({ Int32($0) }) { kill(child, number) }
    }

    /// Runs a tmux client command and returns what it printed. The first one starts the
    /// server, which keeps whatever output it inherits open: that one prints to /dev/null.
    /// (posix_spawn and waitpid, since Foundation's Process loses track of tmux's clients.)
    @discardableResult
    private func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        let argv = ["tmux", "-u", "-L", name] + arguments
        var fds: [Int32] = [0, 0]
        // Close-on-exec: a tmux server another test starts meanwhile must not inherit this pipe
        // (it would keep it open, and this read would never end).
        guard pipe(&fds) == 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        // -u and a UTF-8 locale, or tmux replaces every non-ASCII character in captures.
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let cArguments = argv.map { strdup($0) } + [nil]
        defer {
            envp.forEach { free($0) }
            cArguments.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, nil, cArguments, envp)
        Glibc.close(fds[1])
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while spawned == 0 {
            let count = read(fds[0], &buffer, buffer.count)
            if count <= 0 { break }
            output.append(contentsOf: buffer[..<count])
        }
        Glibc.close(fds[0])
        guard spawned == 0 else { throw CocoaError(.executableNotLoadable) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return String(decoding: output, as: UTF8.self)
    }
}

/// The path of the built `interleave` binary (next to the test bundle).
public func interleaveBinary() throws -> String {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("interleave") }
    guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
    }
    return binary.path
}
