import InterleaveUI

/// The bottom line: what is typed after `g`, a notice, or the key bindings that have a short word
/// (as many as fit, then always help and quit).
struct StatusBar: Widget {
    let input: String?
    let notice: String?
    /// Whether the run plays (so space pauses it).
    let playing: Bool

    func draw(into grid: inout Grid, in area: Rect) {
        grid.fill(x: area.x, y: area.y, width: area.width, height: 1, with: Cell(" ", role: .statusBar))
        if let input {
            grid.put(" go to: \(input)▏  an event (#120) or a time (1.5ms); enter goes, esc gives up", x: area.x, y: area.y,
                     role: .statusBar, limit: area.right)
            return
        }
        if let notice {
            grid.put(" " + notice, x: area.x, y: area.y, role: .statusBar, limit: area.right)
            return
        }
        let entries = KeyBinding.all.compactMap { binding in binding.short(playing: playing).map { "\(binding.label) \($0)" } }
        let last = entries.suffix(2)
        var text = ""
        for entry in entries.dropLast(2) {
            let candidate = text + " " + entry + " "
            guard CharacterWidth.of(candidate + last.joined(separator: "  ")) + 1 <= area.width else { break }
            text = candidate
        }
        grid.put(text + " " + last.joined(separator: "  "), x: area.x, y: area.y, role: .statusBar, limit: area.right)
    }
}
