import CNCurses
import InterleaveUI
#if canImport(Glibc)
import Glibc
#endif

/// The terminal, from opening the full screen to giving it back: the one place that talks to
/// curses. It refuses to open without a terminal, keeps stderr in a file while it owns the
/// screen (and shows it after), and restores the terminal on exit, on SIGINT, SIGTERM and
/// SIGHUP, and on crashes.
public final class Terminal {
    /// Why the full screen can't be opened.
    public enum OpenError: Error, CustomStringConvertible {
        case notATerminal(String)
        case termUnset
        case dumbTerminal
        case unknownTerminal(String)

        public var description: String {
            switch self {
            case .notATerminal(let stream):
                return "standard \(stream) is not a terminal, so the full-screen view can't open; use --headless for text output"
            case .termUnset:
                return "TERM is not set, so the full-screen view can't open; set TERM (for example TERM=xterm-256color) or use --headless"
            case .dumbTerminal:
                return "TERM=dumb can't show the full-screen view; use a real terminal or --headless"
            case .unknownTerminal(let name):
                return "the terminal type '\(name)' is unknown to curses; set TERM to one it knows (xterm-256color) or use --headless"
            }
        }
    }

    /// Whether colours are in use (not with NO_COLOR, --no-color, or a monochrome terminal).
    public let colors: Bool
    /// Whether only ASCII can be drawn: the locale is not UTF-8 (`LANG=C`), so every other
    /// character is drawn as its ``AsciiGlyphs`` stand-in.
    let asciiOnly: Bool
    private var screen: OpaquePointer?
    private var shown: Grid?
    private var open = true

    /// Whether the mouse's clicks and wheel come as input (the terminal's own selection of text
    /// then takes Shift, as in htop).
    public let mouse: Bool

    /// Takes over the terminal. `colors` false draws in monochrome; `mouse` false leaves the
    /// mouse to the terminal.
    public init(colors wantColors: Bool, mouse wantMouse: Bool = true) throws(OpenError) {
        guard isatty(0) != 0 else { throw .notATerminal("input") }
        guard isatty(1) != 0 else { throw .notATerminal("output") }
        guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else { throw .termUnset }
        guard term != "dumb" else { throw .dumbTerminal }
        setlocale(LC_ALL, "")
        asciiOnly = String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8"
        TerminalRestore.prepare()
        guard let output = fdopen(dup(1), "w"), let input = fdopen(dup(0), "r"),
              let screen = newterm(nil, output, input) else {
            TerminalRestore.release()
            throw .unknownTerminal(term)
        }
        self.screen = screen
        set_term(screen)
        cbreak()
        noecho()
        nonl()
        keypad(il_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        var useColors = false
        if wantColors && has_colors() {
            start_color()
            use_default_colors()
            Palette.install()
            useColors = true
        }
        colors = useColors
        mouse = wantMouse && il_enable_mouse() != 0
        TerminalRestore.learnReset(mouse: mouse) { name in il_capability(name).map { String(cString: $0) } }
        TerminalRestore.captureStderr()
        TerminalRestore.installHandlers()
    }

    deinit { close() }

    /// Gives the terminal back: leaves the full screen, restores the cursor and shows what was
    /// written to stderr meanwhile.
    public func close() {
        guard open else { return }
        open = false
        if mouse { il_disable_mouse() }
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        TerminalRestore.release()
    }

    /// The screen's size in cells.
    public var size: (width: Int, height: Int) { (Int(il_cols()), Int(il_lines())) }

    /// Waits up to `milliseconds` for a key or the mouse; nil when nothing came (or something the
    /// app has no use for, such as a right click).
    public func read(milliseconds: Int32) -> Input? {
        wtimeout(il_stdscr(), milliseconds)
        var code: wint_t = 0
        let result = il_get_wch(&code)
        if result == ERR { return nil }
        if result == KEY_CODE_YES && Int32(code) == KEY_MOUSE {
            var x: Int32 = 0, y: Int32 = 0
            switch il_get_mouse(&x, &y) {
            case 1: return .mouse(MouseEvent(.press, x: Int(x), y: Int(y)))
            case 2: return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
            case 3: return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
            default: return nil
            }
        }
        return Terminal.key(result: result, code: code, escape: escapeSequence).map(Input.key)
    }

    /// The key that `il_get_wch` read as `result` and `code`.
    static func key(result: Int32, code: wint_t, escape: () -> Key?) -> Key? {
        if result == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_RESIZE: return .resize
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            default: return nil
            }
        }
        switch code {
        case 10, 13: return .enter
        case 27:
            return escape()
        case 9: return .tab
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(Character(scalar))
        }
    }
}

extension Terminal {
    /// After an Esc: a bare Esc, or a sequence curses did not recognise, read to its end. Home and
    /// End as some terminals send them whatever TERM says (`ESC [ 1 ~`, `ESC [ 4 ~`, `ESC [ H`,
    /// `ESC O F`, ...) are those keys; anything else (an Alt chord, a key TERM does not describe) is
    /// dropped rather than taken as keys. A key curses did recognise is put back.
    func escapeSequence() -> Key? {
        wtimeout(il_stdscr(), 0)
        var code: wint_t = 0
        /// The next character of the sequence, or nil (nothing waiting, or a recognised key put back).
        func next() -> UInt32? {
            let result = il_get_wch(&code)
            if result == ERR { return nil }
            if result == KEY_CODE_YES {
                ungetch(Int32(code))
                return nil
            }
            return UInt32(code)
        }
        guard let introducer = next() else { return .escape }
        switch introducer {
        case 27: // Esc, then another sequence: this one is a bare Esc.
            ungetch(27)
            return .escape
        case 0x5B: // "[": parameters and intermediates, then a final byte from "@" to "~".
            var parameters = ""
            for _ in 0..<16 {
                guard let byte = next(), let scalar = Unicode.Scalar(byte) else { return nil }
                if (0x40...0x7E).contains(byte) {
                    switch (parameters, Character(scalar)) {
                    case ("", "H"), ("1", "~"), ("7", "~"): return .home
                    case ("", "F"), ("4", "~"), ("8", "~"): return .end
                    default: return nil
                    }
                }
                parameters.append(Character(scalar))
            }
            return nil
        case 0x4F: // "O": one final character.
            switch next() {
            case 0x48?: return .home
            case 0x46?: return .end
            default: return nil
            }
        default: // Alt and a key: that key is dropped too.
            return nil
        }
    }
}

extension Terminal: Backend {
    /// Draws what changed since the last frame (everything after a resize) and updates the screen.
    public func show(_ frame: Grid) {
        if shown.map({ $0.width != frame.width || $0.height != frame.height }) ?? true {
            werase(il_stdscr())
            shown = nil
        }
        for change in frame.changes(since: shown) {
            for (offset, cell) in change.cells.enumerated() {
                var character = cell.character
                if character == Cell.continuation {
                    // The second cell of a wide character, which in ASCII is one cell wide.
                    guard asciiOnly else { continue }
                    character = " "
                } else if asciiOnly {
                    character = AsciiGlyphs.standIn(for: character)
                }
                let x = change.x + offset, y = change.y
                // curses scrolls when the bottom-right cell is written: leave it.
                if x == frame.width - 1 && y == frame.height - 1 { continue }
                var text = Array(String(character).unicodeScalars.map { wchar_t(bitPattern: $0.value) })
                text.append(0)
                _ = il_put_cell(Int32(y), Int32(x), text, attributes(of: cell), colors ? Palette.pair(cell.role) : 0)
            }
        }
        shown = frame
        wnoutrefresh(il_stdscr())
        doupdate()
    }

    private func attributes(of cell: Cell) -> attr_t {
        var result: attr_t = 0
        var attributes = cell.attributes
        if !colors { attributes.formUnion(cell.role.monochrome) }
        if attributes.contains(.bold) { result |= il_attr_bold() }
        if attributes.contains(.reverse) { result |= il_attr_reverse() }
        if attributes.contains(.underline) { result |= il_attr_underline() }
        if attributes.contains(.dim) { result |= il_attr_dim() }
        return result
    }
}
