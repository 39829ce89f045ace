# The tutorial's workers, shorter: five threads that each sleep 0.2 s, joined by the main thread.
import threading
import time


def worker(n):
    time.sleep(0.2)


start = time.perf_counter()
threads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"five workers sleeping 0.2 s: {(time.perf_counter() - start) * 1e3:.1f} ms")
