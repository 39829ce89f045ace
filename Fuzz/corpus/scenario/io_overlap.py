# I/O-bound threads overlap: four 0.2 s waits take 0.2 s together, not 0.8 s.
import threading
import time


def wait_for_io():
    time.sleep(0.2)


start = time.perf_counter()
threads = [threading.Thread(target=wait_for_io) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
total = time.perf_counter() - start
print("overlapped:", total < 0.4)
