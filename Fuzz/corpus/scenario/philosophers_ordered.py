# philosophers_ordered.py — the dining philosophers fixed by lock ordering: lower-numbered fork first.
#
# philosophers.py with one change. Every philosopher picks up the lower-numbered of its two
# forks first. For P0..P3 that is still the left fork, but P4, whose forks are fork4 (left) and
# fork0 (right), now reaches for fork0 first. A cycle of waits would need someone holding a
# higher-numbered fork while waiting for a lower one, and nobody ever does that: no deadlock.
# Watch for: the philosophers waiting on forks (L) now and then, but every wait ending; all 15
# meals eaten and exit status 0 on every seed and policy (try --seed 5, which deadlocks the
# unordered version, or --policy free).
# (`compute(seconds)` is Interleave's stand-in for that much pure-Python work, holding the GIL;
# `expect` is a check the summary counts, which fails the run when it does not hold.)
import threading
import time

meals = 0
meals_lock = threading.Lock()
fork0 = threading.Lock()
fork1 = threading.Lock()
fork2 = threading.Lock()
fork3 = threading.Lock()
fork4 = threading.Lock()


def philosopher(n, first, second):
    global meals
    for meal in range(3):
        time.sleep(0.010)               # think
        with first:
            time.sleep(0.000050)        # reach for the other fork
            with second:
                print(f"Philosopher {n} eats meal {meal}")
                compute(0.002)          # eat
                with meals_lock:
                    meals += 1


philosophers = [
    threading.Thread(target=philosopher, args=(0, fork0, fork1), name="P0"),
    threading.Thread(target=philosopher, args=(1, fork1, fork2), name="P1"),
    threading.Thread(target=philosopher, args=(2, fork2, fork3), name="P2"),
    threading.Thread(target=philosopher, args=(3, fork3, fork4), name="P3"),
    threading.Thread(target=philosopher, args=(4, fork0, fork4), name="P4"),  # fork0 before fork4: the fix
]
for p in philosophers:
    p.start()
for p in philosophers:
    p.join()
print("Everyone has eaten.")
expect(meals == 15, "all five philosophers ate three meals")
