# unlocked_counter.py — two threads add to one counter without a lock, and updates are lost.
#
# The tutorial's race condition: lock_counter.py without the lock. `counter += 1` is a read and
# then a write; when the other thread writes in between, one thread writes back a stale value and
# the other thread's increment is lost. This runs free-threaded (Python 3.13t, no GIL), where
# both threads really run at once on the two cores, so the result falls well short of 20000.
# THIS RUN IS MEANT TO FAIL: the expectation at the end is what the program wants, and with
# seed 2 it ends with exit status 1, thousands of updates short.
# Watch for: the final counter in "Shared:", "DATA RACE" and "LOST UPDATE" in the summary, and
# with --events both threads reading the same value, then a write such as
# "wrote counter = 125 (was 125)" followed by the LOST UPDATE that names whose write it undid.
# Try other seeds: most lose updates, some happen to keep the threads out of step and lose
# none, though the race is reported all the same: a race does not show on every run.
# Try --policy gil: nothing is lost, because the GIL only changes hands at check points and
# there is none between the read and the write (see unlocked_counter_call.py); the race is
# still reported, since the GIL is no synchronization. --policy gil-legacy --switch-interval 100us
# (the old GIL, which could switch between any two instructions) loses updates again.
# `interleave explore unlocked_counter` finds a failing schedule and saves it for replay.
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
# interleave: policy = free
# interleave: seed = 2
import threading

counter = 0


def increment():
    global counter
    for _ in range(10000):
        counter += 1


t1 = threading.Thread(target=increment, name="Adder-1")
t2 = threading.Thread(target=increment, name="Adder-2")
t1.start()
t2.start()
t1.join()
t2.join()
print(f"counter = {counter}, lost {20000 - counter} updates")
expect(counter == 20000, "every increment was counted")
