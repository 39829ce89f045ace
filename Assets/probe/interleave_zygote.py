# Interleave's fork server for `explore --real`: one warm Python that forks a process per schedule.
#
# This file comes before interleave_probe.py in the one source the probe runs. Started with
# INTERLEAVE_PROBE_ZYGOTE set, the interpreter imports what the probe and a threading program
# need, then waits for commands on its standard input, one JSON object a line: {"script": path, "arguments": [...], "environment":
# {...}, "stdout": path, "stderr": path}. For each it forks a child that runs the program under the
# probe exactly as `python -c ... prog.py` would (its own standard streams, the given environment),
# and answers `started PID`; when a child ends it says `ended PID STATUS` (a negative status: killed
# by that signal). A schedule then costs a fork, not an interpreter's start.


def _zygote():
    import json
    import os
    import select
    import sys

    # What every program under the probe imports anyway, loaded once here.
    import dis, itertools, linecache, queue, random, re, selectors, socket, struct, sysconfig, threading, time  # noqa: F401

    replies = sys.stdout.buffer
    commands = sys.stdin.buffer.raw
    children = set()

    def say(words):
        replies.write((words + '\n').encode())
        replies.flush()

    def reap():
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                children.clear()
                return
            if pid == 0:
                return
            children.discard(pid)
            say('ended %d %d' % (pid, os.waitstatus_to_exitcode(status)))

    def fork(command):
        pid = os.fork()
        if pid:
            children.add(pid)
            say('started %d' % pid)
            return
        # The child: the program's process.
        try:
            stdin = os.open(os.devnull, os.O_RDONLY)
            stdout = os.open(command['stdout'], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            stderr = os.open(command['stderr'], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
                os.dup2(fd, target)
                os.close(fd)
            os.environ.update(command['environment'])
            sys.argv = ['-c', command['script']] + command['arguments']
            code = _run()
            # What Python does at exit: threading's end (the probe's end record), then atexit.
            import atexit
            import threading as ending
            ending._shutdown()
            atexit._run_exitfuncs()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            code = 1
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        os._exit(code & 0xFF)

    pending = b''
    while True:
        reap()
        ready, _, _ = select.select([commands], [], [], 0.002 if children else None)
        if not ready:
            continue
        data = os.read(commands.fileno(), 65536)
        if not data:
            # Interleave is gone: so are its schedules.
            for pid in children:
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
            return
        pending += data
        while b'\n' in pending:
            line, pending = pending.split(b'\n', 1)
            if line.strip():
                fork(json.loads(line))
