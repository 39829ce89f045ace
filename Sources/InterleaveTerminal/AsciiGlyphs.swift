/// ASCII stand-ins for the characters the view draws, for a terminal whose locale is not UTF-8
/// (`LANG=C`): there curses can draw only ASCII, and a character it can't draw would leave the
/// cells after it misplaced.
enum AsciiGlyphs {
    /// The stand-in for `character`: itself when ASCII, a look-alike for the view's own glyphs,
    /// `?` for anything else (a name in another script).
    static func standIn(for character: Character) -> Character {
        if character.isASCII { return character }
        return table[character] ?? "?"
    }

    private static let table: [Character: Character] = [
        "│": "|", "▏": "|", "‖": "|", "╵": "'", "─": "-", "—": "-", "–": "-",
        "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+",
        "·": ".", "…": "~", "×": "x", "■": "#", "█": "#", "µ": "u", "≠": "#",
        "→": ">", "←": "<", "↑": "^", "↓": "v", "›": ">", "▸": ">", "▶": ">", "◂": "<", "⏪": "<",
        "▼": "v", "▲": "^",
    ]
}
