// C's stdout, which Swift 6 can't name (a mutable global): whether everything `print` wrote
// reached it.
#ifndef INTERLEAVE_CSTANDARDOUTPUT_SHIM_H
#define INTERLEAVE_CSTANDARDOUTPUT_SHIM_H

#include <errno.h>
#include <stdio.h>

/// Flushes stdout; returns 0 when every write reached it, otherwise the errno of the failure
/// (or -1 when it is not known).
static inline int il_stdout_failure(void) {
    errno = 0;
    int flushed = fflush(stdout) == 0;
    int cause = errno;
    if (flushed && !ferror(stdout)) return 0;
    return cause != 0 ? cause : -1;
}

#endif
