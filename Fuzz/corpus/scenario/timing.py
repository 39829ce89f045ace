# A program that times itself: the virtual clock gives the figure CPython's wall clock would.
import threading
import time


def io_task():
    time.sleep(0.25)


start = time.time()
threads = [threading.Thread(target=io_task) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.time() - start
print(f"four 0.25 s waits at once took {elapsed:.1f} s")
