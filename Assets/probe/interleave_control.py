# Interleave's scheduler inside a real Python process (`interleave run prog.py --real --control`).
#
# This file comes before interleave_probe.py in the one source the probe runs; the probe makes a
# `_Schedule` when Interleave asks for control, and its wrappers call it at every scheduling point.
#
# Only one of the program's threads runs at a time: the one holding the turn. At a scheduling
# point (an operation on a lock or another object, a thread's start, end or join, a sleep) the
# thread stops, says what it waits for (a `ready` test, a timeout), and the schedule decides who
# goes next among the threads whose operation can proceed: alone, when there is one; otherwise
# Interleave decides (a CHOICE record, answered with the chosen thread's number). The others wait
# on private locks of their own, so no thread ever blocks inside the program's locks (their state
# is tested before a thread is let go: "shadow locking", as Fray and Coyote do it).
#
# Time is virtual: the clock moves a microsecond at each scheduling point, and jumps to the next
# deadline (a sleep, a timeout) when every thread waits; `time.sleep`, timeouts and the clock
# reads of `time` use it, so a program of sleeping workers runs at once and the same way each time.
#
# A thread keeps the turn through a call that may block in C (socket I/O, a pipe); one that blocks
# is left behind by the watchdog (the probe's own thread) so the others go on, and comes back at
# its next point; while nobody can run but such a thread, the clock is the real one. When the run
# moves on so, the moment was not Interleave's decision, and an UNCONTROLLED record says so (the
# run may not replay).

# Where a thread of the schedule is.
_ARRIVING, _PARKED, _RUNNING, _OUTSIDE, _FINISHED = range(5)

# Virtual nanoseconds a scheduling point takes.
_TICK = 1000


class _Turn:
    """A thread of the program under the schedule: where it is, and the private lock it waits on."""
    __slots__ = ('number', 'ident', 'gate', 'ready', 'deadline', 'since', 'state', 'timed_out', 'daemon',
                 'busy', 'stranded', 'blocking')

    def __init__(self, number, daemon, allocate):
        self.number = number
        self.ident = 0
        self.gate = allocate()
        self.gate.acquire()
        self.ready = None
        self.deadline = None
        self.since = 0
        self.state = _ARRIVING
        self.timed_out = False
        self.daemon = daemon
        # Inside the schedule's own code (a `__del__` run there must not make a point of its own).
        self.busy = False
        # Left behind by the watchdog inside a call that blocked: it comes back at its next point.
        self.stranded = False
        # Inside a call known to block (socket I/O): the watchdog leaves it behind sooner.
        self.blocking = False


class _Schedule:
    """Who of the program's threads runs, one at a time, and the virtual clock.

    `ask(turns)` asks Interleave to choose among several threads and returns the chosen one;
    `stuck(turns)` reports that no thread can go on; `note(words)` that the schedule moved on
    without a decision; `real_clock()` is the real monotonic clock (seconds)."""

    def __init__(self, allocate, get_ident, ask, stuck, note, real_clock):
        import itertools
        self.real_clock = real_clock
        self.allocate = allocate
        self.get_ident = get_ident
        self.ask = ask
        self.stuck = stuck
        self.note = note
        self.clock = [0]
        self.order = itertools.count(1)
        # Changes made by threads outside the schedule (arriving, coming back) and the holder's
        # reading of them are made under this lock.
        self.lock = allocate()
        self.arrived = allocate()
        self.arrived.acquire()
        self.arriving = 0
        self.turns = []
        self.by_ident = {}
        main = _Turn(0, False, allocate)
        main.ident = get_ident()
        main.state = _RUNNING
        self.turns.append(main)
        self.by_ident[main.ident] = main
        self.holder = main
        # Scheduling points passed (the watchdog's sign of progress), and what it saw last.
        self.steps = 0
        self.watched = None
        # When nobody runs because a thread is out: the real time and the clock then.
        self.idle = None
        # Threads started with `_thread` (not `threading`) still running: the schedule does not run
        # them, but they may wake one of its threads.
        self.strangers = 0

    def running(self):
        """The turn of the calling thread when it runs under the schedule, else None (a thread the
        schedule does not know, or one arriving, outside, or inside the schedule itself)."""
        me = self.by_ident.get(self.get_ident())
        if me is None or me.busy:
            return None
        if me.state != _RUNNING:
            if me.state != _OUTSIDE or not me.stranded:
                return None
            # Back from the call the watchdog left it in: it waits for its turn again.
            self.come_back(me)
        return me

    def point(self, me, ready=None, timeout=None):
        """A scheduling point of `me`, which goes on when `ready()` (None: at once) or after
        `timeout` seconds (None or negative: no timeout); returns False when it goes on because
        the timeout passed."""
        with self.lock:
            stranded = me.state != _RUNNING
            if not stranded:
                me.ready = ready
                me.deadline = None if timeout is None or timeout < 0 else self.clock[0] + int(timeout * 1e9)
                me.since = next(self.order)
                me.state = _PARKED
        if stranded:
            # The watchdog left it behind just now (it was in a long call): back in line first.
            self.come_back(me)
            return self.point(me, ready, timeout)
        self.pass_on(me)
        return not me.timed_out

    def pass_on(self, me):
        """Lets the next thread go after `me` (parked, or finished) and, when `me` is parked and
        another was chosen, waits until `me` is chosen."""
        me.busy = True
        try:
            chosen = self.decide()
        finally:
            me.busy = False
        if chosen is me:
            return
        if chosen is not None:
            chosen.gate.release()
        if me.state == _PARKED:
            self.wait_for_turn(me)

    @staticmethod
    def wait_for_turn(me):
        """Waits on `me`'s private lock until it is chosen. An exception a signal handler raises
        meanwhile (KeyboardInterrupt) waits for the turn too, then is raised: the thread never
        runs out of turn."""
        try:
            me.gate.acquire()
        except BaseException:
            while True:
                try:
                    me.gate.acquire()
                    break
                except BaseException:
                    continue
            raise

    def decide(self):
        """The thread that goes next (marked running), or None when none can go now."""
        clock = self.clock
        clock[0] += _TICK
        self.steps += 1
        lock = self.lock
        while True:
            lock.acquire()
            if self.arriving:
                # A thread just started reaches its first point soon: decide with it there.
                lock.release()
                self.arrived.acquire(True, 0.05)
                continue
            ready = []
            soonest = None
            outside = False
            now = clock[0]
            for t in self.turns:
                state = t.state
                if state == _PARKED:
                    test = t.ready
                    if test is None or test():
                        ready.append(t)
                    elif t.deadline is not None:
                        if t.deadline <= now:
                            ready.append(t)
                        elif soonest is None or t.deadline < soonest:
                            soonest = t.deadline
                elif state == _OUTSIDE:
                    outside = True
            if ready:
                lock.release()
                break
            if self.strangers and soonest is None:
                # A thread the schedule does not run, still alive, may yet wake one.
                outside = True
            if outside:
                # Only a thread outside (in a call that blocks) can change anything now: the first
                # back goes on, and meanwhile the clock is the real one (the watchdog wakes a
                # thread whose deadline passes).
                self.holder = None
                self.idle = (self.real_clock(), clock[0])
                lock.release()
                return None
            if soonest is not None:
                # Every thread waits: the clock jumps to the first deadline.
                clock[0] = soonest
                lock.release()
                continue
            lock.release()
            self.holder = None
            self.stuck([t for t in self.turns if t.state == _PARKED])
            return None
        if len(ready) > 1:
            ready.sort(key=_since)
            chosen = self.ask(ready)
        else:
            chosen = ready[0]
        test = chosen.ready
        chosen.timed_out = not (test is None or test())
        chosen.state = _RUNNING
        self.holder = chosen
        return chosen

    # Threads coming and going ---------------------------------------------------------------------

    def starting(self, number, daemon):
        """The turn of a thread about to be started; the schedule waits for it to arrive."""
        turn = _Turn(number, daemon, self.allocate)
        with self.lock:
            self.turns.append(turn)
            self.arriving += 1
        return turn

    def failed_to_start(self, turn):
        with self.lock:
            if turn.state == _ARRIVING:
                self.arriving -= 1
            turn.state = _FINISHED
            if turn in self.turns:
                self.turns.remove(turn)

    def begins(self, turn):
        """The new thread names itself (its first moments, before its first point, are not scheduled)."""
        turn.ident = self.get_ident()
        self.by_ident[turn.ident] = turn

    def arrive(self, turn):
        """The new thread reaches its first point (before its code runs) and waits to be chosen."""
        with self.lock:
            turn.ready = None
            turn.deadline = None
            turn.since = next(self.order)
            turn.state = _PARKED
            self.arriving -= 1
        self.signal()
        self.wait_for_turn(turn)

    def finish(self, turn):
        """The thread's code is done: another goes on (when it had the turn, or nobody has it)."""
        with self.lock:
            was = turn.state
            turn.state = _FINISHED
            if turn in self.turns:
                self.turns.remove(turn)
            if self.by_ident.get(turn.ident) is turn:
                del self.by_ident[turn.ident]
            # One the watchdog left behind ends without another point: if nobody runs, it decides.
            take = was == _RUNNING or (was == _OUTSIDE and self.holder is None)
            if take:
                self.holder = turn
        if take:
            self.pass_on(turn)

    def come_back(self, me):
        """`me` is back from a call the watchdog left it in: it goes on if nobody runs (the clock
        then moves on by the real time it was out), else waits for its turn."""
        with self.lock:
            me.stranded = False
            if self.holder is None:
                if self.idle is not None:
                    began, at = self.idle
                    self.clock[0] = max(self.clock[0], at + int((self.real_clock() - began) * 1e9))
                    self.idle = None
                me.state = _RUNNING
                self.holder = me
                return
            me.ready = None
            me.deadline = None
            me.since = next(self.order)
            me.state = _PARKED
            holder = self.holder.number
        self.note('thread %d came back from a blocking call while thread %d ran: when, the schedule did not decide'
                  % (me.number, holder))
        self.signal()
        self.wait_for_turn(me)

    def signal(self):
        """Wakes a decision waiting for a thread to arrive."""
        try:
            self.arrived.release()
        except RuntimeError:
            pass  # already signalled

    def stranger(self, function):
        """`function` for a thread started with `_thread`: counted while it runs, and told about."""
        with self.lock:
            self.strangers += 1
        self.note('a thread started with _thread, not threading, runs outside the schedule: what it does '
                  'is not decided, so this run may not replay')

        def run(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            finally:
                with self.lock:
                    self.strangers -= 1
        return run

    def everyone_else_done(self, me):
        """Whether every thread but `me` and the daemons has finished (the program's end can come)."""
        return all(t is me or t.daemon or t.state == _FINISHED for t in self.turns)

    def watch(self, moment, frames, where):
        """The watchdog, called every few milliseconds by the probe's own thread (`moment` the real
        clock's seconds, `frames()` every thread's frame).

        When the running thread has passed no scheduling point for a while (a quarter of a second;
        5 ms in a call known to block, such as socket I/O) and sits in one call all that time (C
        code that blocks without the GIL: a pipe, a C extension), while another thread waits, the
        others go on without it; it comes back at its next point. The run then had a move no
        decision made, and a note says so. When nobody runs because a thread is out, a deadline
        the real clock has passed wakes its thread."""
        holder = self.holder
        if holder is None:
            self.wake_sleepers(moment)
            self.watched = None
            return
        if holder.state != _RUNNING or holder.busy:
            self.watched = None
            return
        frame = frames().get(holder.ident)
        seen = (holder, self.steps, frame, frame.f_lasti if frame is not None else -1)
        if self.watched is None or self.watched[0] != seen:
            self.watched = (seen, moment)
            return
        patience = 0.005 if holder.blocking else 0.25
        if moment - self.watched[1] < patience:
            return
        with self.lock:
            others = any(t is not holder and t.state == _PARKED for t in self.turns)
            if not others or self.holder is not holder or holder.state != _RUNNING or holder.busy:
                return
            self.watched = None
            holder.state = _OUTSIDE
            holder.stranded = True
            # The watchdog decides now: nobody else may take the turn meanwhile.
            self.holder = _WATCHDOG
        line = where(frame)
        self.note('thread %d spent %s in %s%s that Interleave does not control: the others went on without it, '
                  'so this run may not replay'
                  % (holder.number, '5 ms' if holder.blocking else '0.25 s',
                     'a blocking call' if holder.blocking else 'one call', ' at line %d' % line if line else ''))
        chosen = self.decide()
        if chosen is not None:
            chosen.gate.release()

    def wake_sleepers(self, moment):
        """Nobody runs, a thread being out: the clock follows the real one, and the first thread
        whose deadline that passes goes on."""
        with self.lock:
            if self.holder is not None or self.idle is None:
                return
            began, at = self.idle
            now = at + int((moment - began) * 1e9)
            parked = [t for t in self.turns if t.state == _PARKED]
            # A thread outside the schedule may have made one ready (set an Event).
            woken = any(t.ready is not None and t.ready() for t in parked)
            due = [t.deadline for t in parked if t.deadline is not None]
            if not woken and (not due or min(due) > now):
                return
            if not woken:
                self.clock[0] = max(self.clock[0], min(due))
            else:
                self.clock[0] = max(self.clock[0], now)
            self.idle = None
            self.holder = _WATCHDOG
        chosen = self.decide()
        if chosen is not None:
            chosen.gate.release()


class _NoLock:
    """The watchdog's stand-in turn's lock: nobody waits on it."""
    def acquire(self, *args):
        return True

    def release(self):
        pass


# The holder while the watchdog decides (no thread of the program's).
_WATCHDOG = _Turn(-1, True, _NoLock)


def _since(turn):
    return turn.since


def _never():
    return False
