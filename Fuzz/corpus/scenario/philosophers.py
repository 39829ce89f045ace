# philosophers.py — five dining philosophers each take the left fork, then the right: a deadlock.
#
# The classic deadlock. Five philosophers sit at a round table with one fork (a Lock) between
# each pair. To eat, a philosopher picks up the fork on the left, then the one on the right.
# If all five pick up their left fork at about the same time, each one waits for the right
# fork, which the neighbour holds and will not put down: a cycle of waits that never ends.
# THIS RUN IS MEANT TO DEADLOCK: with its seed 5 it ends with exit status 1 and "Deadlock:" in
# the summary, showing the cycle P0 → fork1 → P1 → fork2 → ... → P4 → fork0 → P0.
# Watch for: all five P rows ending in a wait for a lock (L), the lock table (each fork taken
# once, never given back), and who holds and who waits for each fork under "Deadlock:".
# Try other seeds (--seed 1, 2, 3...): most deadlock, but some finish all 15 meals (seeds 1 and
# 10 of the first 20), which is what makes a deadlock so hard to catch in testing (CPython 3.11,
# with a busy loop for compute, deadlocked in 14 of 20 runs on the machine the model is calibrated on). philosophers_ordered.py fixes it for good.
# (`compute(seconds)` is Interleave's stand-in for that much pure-Python work, holding the GIL;
# `expect` is a check the summary counts, which fails the run when it does not hold.)
# interleave: seed = 5
import threading
import time

meals = 0
meals_lock = threading.Lock()
fork0 = threading.Lock()
fork1 = threading.Lock()
fork2 = threading.Lock()
fork3 = threading.Lock()
fork4 = threading.Lock()


def philosopher(n, left, right):
    global meals
    for meal in range(3):
        time.sleep(0.010)               # think
        with left:
            time.sleep(0.000100)        # reach for the other fork
            with right:
                print(f"Philosopher {n} eats meal {meal}")
                compute(0.002)          # eat
                with meals_lock:
                    meals += 1


philosophers = [
    threading.Thread(target=philosopher, args=(0, fork0, fork1), name="P0"),
    threading.Thread(target=philosopher, args=(1, fork1, fork2), name="P1"),
    threading.Thread(target=philosopher, args=(2, fork2, fork3), name="P2"),
    threading.Thread(target=philosopher, args=(3, fork3, fork4), name="P3"),
    threading.Thread(target=philosopher, args=(4, fork4, fork0), name="P4"),
]
for p in philosophers:
    p.start()
for p in philosophers:
    p.join()
print("Everyone has eaten.")
expect(meals == 15, "all five philosophers ate three meals")
