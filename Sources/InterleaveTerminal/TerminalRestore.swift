#if canImport(Glibc)
import Glibc
#endif

/// What a signal handler needs to give the terminal back, kept where async-signal-safe code can
/// reach it: the terminal's original settings and the real stderr. Everything the handler does
/// is async-signal-safe (write, tcsetattr, dup2, read, lseek, signal, raise).
enum TerminalRestore {
    nonisolated(unsafe) static var original = termios()
    nonisolated(unsafe) static var haveOriginal = false
    nonisolated(unsafe) static var realStderr: Int32 = -1
    nonisolated(unsafe) static var captured: Int32 = -1
    nonisolated(unsafe) static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]
    /// What the handler writes to give the screen back, as this terminal spells it: attributes
    /// off, keypad-transmit mode off, the alternate screen left, the cursor shown.
    nonisolated(unsafe) static var reset = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    nonisolated(unsafe) static var resetLength = 0

    /// Learns the terminal's own sequences for ``reset`` (once curses knows the terminal); the
    /// common xterm ones stand in for any it lacks.
    /// With `mouse`, the mouse's reports are turned off too (every mode curses may have asked for).
    static func learnReset(mouse: Bool = false, _ capability: (String) -> String?) {
        let parts: [(name: String, fallback: String)] = [("sgr0", "\u{1B}[0m"), ("rmkx", "\u{1B}[?1l\u{1B}>"),
                                                          ("rmcup", "\u{1B}[?1049l"), ("cnorm", "\u{1B}[?25h")]
        let mouseOff = mouse ? "\u{1B}[?1006l\u{1B}[?1002l\u{1B}[?1000l" : ""
        let bytes = Array((mouseOff + parts.map { withoutPadding(capability($0.name) ?? $0.fallback) }.joined() + "\r\n").utf8.prefix(256))
        for (index, byte) in bytes.enumerated() { reset[index] = byte }
        resetLength = bytes.count
    }

    /// Saves the terminal's settings before curses changes them.
    static func prepare() {
        haveOriginal = tcgetattr(0, &original) == 0
    }

    /// A capability without its padding delays (`$<5>`), which only `tputs` understands.
    static func withoutPadding(_ sequence: String) -> String {
        var result = ""
        var characters = Array(sequence)[...]
        while let first = characters.first {
            if first == "$", characters.dropFirst().first == "<", let end = characters.firstIndex(of: ">") {
                characters = characters[(end + 1)...]
            } else {
                result.append(first)
                characters = characters.dropFirst()
            }
        }
        return result
    }

    /// Sends stderr to a temporary file until ``release()``.
    static func captureStderr() {
        var template = Array("/tmp/interleave-stderr-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        realStderr = dup(2)
        dup2(fd, 2)
        captured = fd
    }

    static func installHandlers() {
        for number in signals { signal(number, restoreAndReraise) }
    }

    /// Normal exit: default handlers back, stderr back, and what was captured shown.
    static func release() {
        for number in signals { signal(number, SIG_DFL) }
        giveBackStderr()
        if haveOriginal { tcsetattr(0, TCSANOW, &original) }
    }

    /// Points fd 2 back at the real stderr and copies what was written meanwhile to it.
    static func giveBackStderr() {
        guard realStderr >= 0 else { return }
        dup2(realStderr, 2)
        close(realStderr)
        realStderr = -1
        guard captured >= 0 else { return }
        lseek(captured, 0, SEEK_SET)
        while true {
            let count = read(captured, buffer, 4096)
            if count <= 0 { break }
            _ = write(2, buffer, count)
        }
        close(captured)
        captured = -1
    }
}

/// The handler for fatal and terminating signals: leave the full screen and keypad mode, show the
/// cursor, restore the settings and stderr, then die of the same signal.
private func restoreAndReraise(_ number: Int32) {
    _ = write(1, TerminalRestore.reset, TerminalRestore.resetLength)
    if TerminalRestore.haveOriginal { tcsetattr(0, TCSANOW, &TerminalRestore.original) }
    TerminalRestore.giveBackStderr()
    signal(number, SIG_DFL)
    raise(number)
}
