# unlocked_counter_call.py — a function call between the read and the write loses updates even under the GIL.
#
# The unlocked counter again, under CPython's GIL this time, but each increment reads the
# counter, passes the value through a function and writes the result back. The GIL changes
# hands only at check points, and entering a function is one: when the other thread has asked
# for the GIL, the holder drops it right there, holding a value it read but has not written
# back. When it runs again it writes that stale value over everything the
# other thread added meanwhile.
# Watch for: the GIL passing between Adder-1 and Adder-2 (# and g swapping) every switch
# interval, and the final counter in "Shared:" far below 20000. With --events, find
# "released the GIL (dropRequest)" just after a "read counter", and the "wrote counter = ..."
# with a much bigger "(was ...)" when that thread resumes.
# THIS RUN IS MEANT TO FAIL: its expectation is what the program wants, and updates are lost.
# The switch interval is 100 µs here so the GIL changes hands often while the loop runs (it
# takes under a millisecond); with the default (--switch-interval 5ms) a thread is done
# before the other asks for the GIL, and nothing is lost: raise the loop to 100000 to see
# it lose updates at 5 ms too, as CPython 3.11 does. unlocked_counter.py,
# with no call in between, never loses an update under the GIL.
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
# interleave: policy = gil
# interleave: switch_interval = 100us
import threading

counter = 0


def add_one(x):
    return x + 1


def increment():
    global counter
    for _ in range(10000):
        value = counter
        value = add_one(value)
        counter = value


t1 = threading.Thread(target=increment, name="Adder-1")
t2 = threading.Thread(target=increment, name="Adder-2")
t1.start()
t2.start()
t1.join()
t2.join()
print(f"counter = {counter}, lost {20000 - counter} updates")
expect(counter == 20000, "every increment was counted")
