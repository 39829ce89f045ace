# barrier.py — three threads work in phases of different lengths and meet at a Barrier in between.
#
# The tutorial's Barrier example. Each worker does three phases; how long a phase takes
# depends on the worker and the phase. Barrier(3) makes each one wait at the end of a phase
# until all three have finished it, so no one starts phase 2 while another is still in phase 1.
# b.wait() returns a different number (0, 1 or 2) to each of the three.
# Watch for: in each phase the fast workers waiting at the barrier (B) for the slowest one, and
# all three rows starting the next phase at the same instant. Each phase lasts as long as its
# slowest worker: 300 + 300 + 300 ms = 900 ms in all.
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
import threading
import time

finished_phase = 0
lock = threading.Lock()
b = threading.Barrier(3)


def worker(n):
    global finished_phase
    for phase in range(3):
        time.sleep(0.1 * ((n + phase) % 3 + 1))
        with lock:
            finished_phase += 1
        print(f"Worker {n} finished phase {phase}, waiting at the barrier")
        i = b.wait()
        with lock:
            expect(finished_phase >= 3 * (phase + 1), "nobody passes the barrier before all three finished the phase")
        if i == 0:
            print(f"--- all three finished phase {phase} ---")


threads = [threading.Thread(target=worker, args=(n,), name=f"Worker-{n}") for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
expect(finished_phase == 9, "every worker finished every phase")
