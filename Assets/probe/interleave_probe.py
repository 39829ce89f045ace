# Interleave's probe: runs a Python program as it is and reports what its threads do.
#
# `interleave run prog.py --real` starts `python3 -c <a version check> <this file> prog.py ARGS...` with
# INTERLEAVE_PROBE_SOCKET naming a Unix socket it listens on. Before the program's first import,
# the probe connects, replaces the factories and classes of `threading`, `queue` and `time.sleep`
# with ones that report each operation, and runs the program as `python prog.py` would.
#
# What it reports goes over the socket in batches of fixed records (docs/PROBE.md, protocol 1):
# eight little-endian 64-bit words each (op | string length << 16, time, thread ident, line, a, b,
# c, d), then the record's string, if any, padded to a multiple of 8 bytes. A thread appends a
# record as one tuple to a list (one C call, under the GIL), so records from different threads
# never mix, and the probe takes no lock of its own on the program's path. A thread of the probe's
# own (not a `threading.Thread`, so the program never sees it) packs and sends what has gathered
# every few milliseconds; the program's threads never wait for the socket.
#
# Only objects the program makes are reported: a lock, Event or Queue that the standard library
# makes for itself (the Event inside every Thread, the locks inside a Queue, logging's locks) stays
# as it was, so its use is part of the operation that uses it.

import sys as _sys

_VERSION = 1

# Record kinds (docs/PROBE.md).
HELLO, THREAD_NEW, THREAD_BEGIN, THREAD_END, EXCEPTION, OBJECT_NEW, BLOCK, RESUME = range(1, 9)
LOCK_ACQUIRED, LOCK_RELEASED, LOCK_FAILED, JOIN_DONE = range(9, 13)
FLAG_SET, FLAG_CLEARED, FLAG_WAIT_DONE, CONDITION_NOTIFY, CONDITION_WAIT_DONE = range(13, 18)
SEMAPHORE_ACQUIRED, SEMAPHORE_RELEASED, SEMAPHORE_FAILED = range(18, 21)
BARRIER_ARRIVED, BARRIER_PASSED, BARRIER_BROKEN = range(21, 24)
QUEUE_PUT, QUEUE_GOT, QUEUE_FAILED, QUEUE_TASK_DONE, QUEUE_JOINED = range(24, 29)
PRINTED, NOTE, END = range(29, 32)
# Under control (interleave_control.py): who goes next, no one can, a move the schedule did not decide.
CHOICE, STUCK, UNCONTROLLED = range(32, 35)
# Under control with `--accesses`: a shared variable read or written.
SHARED_READ, SHARED_WRITE = range(35, 37)
# Marks a record whose text waits in the probe's table until it is sent (never sent itself).
TEXT = 1 << 15

# Kinds of object (Interleave's ObjectKind) and of wait (its WaitTarget).
K_LOCK, K_FLAG, K_CONDITION, K_SEMAPHORE, K_BARRIER, K_QUEUE, K_VARIABLE = range(7)
W_LOCK, W_JOIN, W_FLAG, W_CONDITION, W_SEMAPHORE, W_BARRIER, W_QUEUE_GET, W_QUEUE_PUT, W_SLEEP, W_IO, \
    W_FUTURE, W_QUEUE_JOIN = range(12)
# Why a wait ended (Interleave's WakeReason).
R_GRANTED, R_NOTIFIED, R_SET, R_JOINED, R_BARRIER, R_STARTED, R_ELAPSED, R_TIMEOUT, R_DONE = range(9)


def _install():
    import _thread
    import itertools
    import os
    import struct
    import _socket

    import sysconfig
    import threading
    import queue
    import time

    get_ident = _thread.get_ident
    # The probe's own thread starts the real way (under control `_thread.start_new_thread` counts
    # the program's threads started so).
    probe_thread = _thread.start_new_thread
    concatenate = b''.join
    pack_all = struct.pack
    getframe = _sys._getframe
    real_sleep = time.sleep
    # Under control, Interleave's schedule runs the threads one at a time, and its clock is the
    # program's: the variable holds the start's wall-clock time (ns), which `time.time()` counts from.
    control = os.environ.get('INTERLEAVE_PROBE_CONTROL')
    schedule = None
    chooser = _chooser(control.split()) if control is not None else None
    if control is not None:
        schedule = _Schedule(_thread.allocate_lock, get_ident, lambda ready: ask(ready),
                             lambda turns: stuck(turns), lambda words: text(UNCONTROLLED, 0, 0, 0, 0, 0, words),
                             time.monotonic)
        clock = schedule.clock

        def now():
            return clock[0]
    else:
        now = time.perf_counter_ns

    if len(_sys.argv) < 2:
        _sys.stderr.write("interleave probe: no program to run\n")
        _sys.exit(2)
    script = os.path.abspath(_sys.argv[1])
    _sys.argv = _sys.argv[1:]
    _sys.path[0] = os.path.dirname(script)

    # The files of the standard library: what is made there is the library's own.
    library = tuple({os.path.normcase(sysconfig.get_paths()[k]) + os.sep for k in ('stdlib', 'platstdlib')})

    # Records gathered since the last send: eight ints each, in one flat list (a thread adds a
    # record with one `extend`, and keeps no object alive but ints), packed by the probe's sender.
    # A record with text has TEXT in its kind and the key of its text (in `texts`) in its last word.
    out = []
    extend = out.extend
    texts = {}
    text_keys = itertools.count()
    pack = struct.Struct('<qqQqqqqq').pack

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    sock.connect(os.environ['INTERLEAVE_PROBE_SOCKET'])
    send = sock.sendall

    numbers = itertools.count(1)
    object_numbers = [itertools.count() for _ in range(6)]

    def packed(op, time, ident, where, a, b, c, d, words=None):
        if words is None:
            return pack(op, time, ident, where, a, b, c, d)
        data = words.encode('utf-8', 'backslashreplace')
        data += b'\0' * (-len(data) % 8)
        return pack(op | (len(data) << 16), time, ident, where, a, b, c, d) + data

    # The first record: the protocol's version, the process, the interpreter, the program.
    send(packed(HELLO, now(), get_ident(), 0, _VERSION, os.getpid(), _sys.hexversion, 0 if schedule is None else 1, script))

    def line(frame):
        """The line of the program's main file the thread is at: this frame's, or its caller's."""
        while frame is not None:
            if frame.f_code.co_filename == script:
                return frame.f_lineno or 0
            frame = frame.f_back
        return 0

    def line_at(depth):
        """``line`` from the frame `depth` above the caller (none when C called the wrapper directly)."""
        try:
            return line(getframe(depth + 1))
        except ValueError:
            return 0

    def emit(op, depth, a=0, b=0, c=0, d=0):
        extend((op, now(), get_ident(), line_at(depth), a, b, c, d))

    def text(op, depth, a, b, c, d, words, ident=None, at=None):
        where = at if at is not None else line_at(depth) if depth else 0
        key = next(text_keys)
        # The last word holds the key: `d` waits with the text.
        texts[key] = (d, words)
        extend((op | TEXT, now(), get_ident() if ident is None else ident, where, a, b, c, key))

    # Only the probe's own thread sends what the program's threads report, so no signal handler
    # (they run on the main thread) can interrupt a send halfway and leave half a record on the
    # socket; under control a thread sends its question itself, under `send_lock`. Another thread that wants
    # what it gathered sent now (print(..., flush=True), the end) wakes it and waits for its round.
    wake = _thread.allocate_lock()
    wake.acquire()
    waiting = []
    forked = [False]

    # Sends are made under this lock: the sender's batches and, under control, the running thread's
    # question (who goes next), which must follow what that thread did.
    send_lock = _thread.allocate_lock()

    def collect():
        """The bytes of the records gathered so far (taken out of `out`), for one send."""
        n = len(out) // 8 * 8
        if not n:
            return b''
        batch = out[:n]
        del out[:n]
        if not texts:
            try:
                return pack_all('<%dq' % n, *batch)
            except struct.error:
                pass  # an ident past 2^63: each record on its own
        parts = []
        for i in range(0, n, 8):
            op, time_, ident, where, a, b, c, d = batch[i:i + 8]
            try:
                if op & TEXT:
                    d, words = texts.pop(d, (0, ''))
                    parts.append(packed(op & ~TEXT, time_, ident, where, a, b, c, d, words))
                else:
                    parts.append(pack(op, time_, ident, where, a, b, c, d))
            except (struct.error, TypeError, OverflowError):
                pass  # a value no word holds: this record is left out, not the batch
        return concatenate(parts)

    def send_batch(extra=b''):
        with send_lock:
            data = collect() + extra
            if not data:
                return
            try:
                send(data)
            except OSError:
                if schedule is not None:
                    os._exit(70)  # Interleave is gone, and with it the schedule: nothing can go on
                # Interleave is gone: nothing more can be told

    real_monotonic = time.monotonic

    def interleave_gone():
        """Whether Interleave closed the socket (under control nothing may ever be sent again to
        notice it: every thread can be parked, waiting for a decision that will not come)."""
        try:
            return sock.recv(1, _socket.MSG_PEEK | _socket.MSG_DONTWAIT) == b''
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return True

    def sender():
        rounds = 0
        while True:
            wake.acquire(True, 0.005)
            if schedule is not None and not forked[0]:
                schedule.watch(real_monotonic(), _sys._current_frames, line)
                rounds += 1
                if rounds % 20 == 0 and interleave_gone():
                    os._exit(70)
            # Those who asked before this round: what they gathered is in it.
            asked = waiting[:]
            del waiting[:len(asked)]
            send_batch()
            for done in asked:
                done.release()

    def flush():
        """Has what gathered so far sent, and waits until it is (a forked child has no sender)."""
        if forked[0]:
            return
        done = _thread.allocate_lock()
        done.acquire()
        waiting.append(done)
        try:
            wake.release()
        except RuntimeError:
            pass  # already woken
        done.acquire()

    def ask(ready):
        """Interleave's choice among the threads `ready` to go (a CHOICE record, then its answer:
        the chosen thread's number, one word); or, for a policy the probe runs itself (random,
        rr), its own choice, told in the record (`b`: the chosen option's index + 1), no question asked."""
        numbers = ' '.join([str(t.number) for t in ready])
        if chooser is not None:
            index = chooser(len(ready))
            text(CHOICE, 0, len(ready), index + 1, 0, 0, numbers)
            return ready[index]
        send_batch(packed(CHOICE, now(), get_ident(), 0, len(ready), 0, 0, 0, numbers))
        answer = b''
        while len(answer) < 8:
            try:
                part = sock.recv(8 - len(answer))
            except InterruptedError:
                continue
            except OSError:
                part = b''
            if not part:
                os._exit(70)  # Interleave is gone: the schedule with it
            answer += part
        chosen = int.from_bytes(answer, 'little', signed=True)
        for t in ready:
            if t.number == chosen:
                return t
        return ready[0]

    def stuck(turns):
        """No thread can go on (a deadlock): Interleave is told, and stops the program."""
        numbers = ' '.join([str(t.number) for t in turns])
        send_batch(packed(STUCK, now(), get_ident(), 0, len(turns), 0, 0, 0, numbers))

    import re
    address = re.compile(r' at 0x[0-9a-fA-F]+')

    def shown(value):
        """`repr(value)` without memory addresses (`<Account object at 0x7f...>`), which differ from
        run to run: a run again shows the same text."""
        return address.sub('', repr(value))

    def made_by_library(depth):
        name = getframe(depth + 1).f_code.co_filename
        return name.startswith(library) and not name.startswith(main_dir)

    main_dir = os.path.dirname(script) + os.sep

    def assigned(frame):
        """What the line of `frame` assigns to (`lock = Lock()`: lock), or None."""
        import linecache
        source = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
        left, sep, right = source.partition('=')
        left = left.strip()
        if sep and right[:1] != '=' and left and all(part.isidentifier() for part in left.split('.')):
            return left
        return None

    def site_name(depth, kind):
        """The object's name: what the line that made it assigns it to, or where it was made."""
        frame = getframe(depth + 1)
        while frame is not None and frame.f_code.co_filename != script:
            frame = frame.f_back
        if frame is None:
            return '%s %d' % (kind, next(anonymous))
        name = assigned(frame)
        if name is None:
            return '%s at line %d' % (kind, frame.f_lineno)
        # Several made by one line: a list's are numbered as its items (`forks[1]`), others by count.
        key = (kind, name)
        count = names_made.get(key, 0)
        names_made[key] = count + 1
        import linecache
        made_in_list = linecache.getline(frame.f_code.co_filename, frame.f_lineno).partition('=')[2].lstrip()[:1] == '['
        if made_in_list:
            return '%s[%d]' % (name, count)
        return name if count == 0 else '%s (%d)' % (name, count + 1)

    names_made = {}

    # The library's own files whose objects are reported through their own operations (a Thread's
    # start and join, a Queue's put and get, a Future's result), so their insides stay unseen.
    inner = tuple(os.path.join(base, name) for base in library
                  for name in ('threading.py', 'queue.py', 'concurrent' + os.sep))

    def library_event_name(depth):
        """The name of an Event the library made that the program may wait on (a server's
        shutdown, a Timer's interval), or None for one the library only uses inside itself."""
        frame = getframe(depth + 1)
        code = frame.f_code
        if code.co_filename.startswith(inner) and getattr(code, 'co_qualname', '') != 'Timer.__init__':
            return None
        module = frame.f_globals.get('__name__', '?')
        return '%s: %s' % (module, assigned(frame) or 'event at line %d' % frame.f_lineno)

    anonymous = itertools.count(1)

    def made(kind, depth, a=0, b=0, name=None):
        n = next(object_numbers[kind])
        text(OBJECT_NEW, depth + 1, kind, n, a, b, name or site_name(depth + 1, _KIND_WORDS[kind]))
        return n

    # Locks --------------------------------------------------------------------------------------
    allocate = _thread.allocate_lock
    real_rlock = _thread.RLock

    def check_timeout(blocking, timeout):
        """The checks `_thread.lock.acquire` makes of its arguments, before anything is taken."""
        if timeout is not None and timeout != -1:
            if not blocking:
                raise ValueError("can't specify a timeout for a non-blocking call")
            if timeout < 0:
                raise ValueError('timeout value must be a non-negative number')

    class Lock:
        """`threading.Lock()` made by the program: a real lock, and a report of each use."""
        __slots__ = ('_l', '_i', '_owner', '_where', '__weakref__')

        def __init__(self, name=None):
            self._l = allocate()
            self._i = made(K_LOCK, 1, 0, 0, name)
            self._owner = 0
            self._where = 0

        def acquire(self, blocking=True, timeout=-1):
            check_timeout(blocking, timeout)
            where = line_at(1)
            ident = get_ident()
            if self._l.acquire(False):
                self._owner = ident
                self._where = where
                extend((LOCK_ACQUIRED, now(), ident, where, self._i, 1, 0 if blocking and timeout != 0 else 1, 0))
                return True
            if not blocking or timeout == 0:
                extend((LOCK_FAILED, now(), ident, where, self._i, 0, 0, 0))
                return False
            extend((BLOCK, now(), ident, where, W_LOCK, self._i, 0 if timeout is None or timeout < 0 else int(timeout * 1e9), 0))
            if self._l.acquire(True, timeout):
                self._owner = ident
                self._where = where
                extend((LOCK_ACQUIRED, now(), ident, where, self._i, 1, 0, 0))
                return True
            extend((LOCK_FAILED, now(), ident, where, self._i, 0, 0, 0))
            return False

        def __enter__(self):
            # The fast path of `with lock:`: everything but the record is worked out before the
            # lock is taken, so the program holds it no longer than it must.
            try:
                f = getframe(1)
                where = (f.f_lineno or 0) if f.f_code.co_filename == script else line(f)
            except ValueError:
                where = 0
            ident = get_ident()
            if not self._l.acquire(False):
                extend((BLOCK, now(), ident, where, W_LOCK, self._i, 0, 0))
                self._l.acquire()
            self._owner = ident
            self._where = where
            extend((LOCK_ACQUIRED, now(), ident, where, self._i, 1, 0, 0))
            return True

        def release(self):
            if self._l.locked():
                emit(LOCK_RELEASED, 2, self._i)
            self._l.release()

        def __exit__(self, kind, value, traceback):
            # Released by the thread that took it, at the line of its `with`.
            extend((LOCK_RELEASED, now(), self._owner, self._where, self._i, 0, 0, 0))
            self._l.release()

        def locked(self):
            return self._l.locked()

        acquire_lock = acquire
        release_lock = release
        locked_lock = locked

        def __reduce__(self):
            raise TypeError("cannot pickle '_thread.lock' object")

        def _is_owned(self):
            if self._l.acquire(False):
                self._l.release()
                return False
            return True

        def _at_fork_reinit(self):
            self._l._at_fork_reinit()

        def __repr__(self):
            return '<%s lock (interleave)>' % ('locked' if self._l.locked() else 'unlocked')

    class RLock:
        """`threading.RLock()` made by the program: its depth is counted here to be reported."""
        __slots__ = ('_l', '_i', '_owner', '_count', '__weakref__')

        def __init__(self, name=None):
            self._l = real_rlock()
            self._owner = None
            self._count = 0
            self._i = made(K_LOCK, 1, 1, 0, name)

        def acquire(self, blocking=True, timeout=-1):
            check_timeout(blocking, timeout)
            ident = get_ident()
            if self._owner == ident:
                self._l.acquire()
                self._count += 1
                emit(LOCK_ACQUIRED, 2, self._i, self._count, 1)
                return True
            if self._l.acquire(False):
                self._owner = ident
                self._count = 1
                emit(LOCK_ACQUIRED, 2, self._i, 1, 0 if blocking and timeout != 0 else 1)
                return True
            if not blocking or timeout == 0:
                emit(LOCK_FAILED, 2, self._i)
                return False
            emit(BLOCK, 2, W_LOCK, self._i, 0 if timeout is None or timeout < 0 else int(timeout * 1e9))
            if self._l.acquire(True, timeout):
                self._owner = ident
                self._count = 1
                emit(LOCK_ACQUIRED, 2, self._i, 1)
                return True
            emit(LOCK_FAILED, 2, self._i)
            return False

        __enter__ = acquire

        def release(self):
            if self._owner != get_ident():
                self._l.release()  # raises as Python's does
                return
            left = self._count - 1
            emit(LOCK_RELEASED, 2, self._i, left)
            self._count = left
            if left == 0:
                self._owner = None
            self._l.release()

        def __exit__(self, *exc):
            self.release()

        def _is_owned(self):
            return self._owner == get_ident()

        def _recursion_count(self):
            return self._count if self._owner == get_ident() else 0

        def __reduce__(self):
            raise TypeError("cannot pickle '_thread.RLock' object")

        def _release_save(self):
            saved = (self._count, self._owner)
            emit(LOCK_RELEASED, 2, self._i, 0)
            self._count = 0
            self._owner = None
            return (self._l._release_save(), saved)

        def _acquire_restore(self, state):
            self._l._acquire_restore(state[0])
            self._count, self._owner = state[1]
            emit(LOCK_ACQUIRED, 2, self._i, self._count)

        def _at_fork_reinit(self):
            self._l._at_fork_reinit()
            self._owner = None
            self._count = 0

        def __repr__(self):
            return '<RLock (interleave) count=%d>' % self._count

    def factory(name, real_type, real, watched):
        """`threading.Lock` or `RLock`: the real one (`real()`) for the library's own use, a watched
        one for the program's; `isinstance(x, threading.Lock)` holds for both, as it does in CPython 3.13."""

        class Meta(type):
            def __instancecheck__(cls, obj):
                return isinstance(obj, (real_type, watched))

        def new(cls, *args, **kwargs):
            if args or kwargs:
                raise TypeError('%s() takes no arguments' % name)
            if made_by_library(1):
                return real()
            return watched()

        return Meta(name, (), {'__new__': new})

    lock_factory = factory('Lock', type(allocate()), allocate, Lock)
    rlock_factory = factory('RLock', real_rlock, real_rlock, RLock)

    # Conditions, Events, Semaphores, Barriers ---------------------------------------------------
    RealCondition = threading.Condition

    class Condition(RealCondition):
        def __init__(self, lock=None):
            self._i = -1
            if made_by_library(1):
                RealCondition.__init__(self, real_rlock() if lock is None else lock)
                return
            name = site_name(1, 'condition')
            if lock is None:
                lock = RLock(name + '.lock')
            RealCondition.__init__(self, lock)
            owner = getattr(lock, '_i', -1)
            self._i = made(K_CONDITION, 1, owner if owner >= 0 else 0, 0, name)

        def wait(self, timeout=None):
            if self._i < 0:
                return RealCondition.wait(self, timeout)
            emit(BLOCK, 2, W_CONDITION, self._i, 0 if timeout is None else int(max(0, timeout) * 1e9))
            result = RealCondition.wait(self, timeout)
            emit(CONDITION_WAIT_DONE, 2, self._i, 1 if result else 0)
            return result

        def notify(self, n=1):
            if self._i >= 0:
                emit(CONDITION_NOTIFY, 2, self._i, n)
            RealCondition.notify(self, n)

        def notify_all(self):
            if self._i >= 0:
                emit(CONDITION_NOTIFY, 2, self._i, -1)
            RealCondition.notify(self, len(self._waiters))

        notifyAll = notify_all

    RealEvent = threading.Event

    class Event(RealEvent):
        def __init__(self):
            RealEvent.__init__(self)
            if not made_by_library(1):
                self._i = made(K_FLAG, 1)
            else:
                # One the library makes for the program to wait on is watched, named where it was made.
                name = library_event_name(1)
                self._i = -1 if name is None else made(K_FLAG, 1, name=name)

        def set(self):
            if self._i >= 0:
                emit(FLAG_SET, 2, self._i)
            RealEvent.set(self)

        def clear(self):
            if self._i >= 0:
                emit(FLAG_CLEARED, 2, self._i)
            RealEvent.clear(self)

        def wait(self, timeout=None):
            if self._i < 0:
                return RealEvent.wait(self, timeout)
            if not self.is_set():
                emit(BLOCK, 2, W_FLAG, self._i, 0 if timeout is None else int(max(0, timeout) * 1e9))
            result = RealEvent.wait(self, timeout)
            emit(FLAG_WAIT_DONE, 2, self._i, 1 if result else 0)
            return result

    RealSemaphore, RealBounded = threading.Semaphore, threading.BoundedSemaphore

    class Semaphore(RealSemaphore):
        def __init__(self, value=1):
            # Not through BoundedSemaphore's own __init__, which calls `threading.Semaphore` (this class).
            RealSemaphore.__init__(self, value)
            bounded = isinstance(self, RealBounded)
            if bounded:
                self._initial_value = value
            self._i = -1 if made_by_library(1) else made(K_SEMAPHORE, 1, value, 1 if bounded else 0)

        def acquire(self, blocking=True, timeout=None):
            if self._i < 0:
                return super().acquire(blocking, timeout)
            if not blocking and timeout is not None:
                raise ValueError("can't specify timeout for non-blocking acquire")
            if super().acquire(False):
                emit(SEMAPHORE_ACQUIRED, 2, self._i, self._value)
                return True
            if not blocking:
                emit(SEMAPHORE_FAILED, 2, self._i)
                return False
            emit(BLOCK, 2, W_SEMAPHORE, self._i, 0 if timeout is None else int(max(0, timeout) * 1e9))
            if super().acquire(True, timeout):
                emit(SEMAPHORE_ACQUIRED, 2, self._i, self._value)
                return True
            emit(SEMAPHORE_FAILED, 2, self._i)
            return False

        __enter__ = acquire

        def release(self, n=1):
            bounded = isinstance(self, RealBounded)
            if self._i >= 0 and n >= 1 and not (bounded and self._value + n > self._initial_value):
                emit(SEMAPHORE_RELEASED, 2, self._i, self._value + n)
            super().release(n)

        def __exit__(self, *exc):
            self.release()

    class BoundedSemaphore(Semaphore, RealBounded):
        pass

    RealBarrier = threading.Barrier

    class Barrier(RealBarrier):
        def __init__(self, parties, action=None, timeout=None):
            RealBarrier.__init__(self, parties, action, timeout)
            self._i = -1 if made_by_library(1) else made(K_BARRIER, 1, parties)

        def wait(self, timeout=None):
            if self._i < 0:
                return RealBarrier.wait(self, timeout)
            arrived = self.n_waiting + 1
            emit(BARRIER_ARRIVED, 2, self._i, arrived)
            last = arrived >= self.parties
            if last:
                emit(BARRIER_PASSED, 2, self._i)
            else:
                emit(BLOCK, 2, W_BARRIER, self._i, 0 if timeout is None else int(max(0, timeout) * 1e9))
            try:
                result = RealBarrier.wait(self, timeout)
            except threading.BrokenBarrierError:
                emit(BARRIER_BROKEN, 2, self._i)
                raise
            if not last:
                emit(RESUME, 2, R_BARRIER)
            return result

    # Queues -------------------------------------------------------------------------------------
    Empty, Full = queue.Empty, queue.Full

    def item_record(op, depth, i, item, size):
        if type(item) is int and -(1 << 63) <= item < (1 << 63):
            emit(op, depth + 1, i, size, 1, item)
        else:
            try:
                if type(item).__name__ == '_WorkItem' and hasattr(item, 'fn'):
                    # A pool's piece of work: the call it makes.
                    words = '%s(%s)' % (getattr(item.fn, '__name__', 'call'), ', '.join(map(repr, item.args)))
                else:
                    words = shown(item)
            except Exception:
                words = '<%s>' % type(item).__name__
            text(op, depth + 1, i, size, 0, 0, words[:200])

    def queue_class(real, order, simple=False):
        class Tracked(real):
            def __init__(self, maxsize=0):
                if simple:
                    real.__init__(self)
                    maxsize = 0
                else:
                    real.__init__(self, maxsize)
                if not made_by_library(1):
                    self._i = made(K_QUEUE, 1, max(0, maxsize), order)
                elif simple:
                    # A pool's work queue is the library's, but its idle workers wait on it: report it.
                    self._i = made(K_QUEUE, 1, 0, order, site_name(1, 'pool work queue'))
                else:
                    self._i = -1

            def put(self, item, block=True, timeout=None):
                if self._i < 0:
                    return real.put(self, item, block, timeout)
                if block and timeout is not None and timeout < 0:
                    raise ValueError("'timeout' must be a non-negative number")
                try:
                    real.put(self, item, False)
                except Full:
                    if not block:
                        emit(QUEUE_FAILED, 2, self._i, 1)
                        raise
                    emit(BLOCK, 2, W_QUEUE_PUT, self._i, 0 if timeout is None else int(max(0, timeout) * 1e9))
                    try:
                        real.put(self, item, True, timeout)
                    except Full:
                        emit(QUEUE_FAILED, 2, self._i, 1)
                        raise
                item_record(QUEUE_PUT, 2, self._i, item, self.qsize())

            def get(self, block=True, timeout=None):
                if self._i < 0:
                    return real.get(self, block, timeout)
                if block and timeout is not None and timeout < 0:
                    raise ValueError("'timeout' must be a non-negative number")
                try:
                    item = real.get(self, False)
                except Empty:
                    if not block:
                        emit(QUEUE_FAILED, 2, self._i, 0)
                        raise
                    emit(BLOCK, 2, W_QUEUE_GET, self._i, 0 if timeout is None else int(max(0, timeout) * 1e9))
                    try:
                        item = real.get(self, True, timeout)
                    except Empty:
                        emit(QUEUE_FAILED, 2, self._i, 0)
                        raise
                item_record(QUEUE_GOT, 2, self._i, item, self.qsize())
                return item

            def put_nowait(self, item):
                return self.put(item, False)

            def get_nowait(self):
                return self.get(False)

            if not simple:
                def task_done(self):
                    real.task_done(self)
                    if self._i >= 0:
                        emit(QUEUE_TASK_DONE, 2, self._i, self.unfinished_tasks)

                def join(self):
                    if self._i < 0:
                        return real.join(self)
                    if self.unfinished_tasks:
                        emit(BLOCK, 2, W_QUEUE_JOIN, self._i)
                    real.join(self)
                    emit(QUEUE_JOINED, 2, self._i)

        Tracked.__name__ = real.__name__
        Tracked.__qualname__ = real.__qualname__
        Tracked.__module__ = real.__module__
        return Tracked

    # Threads ------------------------------------------------------------------------------------
    Thread = threading.Thread
    real_start = Thread.start
    real_bootstrap = Thread._bootstrap_inner
    real_join = Thread.join

    def start(self):
        if not getattr(self, '_ilv_id', None):
            self._ilv_id = next(numbers)
            text(THREAD_NEW, 1, self._ilv_id, 1 if self.daemon else 0, 0, 0, self.name)
        real_start(self)

    def bootstrap_inner(self):
        t = getattr(self, '_ilv_id', None)
        if t is None:
            t = next(numbers)
            self._ilv_id = t
            text(THREAD_NEW, 0, t, 1 if self.daemon else 0, 0, 0, self.name)
        extend((THREAD_BEGIN, now(), get_ident(), 0, t, 0, 0, 0))
        try:
            real_bootstrap(self)
        finally:
            extend((THREAD_END, now(), get_ident(), 0, t, 0, 0, 0))

    def join(self, timeout=None):
        t = getattr(self, '_ilv_id', None)
        if t is None or self is threading.current_thread() or not self._started.is_set():
            return real_join(self, timeout)
        alive = self.is_alive()
        if alive:
            emit(BLOCK, 2, W_JOIN, t, 0 if timeout is None else int(max(0, timeout) * 1e9))
        real_join(self, timeout)
        emit(JOIN_DONE, 2, t, 1 if self.is_alive() else 0)

    real_excepthook = threading.excepthook

    def excepthook(args):
        if args.exc_type is not SystemExit:
            report_exception(args.exc_type, args.exc_value, args.exc_traceback)
        real_excepthook(args)

    def report_exception(kind, value, tb):
        where = 0
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == script:
                where = tb.tb_lineno
            tb = tb.tb_next
        try:
            message = str(value)
        except Exception:
            message = ''
        # The line is the deepest of the program's own in the traceback, not where the hook runs.
        text(EXCEPTION, 0, 0, 0, 0, 0, getattr(kind, '__name__', 'Exception') + '\0' + message[:500], at=where)

    # Sleeping, I/O, output ----------------------------------------------------------------------
    def sleep(seconds):
        emit(BLOCK, 2, W_SLEEP, 0, int(max(0, seconds) * 1e9))
        try:
            real_sleep(seconds)
        finally:
            emit(RESUME, 2, R_ELAPSED)

    def io_call(real):
        """`real` (a socket's method, a lookup, a selector's wait) reported as a wait for I/O."""
        def call(*args, **kwargs):
            emit(BLOCK, 2, W_IO)
            try:
                return real(*args, **kwargs)
            finally:
                emit(RESUME, 2, R_ELAPSED)
        call.__name__ = real.__name__
        return call

    # Whether what is printed goes to the real stdout now (a forked child; the exit after the end).
    passed_on = [False]

    class Output:
        """`sys.stdout` while the program runs: each line printed becomes a report."""
        def __init__(self, real):
            self._real = real
            self._partial = {}

        def write(self, s):
            if passed_on[0]:
                # A forked child, or the exit after the program's end (atexit functions).
                return self._real.write(s)
            if not isinstance(s, str):
                raise TypeError('write() argument must be str, not %s' % type(s).__name__)
            ident = get_ident()
            pending = self._partial.pop(ident, '') + s
            *lines, rest = pending.split('\n')
            for one in lines:
                text(PRINTED, 2, 0, 0, 0, 0, one)
            if rest:
                self._partial[ident] = rest
            return len(s)

        def flush(self):
            # The program asks for what it printed to be out (print(..., flush=True)): so be it.
            if not passed_on[0]:
                flush()

        def isatty(self):
            return False

        def writable(self):
            return True

        def __getattr__(self, name):
            return getattr(self._real, name)

    # Control: the wrappers under Interleave's schedule (interleave_control.py) ---------------------
    # Every lock, Condition and the objects built on them that is made after the probe loads is
    # controlled, the library's own too (a thread must never block in a real lock while another
    # holds the turn); only the program's are reported, and only an operation on one of the
    # program's offers a point where another thread may go first (the library's inner steps run
    # at once, unless they must wait).
    if schedule is not None:
        running = schedule.running
        point = schedule.point

        def timeout_ns(timeout):
            return 0 if timeout is None or timeout < 0 else int(timeout * 1e9)

        class ControlledLock(Lock):
            """A lock under the schedule: a thread waits for it at a point of the schedule, never inside it."""
            __slots__ = ()

            def __init__(self, name=None, reported=True):
                self._l = allocate()
                self._i = made(K_LOCK, 1, 0, 0, name) if reported else -1
                self._owner = 0
                self._where = 0

            def acquire(self, blocking=True, timeout=-1):
                check_timeout(blocking, timeout)
                l = self._l
                i = self._i
                where = line_at(1) if i >= 0 else 0
                ident = get_ident()
                me = running()
                try_only = not blocking or timeout == 0
                if me is None:
                    ok = l.acquire(blocking, timeout)
                elif try_only:
                    if i >= 0:
                        point(me)
                    ok = l.acquire(False)
                elif l.locked() or i >= 0:
                    if i >= 0 and l.locked():
                        extend((BLOCK, now(), ident, where, W_LOCK, i, timeout_ns(timeout), 0))
                    ok = point(me, lambda: not l.locked(), timeout) and l.acquire(False)
                else:
                    ok = l.acquire(False)
                if ok:
                    self._owner = ident
                    self._where = where
                    if i >= 0:
                        extend((LOCK_ACQUIRED, now(), ident, where, i, 1, 1 if try_only else 0, 0))
                    return True
                if i >= 0:
                    extend((LOCK_FAILED, now(), ident, where, i, 0, 0, 0))
                return False

            def __enter__(self):
                return self.acquire()

            def release(self):
                i = self._i
                if i >= 0:
                    me = running()
                    if me is not None:
                        point(me)
                    if self._l.locked():
                        emit(LOCK_RELEASED, 2, i)
                self._l.release()

            def __exit__(self, *exc):
                self.release()

            acquire_lock = acquire
            release_lock = release

        class ControlledRLock(RLock):
            """A reentrant lock under the schedule."""
            __slots__ = ()

            def __init__(self, name=None, reported=True):
                self._l = real_rlock()
                self._owner = None
                self._count = 0
                self._i = made(K_LOCK, 1, 1, 0, name) if reported else -1

            def acquire(self, blocking=True, timeout=-1):
                check_timeout(blocking, timeout)
                ident = get_ident()
                i = self._i
                me = running()
                if self._owner == ident:
                    if me is not None and i >= 0:
                        point(me)
                    self._l.acquire()
                    self._count += 1
                    if i >= 0:
                        emit(LOCK_ACQUIRED, 2, i, self._count, 1)
                    return True
                try_only = not blocking or timeout == 0
                if me is None:
                    ok = self._l.acquire(blocking, timeout)
                elif try_only:
                    if i >= 0:
                        point(me)
                    ok = self._l.acquire(False)
                elif self._owner is not None or i >= 0:
                    if i >= 0 and self._owner is not None:
                        emit(BLOCK, 2, W_LOCK, i, timeout_ns(timeout))
                    ok = point(me, lambda: self._owner is None, timeout) and self._l.acquire(False)
                else:
                    ok = self._l.acquire(False)
                if ok:
                    self._owner = ident
                    self._count = 1
                    if i >= 0:
                        emit(LOCK_ACQUIRED, 2, i, 1, 1 if try_only else 0)
                    return True
                if i >= 0:
                    emit(LOCK_FAILED, 2, i)
                return False

            def __enter__(self):
                return self.acquire()

            def release(self):
                if self._owner != get_ident():
                    self._l.release()  # raises as Python's does
                    return
                i = self._i
                if i >= 0:
                    me = running()
                    if me is not None:
                        point(me)
                    emit(LOCK_RELEASED, 2, i, self._count - 1)
                self._count -= 1
                if self._count == 0:
                    self._owner = None
                self._l.release()

            def _release_save(self):
                saved = (self._count, self._owner)
                if self._i >= 0:
                    emit(LOCK_RELEASED, 2, self._i, 0)
                self._count = 0
                self._owner = None
                return (self._l._release_save(), saved)

            def _acquire_restore(self, state):
                me = running()
                if me is not None and self._owner is not None:
                    point(me, lambda: self._owner is None)
                self._l._acquire_restore(state[0])
                self._count, self._owner = state[1]
                if self._i >= 0:
                    emit(LOCK_ACQUIRED, 2, self._i, self._count)

        class ControlledCondition(RealCondition):
            """A Condition under the schedule: a waiter waits at a point until notified (or its
            timeout passes on the virtual clock), then for the lock."""

            def __init__(self, lock=None):
                self._i = -1
                self._tokens = []
                library = made_by_library(1)
                name = None if library else site_name(1, 'condition')
                if lock is None:
                    lock = ControlledRLock(reported=False) if library else ControlledRLock(name + '.lock')
                RealCondition.__init__(self, lock)
                if not library:
                    owner = getattr(lock, '_i', -1)
                    self._i = made(K_CONDITION, 1, owner if owner >= 0 else 0, 0, name)

            def wait(self, timeout=None):
                me = running()
                if me is None:
                    return RealCondition.wait(self, timeout)
                if not self._is_owned():
                    raise RuntimeError('cannot wait on un-acquired lock')
                if timeout is not None and timeout < 0:
                    timeout = 0  # as CPython's: a negative timeout returns at once
                i = self._i
                if i >= 0:
                    emit(BLOCK, 2, W_CONDITION, i, timeout_ns(timeout))
                token = [False]
                self._tokens.append(token)
                saved = self._release_save()
                try:
                    point(me, lambda: token[0], timeout)
                finally:
                    if not token[0]:
                        try:
                            self._tokens.remove(token)
                        except ValueError:
                            pass
                    self._acquire_restore(saved)
                if i >= 0:
                    emit(CONDITION_WAIT_DONE, 2, i, 1 if token[0] else 0)
                return token[0]

            def notify(self, n=1):
                self._notify(n, n)

            def notify_all(self):
                self._notify(-1, len(self._tokens) + len(self._waiters))

            def _notify(self, said, n):
                """`notify(n)` (`said` -1: `notify_all`), announced at a point when it is the program's."""
                if not self._is_owned():
                    raise RuntimeError('cannot notify on un-acquired lock')
                if self._i >= 0:
                    me = running()
                    if me is not None:
                        point(me)
                    emit(CONDITION_NOTIFY, 3, self._i, said)
                self._wake(n)

            notifyAll = notify_all

            def _wake(self, n):
                tokens = self._tokens
                woken = 0
                while tokens and woken < n:
                    tokens.pop(0)[0] = True
                    woken += 1
                if woken < n and self._waiters:
                    # A thread the schedule does not run waits the real way.
                    RealCondition.notify(self, n - woken)

        def announced(method):
            """`method` of a reported object, with a point of the schedule before it."""
            def call(self, *args, **kwargs):
                if self._i >= 0:
                    me = running()
                    if me is not None:
                        point(me)
                return method(self, *args, **kwargs)
            call.__name__ = method.__name__
            return call

        WatchedEvent = Event

        class ControlledEvent(Event):
            set = announced(Event.set)
            clear = announced(Event.clear)

            def wait(self, timeout=None):
                # Waiting makes a point of its own; one already set announces it.
                if self._i >= 0 and self._flag:
                    me = running()
                    if me is not None:
                        point(me)
                return WatchedEvent.wait(self, timeout)

        class ControlledSemaphore(Semaphore):
            acquire = announced(Semaphore.acquire)
            __enter__ = acquire
            release = announced(Semaphore.release)

        class ControlledBoundedSemaphore(ControlledSemaphore, RealBounded):
            pass

        class ControlledBarrier(Barrier):
            wait = announced(Barrier.wait)

        def controlled_queue(tracked):
            class Controlled(tracked):
                put = announced(tracked.put)
                get = announced(tracked.get)
                if hasattr(tracked, 'task_done'):
                    task_done = announced(tracked.task_done)
                    join = announced(tracked.join)
            for attribute in ('__name__', '__qualname__', '__module__'):
                setattr(Controlled, attribute, getattr(tracked, attribute))
            return Controlled

        for watched, controlled in ((Event, ControlledEvent), (Semaphore, ControlledSemaphore),
                                    (BoundedSemaphore, ControlledBoundedSemaphore), (Barrier, ControlledBarrier),
                                    (Condition, ControlledCondition)):
            controlled.__name__ = watched.__name__
        Condition, Event, Semaphore = ControlledCondition, ControlledEvent, ControlledSemaphore
        BoundedSemaphore, Barrier = ControlledBoundedSemaphore, ControlledBarrier
        lock_factory = factory('Lock', type(allocate()), lambda: ControlledLock(reported=False), ControlledLock)
        rlock_factory = factory('RLock', real_rlock, lambda: ControlledRLock(reported=False), ControlledRLock)

        watched_start, watched_bootstrap, watched_join, watched_sleep = start, bootstrap_inner, join, sleep

        def start(self):
            me = running()
            if me is None or getattr(self, '_ilv_turn', None) is not None:
                return watched_start(self)
            if not getattr(self, '_ilv_id', None):
                self._ilv_id = next(numbers)
                text(THREAD_NEW, 1, self._ilv_id, 1 if self.daemon else 0, 0, 0, self.name)
            turn = schedule.starting(self._ilv_id, self.daemon)
            self._ilv_turn = turn
            try:
                # Waits (at a point) until the new thread has started, and it at its first point:
                # which of the two goes first is the schedule's choice.
                real_start(self)
            except BaseException:
                schedule.failed_to_start(turn)
                raise

        def bootstrap_inner(self):
            turn = getattr(self, '_ilv_turn', None)
            if turn is None:
                return watched_bootstrap(self)
            schedule.begins(turn)
            run = self.run

            def first_point():
                # Before the thread's own code: it waits here for its first turn.
                del self.run
                schedule.arrive(turn)
                extend((THREAD_BEGIN, now(), get_ident(), 0, turn.number, 0, 0, 0))
                return run()

            self.run = first_point
            try:
                real_bootstrap(self)
            finally:
                extend((THREAD_END, now(), get_ident(), 0, turn.number, 0, 0, 0))
                schedule.finish(turn)

        def join(self, timeout=None):
            me = running()
            turn = getattr(self, '_ilv_turn', None)
            if me is None or turn is None or self is threading.current_thread() or not self._started.is_set():
                return watched_join(self, timeout)
            if turn.state != _FINISHED:
                emit(BLOCK, 2, W_JOIN, turn.number, timeout_ns(timeout))
            if timeout is not None and timeout < 0:
                timeout = 0  # as CPython's: a negative timeout returns at once
            point(me, lambda: turn.state == _FINISHED, timeout)
            done = turn.state == _FINISHED
            if done:
                real_join(self)  # its last moments, in C, end at once
            emit(JOIN_DONE, 2, turn.number, 0 if done else 1)

        def sleep(seconds):
            me = running()
            if me is None:
                return watched_sleep(seconds)
            if seconds < 0:
                raise ValueError('sleep length must be non-negative')
            if made_by_library(1):
                # The library polling something outside (`subprocess` waiting for a child): real
                # time, a blocking call the watchdog may leave behind.
                me.blocking = True
                try:
                    return real_sleep(seconds)
                finally:
                    me.blocking = False
            emit(BLOCK, 2, W_SLEEP, 0, int(seconds * 1e9))
            point(me, _never, seconds)
            emit(RESUME, 2, R_ELAPSED)

        watched_io_call = io_call

        def io_call(real):
            """`real` (I/O that may block in C) keeps the turn: one that returns at once is the
            schedule's as any step is; one that blocks is left behind by the watchdog within a few
            milliseconds (the others go on; the run is then marked as moved on without a decision)."""
            watched = watched_io_call(real)

            def call(*args, **kwargs):
                me = running()
                if me is None:
                    return watched(*args, **kwargs)
                emit(BLOCK, 2, W_IO)
                me.blocking = True
                try:
                    return real(*args, **kwargs)
                finally:
                    me.blocking = False
                    emit(RESUME, 2, R_ELAPSED)
            call.__name__ = real.__name__
            return call

        # The clock the program reads: Interleave's.
        options = control.split()
        epoch = int(options[0]) if options and options[0].isdigit() else 0

        def v_time():
            return (epoch + clock[0]) / 1e9

        def v_time_ns():
            return epoch + clock[0]

        def v_monotonic():
            return 1000.0 + clock[0] / 1e9

        def v_monotonic_ns():
            return 1_000_000_000_000 + clock[0]

        real_clocks = (time.time, time.time_ns, time.monotonic, time.monotonic_ns, time.perf_counter,
                       time.perf_counter_ns, threading._time, queue.time)
        real_start_new_thread = _thread.start_new_thread

        def start_new_thread(function, args, kwargs=None):
            return real_start_new_thread(schedule.stranger(function), args, {} if kwargs is None else kwargs)
        _thread.start_new_thread = _thread.start_new = start_new_thread

        time.time, time.time_ns = v_time, v_time_ns
        time.monotonic, time.monotonic_ns = v_monotonic, v_monotonic_ns
        time.perf_counter, time.perf_counter_ns = v_monotonic, v_monotonic_ns
        threading._time = v_monotonic
        queue.time = v_monotonic

        def real_time_again():
            """A forked child's clocks are the real ones again (no schedule follows it)."""
            (time.time, time.time_ns, time.monotonic, time.monotonic_ns, time.perf_counter,
             time.perf_counter_ns, threading._time, queue.time) = real_clocks

        def watch_subprocess(module):
            # Its waits for a child process time out by the real clock (the child's is).
            module._time = real_clocks[2]

        # The same choices give the same run: the program's random numbers come from the run's seed.
        for option in options:
            if option.startswith('seed='):
                import random
                random.seed(int(option[5:]))

        # Reads and writes of the program's shared variables (`--accesses`): module globals and the
        # attributes of its own classes' instances, each a point of the schedule, so the lost update
        # of `counter += 1` (a read, then a write) can happen. A trace function on each of the
        # program's frames sees every instruction; only these offer points. It costs: only on request.
        if 'accesses' in options:
            import dis
            import struct as _struct
            program_dir = os.path.dirname(script) + os.sep
            reads = {'LOAD_GLOBAL', 'LOAD_NAME', 'LOAD_ATTR', 'LOAD_METHOD'}
            writes = {'STORE_GLOBAL', 'STORE_NAME', 'STORE_ATTR'}
            accesses_of = {}
            variables = {}
            instances = {}
            instance_counts = {}
            variable_numbers = itertools.count()
            float_bits = _struct.Struct('<d').pack
            as_int = _struct.Struct('<q').unpack
            pending_write = {}
            skipped_types = (type, type(_sys), type(len))

            def loads_self(instruction):
                argval = instruction.argval
                return instruction.opname.startswith('LOAD_FAST') and (
                    argval == 'self' or (isinstance(argval, tuple) and argval[-1:] == ('self',)))

            def accesses(code):
                """The instructions of `code` that may touch a shared variable, by offset: globals,
                and the attributes of `self` (the instance is on the stack, out of reach: only an
                access whose object was loaded from `self` just before can be told)."""
                table = accesses_of.get(code)
                if table is None:
                    table = {}
                    instructions = list(dis.get_instructions(code))
                    of_self = set()
                    for k, instruction in enumerate(instructions):
                        op = instruction.opname
                        name = instruction.argval
                        if not isinstance(name, str) or (op not in reads and op not in writes):
                            continue
                        if op in ('LOAD_ATTR', 'LOAD_METHOD', 'STORE_ATTR'):
                            before = instructions[k - 1] if k else None
                            twice = instructions[k - 2] if k > 1 else None
                            direct = before is not None and loads_self(before)
                            # `self.x += 1`: LOAD_FAST self, COPY 1, LOAD_ATTR x, ..., SWAP 2, STORE_ATTR x.
                            copied = before is not None and before.opname == 'COPY' and twice is not None and loads_self(twice)
                            swapped = op == 'STORE_ATTR' and before is not None and before.opname == 'SWAP' and name in of_self
                            if not (direct or copied or swapped):
                                continue
                            if op != 'STORE_ATTR':
                                of_self.add(name)
                        table[instruction.offset] = (op, name)
                    accesses_of[code] = table
                return table

            # Handles rather than data: threads and the synchronization objects themselves.
            handles = (threading.Thread, Lock, RLock, RealCondition, RealEvent, RealSemaphore, RealBarrier,
                       queue.Queue, queue.SimpleQueue, type(allocate()), type(real_rlock()))

            def vars_of(holder):
                """An instance's own attributes, read without calling anything of the program's."""
                try:
                    return object.__getattribute__(holder, '__dict__')
                except AttributeError:
                    return {}

            def shareable(value):
                if callable(value) or isinstance(value, skipped_types) or isinstance(value, handles):
                    return False
                # A list of threads (`threads = [...]`, joined later) is a handle too.
                return not (type(value) in (list, tuple) and value and isinstance(value[0], threading.Thread))

            def encoded(value):
                """A value as a record's words: its kind (EventValue's), a word, and text for the rest."""
                kind = type(value)
                if kind is bool:
                    return 2, 1 if value else 0, None
                if kind is int and -(1 << 63) <= value < (1 << 63):
                    return 0, value, None
                if kind is float:
                    return 1, as_int(float_bits(value))[0], None
                if value is None:
                    return 3, 0, None
                try:
                    words = shown(value)
                except Exception:
                    words = '<%s>' % kind.__name__
                return 4, 0, words[:200]

            def variable(holder, name, value, frame, depth_line):
                """The number of the shared variable `name` of `holder` (a module's globals, an
                instance), made (with its first value) the first time it is met."""
                key = (id(holder), name)
                number = variables.get(key)
                if number is None:
                    number = next(variable_numbers)
                    variables[key] = number
                    kind, word, words = encoded(value)
                    if isinstance(holder, dict):
                        label = name
                    else:
                        # An instance's attribute: by its class, and which instance of it (#2 on).
                        cls = type(holder).__name__
                        instance = instances.setdefault(id(holder), [])
                        if not instance:
                            instance.append(instance_counts.get(cls, 0) + 1)
                            instance_counts[cls] = instance[0]
                        label = '%s%s.%s' % (cls, '' if instance[0] == 1 else '#%d' % instance[0], name)
                    # Its first value follows its name in the text: the word (as digits) or the repr.
                    text(OBJECT_NEW, 0, K_VARIABLE, number, kind, 0,
                         label + '\0' + (str(word) if words is None else words), at=depth_line)
                return number

            def value_record(op, number, value, where):
                kind, word, words = encoded(value)
                if words is None:
                    extend((op, now(), get_ident(), where, number, kind, word, 0))
                else:
                    text(op, 0, number, kind, word, 0, words, at=where)

            def opcode(frame, event, arg):
                if event != 'opcode':
                    return opcode
                code = frame.f_code
                waiting = pending_write.pop(frame, None)
                if waiting is not None:
                    # The write is done: its value is there to read.
                    holder, name, number = waiting
                    value = holder.get(name) if isinstance(holder, dict) else vars_of(holder).get(name)
                    value_record(SHARED_WRITE, number, value, frame.f_lineno or 0)
                access = accesses(code).get(frame.f_lasti)
                if access is None:
                    return opcode
                me = running()
                if me is None:
                    return opcode
                op, name = access
                if op in ('LOAD_GLOBAL', 'STORE_GLOBAL') or (op in ('LOAD_NAME', 'STORE_NAME') and frame.f_globals is frame.f_locals):
                    holder = frame.f_globals
                    if name not in holder:
                        return opcode  # a builtin, or a name not made yet
                    value = holder[name]
                elif op in ('LOAD_ATTR', 'LOAD_METHOD', 'STORE_ATTR'):
                    # The instance is on the stack, out of reach: `self.x` is the common case, a
                    # local holding an instance of the program's own classes.
                    holder = frame.f_locals.get('self')
                    if holder is None or not getattr(type(holder), '__module__', '') == '__main__' and \
                            not getattr(_sys.modules.get(type(holder).__module__), '__file__', '') .startswith(program_dir):
                        return opcode
                    try:
                        value = object.__getattribute__(holder, '__dict__').get(name, _absent)
                    except AttributeError:
                        return opcode
                    if value is _absent and op != 'STORE_ATTR':
                        return opcode
                else:
                    return opcode
                if value is not _absent and not shareable(value):
                    return opcode
                where = frame.f_lineno or 0
                number = variable(holder, name, None if value is _absent else value, frame, where)
                point(me)
                if op.startswith('STORE'):
                    pending_write[frame] = (holder if not isinstance(holder, dict) else holder, name, number)
                else:
                    now_value = holder.get(name) if isinstance(holder, dict) else object.__getattribute__(holder, '__dict__').get(name)
                    value_record(SHARED_READ, number, now_value, where)
                return opcode

            def tracer(frame, event, arg):
                if frame.f_code.co_filename.startswith(program_dir):
                    frame.f_trace_opcodes = True
                    frame.f_trace_lines = False
                    # (Python 3.13 takes the frame's own trace function only when set on the frame.)
                    frame.f_trace = opcode
                    return opcode
                return None

            _absent = object()
            threading.settrace(tracer)
            _sys.settrace(tracer)

    # Installing ---------------------------------------------------------------------------------
    threading.Lock = lock_factory
    threading.RLock = rlock_factory
    threading._allocate_lock = lock_factory
    for watched in (Condition, Event, Semaphore, BoundedSemaphore, Barrier):
        watched.__module__ = 'threading'
        watched.__qualname__ = watched.__name__
    threading.Condition = Condition
    threading.Event = Event
    threading.Semaphore = Semaphore
    threading.BoundedSemaphore = BoundedSemaphore
    threading.Barrier = Barrier
    Thread.start = start
    Thread._bootstrap_inner = bootstrap_inner
    Thread.join = join
    threading.excepthook = excepthook
    # Under control the queues announce each operation, and SimpleQueue is the pure-Python one,
    # whose waits are the schedule's (the C one waits inside C).
    queued = (lambda tracked: tracked) if schedule is None else controlled_queue
    queue.Queue = queued(queue_class(queue.Queue, 0))
    queue.LifoQueue = queued(queue_class(queue.LifoQueue, 1))
    queue.PriorityQueue = queued(queue_class(queue.PriorityQueue, 2))
    queue.SimpleQueue = queued(queue_class(queue.SimpleQueue if schedule is None else queue._PySimpleQueue, 0, simple=True))
    time.sleep = sleep

    def timed_wait(wait):
        """A selector's `select(timeout)` (an event loop's wait for its next timer). Under control,
        one that timed out with nothing ready moves the clock on by its timeout: the loop's timers
        are due by its clock, which is Interleave's."""
        if schedule is None:
            return wait

        def select(self, timeout=None):
            ready = wait(self, timeout)
            if not ready and timeout is not None and timeout > 0 and running() is not None:
                clock[0] += int(timeout * 1e9)
            return ready
        select.__name__ = 'select'
        return select

    import socket
    import selectors
    for name in ('connect', 'accept', 'recv', 'recv_into', 'recvfrom', 'send', 'sendall', 'sendto'):
        real = getattr(socket.socket, name, None)
        if real is not None:
            setattr(socket.socket, name, io_call(real))
    # Looking a name up (DNS) waits on the network too.
    for name in ('getaddrinfo', 'gethostbyname', 'gethostbyname_ex', 'gethostbyaddr'):
        real = getattr(socket, name, None)
        if real is not None:
            setattr(socket, name, io_call(real))
    # Waiting for sockets to be ready (a server's loop, `socketserver`, `http.server`).
    for name in ('SelectSelector', '_PollLikeSelector', 'PollSelector', 'EpollSelector', 'DevpollSelector', 'KqueueSelector'):
        selector = getattr(selectors, name, None)
        if selector is not None and 'select' in vars(selector):
            selector.select = timed_wait(io_call(selector.select))

    def future_result(real):
        def result(self, timeout=None):
            if self.done():
                return real(self, timeout)
            emit(BLOCK, 2, W_FUTURE, 0, 0 if timeout is None else int(max(0, timeout) * 1e9))
            try:
                return real(self, timeout)
            finally:
                emit(RESUME, 2, R_DONE)
        return result

    def watch_futures(module):
        module.Future.result = future_result(module.Future.result)

    def watch_ssl(module):
        for name in ('do_handshake', 'read', 'recv', 'recv_into', 'write', 'send', 'sendall'):
            real = getattr(module.SSLSocket, name, None)
            if real is not None:
                setattr(module.SSLSocket, name, io_call(real))

    # Modules watched once the program imports them (importing them here would slow every start).
    watched_modules = {'concurrent.futures._base': watch_futures, 'ssl': watch_ssl}
    if schedule is not None:
        watched_modules['subprocess'] = watch_subprocess

    class Watcher:
        """Finds nothing itself: it wraps the loader of a watched module so its patch follows the import."""
        @staticmethod
        def find_spec(name, path=None, target=None):
            patch = watched_modules.pop(name, None)
            if patch is None:
                return None
            import importlib.util
            spec = importlib.util.find_spec(name)
            if spec is None or spec.loader is None:
                return None
            exec_module = spec.loader.exec_module

            def exec_and_patch(module):
                exec_module(module)
                try:
                    patch(module)
                except Exception:
                    pass
            spec.loader.exec_module = exec_and_patch
            return spec

    for name, patch in list(watched_modules.items()):
        if name in _sys.modules:
            watched_modules.pop(name)
            patch(_sys.modules[name])
    _sys.meta_path.insert(0, Watcher)

    def after_fork():
        # A child process (multiprocessing, os.fork) is not followed: it stops reporting, and its
        # output is its own again.
        nonlocal extend, texts
        sock.close()
        if schedule is not None:
            # The child's threads run as Python runs them: no schedule follows it.
            schedule.by_ident.clear()
            real_time_again()
        forked[0] = True
        passed_on[0] = True
        extend = ignore
        texts = Forgetful()
        del out[:]
        if isinstance(_sys.stdout, Output):
            _sys.stdout = _sys.stdout._real

    def ignore(record):
        pass

    class Forgetful(dict):
        def __setitem__(self, key, value):
            pass

    def before_fork():
        text(NOTE, 2, 0, 0, 0, 0, 'forked a process: its threads are not followed (Interleave watches one process)')
        flush()
        # Python 3.12+ warns about forking a process with threads (in 3.13 after the fork's
        # hooks have run). The probe's own sending thread is no thread of the program's: when it
        # is the only other one, the warning is not the program's, and it is silenced; when the
        # program has threads of its own, it is Python's to give.
        import warnings
        ours = [f for f in warnings.filters if f[1] is not None and getattr(f[1], 'pattern', '') == fork_warning]
        if threading.active_count() == 1 and not ours:
            warnings.filterwarnings('ignore', message=fork_warning, category=DeprecationWarning)
        elif threading.active_count() > 1 and ours:
            for f in ours:
                warnings.filters.remove(f)
            warnings._filters_mutated()

    fork_warning = 'This process .* is multi-threaded'
    os.register_at_fork(before=before_fork, after_in_child=after_fork)

    probe_thread(sender, ())

    real_stdout = _sys.stdout
    _sys.stdout = Output(real_stdout)

    def finish(code):
        try:
            _sys.stdout.write('')
            partial = _sys.stdout._partial if isinstance(_sys.stdout, Output) else {}
            for ident, rest in list(partial.items()):
                text(PRINTED, 0, 0, 0, 0, 0, rest, ident=ident)
            partial.clear()
        except Exception:
            pass
        # A status no word holds (sys.exit(2**70)) is Python's to turn into one; the record keeps the end.
        extend((END, now(), get_ident(), 0, max(-(1 << 63), min(code, (1 << 63) - 1)), 0, 0, 0))
        flush()
        passed_on[0] = True

    def main_finished():
        # Under control the main thread's code ends at the exit, after its wait for the others.
        if schedule is None:
            extend((THREAD_END, now(), get_ident(), 0, 0, 0, 0, 0))

    real_shutdown = threading._shutdown
    exit_status = [0]

    def shutdown():
        # Python calls this at exit: threading's exit hooks (a pool wakes its idle workers), then
        # the wait for every thread that is not a daemon; after it, the program has ended.
        try:
            me = schedule.running() if schedule is not None else None
            if me is not None:
                # The same steps, with the wait a point of the schedule's (a real wait would hold the turn).
                threading._SHUTTING_DOWN = True
                hooks = threading._threading_atexits[:]
                del threading._threading_atexits[:]
                for hook in reversed(hooks):
                    hook()
                schedule.point(me, lambda: schedule.everyone_else_done(me))
                extend((THREAD_END, now(), get_ident(), 0, 0, 0, 0, 0))
            real_shutdown()
        finally:
            finish(exit_status[0])

    threading._shutdown = shutdown
    return script, report_exception, main_finished, exit_status


def _run():
    script, report_exception, main_finished, exit_status = _install()
    import runpy
    code = 0
    try:
        runpy.run_path(script, run_name='__main__')
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if stop.code is not None and not isinstance(stop.code, int):
            print(stop.code, file=_sys.stderr)
    except BaseException as error:
        report_exception(type(error), error, error.__traceback__)
        # The traceback from the program's own first frame, through the program's hook, as Python shows it.
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != script:
            tb = tb.tb_next
        if tb is not None:
            error = error.with_traceback(tb)
        _sys.excepthook(type(error), error, error.__traceback__)
        # Python's status for an interrupt is the signal's (130 in a shell); for any other, 1.
        code = 130 if isinstance(error, KeyboardInterrupt) else 1
    main_finished()
    exit_status[0] = code
    return code


_KIND_WORDS = ['lock', 'event', 'condition', 'semaphore', 'barrier', 'queue']


def _chooser(options):
    """The policy the probe runs itself, from the control options (`chooser=random` with
    `seed=N`: SplitMix64 as the engine's `random` chooser draws; `chooser=first`: the thread
    waiting longest), as a function of the number of options giving an index; None: Interleave
    answers each choice."""
    named = dict(option.split('=', 1) for option in options if '=' in option)
    kind = named.get('chooser')
    if kind == 'first':
        return lambda count: 0
    if kind != 'random':
        return None
    mask = (1 << 64) - 1
    state = [int(named.get('seed', '0')) & mask]

    def below(count):
        s = (state[0] + 0x9E3779B97F4A7C15) & mask
        state[0] = s
        z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return ((z ^ (z >> 31)) * count) >> 64
    return below

if __name__ == '__main__':
    import os as _os
    if _os.environ.pop('INTERLEAVE_PROBE_ZYGOTE', None) is not None:
        _zygote()
    else:
        _sys.exit(_run())
