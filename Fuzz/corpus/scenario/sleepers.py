# Five workers sleep at the same time; the main thread joins them all (about 1 s in all).
import threading
import time


def worker(n, delay):
    print(f"worker {n} sleeps {delay:.1f}s")
    time.sleep(delay)
    print(f"worker {n} woke")


threads = [threading.Thread(target=worker, args=(i, 0.5 + i / 10)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("all workers woke")
