# Three workers meet at a Barrier after each of two phases.
import threading

barrier = threading.Barrier(3)
log_lock = threading.Lock()
log = []


def worker(n):
    for phase in range(2):
        with log_lock:
            log.append(f"w{n}p{phase}")
        barrier.wait()


threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
phase_zero_first = True
for i in range(3):
    if not log[i].endswith("p0"):
        phase_zero_first = False
print("every phase 0 entry came before phase 1:", phase_zero_first)
print("entries:", len(log))
