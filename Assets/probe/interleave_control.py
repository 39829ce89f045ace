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
# A thread inside a call that blocks in C (socket I/O) leaves the schedule for it and comes back
# after; when it comes back while another thread runs, the moment was not Interleave's decision,
# and an UNCONTROLLED record says so (the run may not replay).

# Where a thread of the schedule is.
_ARRIVING, _PARKED, _RUNNING, _OUTSIDE, _FINISHED = range(5)

# Virtual nanoseconds a scheduling point takes.
_TICK = 1000


class _Turn:
    """A thread of the program under the schedule: where it is, and the private lock it waits on."""
    __slots__ = ('number', 'ident', 'gate', 'ready', 'deadline', 'since', 'state', 'timed_out', 'daemon',
                 'busy', 'stranded')

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
        self.main = main
        self.turns.append(main)
        self.by_ident[main.ident] = main
        self.holder = main
        # Scheduling points passed (the watchdog's sign of progress), and what it saw last.
        self.steps = 0
        self.watched = None

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
            me.stranded = False
            self.come_back(me, noted=True)
        return me

    def point(self, me, ready=None, timeout=None):
        """A scheduling point of `me`, which goes on when `ready()` (None: at once) or after
        `timeout` seconds; returns False when it goes on because the timeout passed."""
        me.ready = ready
        me.deadline = None if timeout is None or timeout < 0 else self.clock[0] + int(timeout * 1e9)
        me.since = next(self.order)
        me.state = _PARKED
        self.pass_on(me)
        return not me.timed_out

    def pass_on(self, me):
        """Lets the next thread go after `me` (parked, finished, or gone outside) and, when `me`
        is parked and another was chosen, waits until `me` is chosen."""
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
            me.gate.acquire()

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
            if outside and soonest is not None:
                # A thread is outside (in I/O): until it is back, the clock is the real one, up to
                # the first deadline.
                lock.release()
                began = self.real_clock()
                self.arrived.acquire(True, (soonest - now) / 1e9)
                clock[0] = min(soonest, now + int((self.real_clock() - began) * 1e9))
                continue
            if soonest is not None:
                # Every thread waits: the clock jumps to the first deadline.
                clock[0] = soonest
                lock.release()
                continue
            if outside:
                # Only a thread outside (in I/O) can change anything: the first back goes on.
                self.holder = None
                lock.release()
                return None
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
        try:
            self.arrived.release()
        except RuntimeError:
            pass  # already signalled
        turn.gate.acquire()

    def finish(self, turn):
        """The thread's code is done: another goes on."""
        with self.lock:
            was = turn.state
            turn.state = _FINISHED
            if turn in self.turns:
                self.turns.remove(turn)
            if self.by_ident.get(turn.ident) is turn:
                del self.by_ident[turn.ident]
        if was == _RUNNING:
            self.pass_on(turn)

    def leave(self, me):
        """`me` goes into a call that blocks in C (socket I/O): the others go on meanwhile."""
        me.state = _OUTSIDE
        self.pass_on(me)

    def come_back(self, me, noted=False):
        """`me` is back from such a call: it goes on if nobody runs, else waits for its turn."""
        with self.lock:
            if self.holder is None:
                me.state = _RUNNING
                self.holder = me
                return
            me.ready = None
            me.deadline = None
            me.since = next(self.order)
            me.state = _PARKED
            holder = self.holder.number
        if not noted:
            self.note('thread %d came back from I/O while thread %d ran: when, the schedule did not decide'
                      % (me.number, holder))
        try:
            self.arrived.release()
        except RuntimeError:
            pass  # already signalled
        me.gate.acquire()

    def watch(self, moment, frames, patience, where):
        """The watchdog, called every few milliseconds by the probe's own thread (`moment` the real
        clock's seconds, `frames()` every thread's frame). When the running thread has passed no
        scheduling point for `patience` seconds and sits in one call all that time (C code that
        blocks without the GIL: a pipe, a C extension), the others go on without it; it comes
        back at its next point. The run then had a move no decision made, and a note says so."""
        holder = self.holder
        if holder is None or holder.state != _RUNNING or holder.busy:
            self.watched = None
            return
        frame = frames().get(holder.ident)
        seen = (holder, self.steps, frame, frame.f_lasti if frame is not None else -1)
        if self.watched is None or self.watched[0] != seen:
            self.watched = (seen, moment)
            return
        if moment - self.watched[1] < patience:
            return
        self.watched = None
        with self.lock:
            if self.holder is not holder or holder.state != _RUNNING or holder.busy:
                return
            holder.state = _OUTSIDE
            holder.stranded = True
        line = where(frame)
        self.note('thread %d spent %.2f s in one call%s that Interleave does not control (C code that blocks): '
                  'the others went on without it, so this run may not replay'
                  % (holder.number, patience, ' at line %d' % line if line else ''))
        chosen = self.decide()
        if chosen is not None:
            chosen.gate.release()

    def everyone_else_done(self, me):
        """Whether every thread but `me` and the daemons has finished (the program's end can come)."""
        return all(t is me or t.daemon or t.state == _FINISHED for t in self.turns)


def _since(turn):
    return turn.since


def _never():
    return False
