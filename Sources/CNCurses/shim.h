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

#endif
