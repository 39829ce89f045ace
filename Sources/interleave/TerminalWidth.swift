#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How wide text output may be: the terminal's width when stdout is one, else `$COLUMNS`, else 100.
enum TerminalWidth {
    static var current: Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 {
            return Int(size.ws_col)
        }
        if let text = getenv("COLUMNS"), let columns = Int(String(cString: text)), columns >= 20 {
            return min(columns, 1000)
        }
        return 100
    }
}
