// The parts of ncurses (wide-character build) that Swift can't import directly: macros,
// attributes and the mutable globals, wrapped in static inline functions.
#ifndef INTERLEAVE_CNCURSES_SHIM_H
#define INTERLEAVE_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <curses.h>
#include <termios.h>

static inline WINDOW *il_stdscr(void) { return stdscr; }
static inline int il_lines(void) { return LINES; }
static inline int il_cols(void) { return COLS; }

static inline attr_t il_attr_bold(void) { return A_BOLD; }
static inline attr_t il_attr_reverse(void) { return A_REVERSE; }
static inline attr_t il_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t il_attr_dim(void) { return A_DIM; }

/// Draws one cell: a wide character (with its combining marks) in a colour pair with attributes.
static inline int il_put_cell(int y, int x, const wchar_t *text, attr_t attributes, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

/// The terminal's string capability `name` (terminfo's `rmkx`, `rmcup`, ...), or NULL when it
/// has none. Declared here rather than through <term.h>, whose macros would shadow common names.
extern char *tigetstr(const char *);
static inline const char *il_capability(const char *name) {
    char *value = tigetstr(name);
    return value == (char *)-1 ? NULL : value;
}

/// Reads one key or character; returns OK, KEY_CODE_YES or ERR (timeout).
static inline int il_get_wch(wint_t *key) { return wget_wch(stdscr, key); }

/// Reports a press of the left button and turns of the wheel (buttons 4 and 5), at once (no
/// wait to tell a click from a press); returns whether the terminal can report the mouse.
static inline int il_enable_mouse(void) {
    mmask_t wanted = BUTTON1_PRESSED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    wanted |= BUTTON5_PRESSED;
#endif
    mouseinterval(0);
    return mousemask(wanted, NULL) != 0;
}

/// Turns the mouse's reports off again.
static inline void il_disable_mouse(void) { mousemask(0, NULL); }

/// Reads the mouse event that came as KEY_MOUSE: 1 a press of the left button, 2 the wheel up,
/// 3 the wheel down, 0 anything else; its cell in `x` and `y`.
static inline int il_get_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON1_PRESSED) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 2;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return 3;
#endif
    return 0;
}

#endif
