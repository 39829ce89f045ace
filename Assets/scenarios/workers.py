# workers.py — five workers each sleep 2 s, and main joins them all: 2 s in all, not 10.
#
# The tutorial's first program. Each worker prints, sleeps for two seconds and prints again;
# the main thread starts them one after another and then waits for every one with join.
# Watch for: all five sleep at the same time, because sleeping releases the GIL, so the whole
# run takes about 2 s of virtual time. "All workers completed." comes last, after the last join.
import threading
import time


def worker(n):
    print(f"Worker {n} started")
    time.sleep(2)
    print(f"Worker {n} finished")


threads = []
for i in range(5):
    t = threading.Thread(target=worker, args=(i,), name=f"Worker-{i}")
    threads.append(t)
    t.start()

for t in threads:
    t.join()
print("All workers completed.")
