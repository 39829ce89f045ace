# Workers that mark each item done, and a main thread that waits in queue.join() for all of them.
import queue
import threading
import time

tasks = queue.Queue()
results = []
results_lock = threading.Lock()


def worker(n):
    while True:
        item = tasks.get()
        try:
            time.sleep(0.01 * item)
            with results_lock:
                results.append(item * 10)
        finally:
            tasks.task_done()


for n in range(3):
    threading.Thread(target=worker, args=(n,), daemon=True).start()

for item in range(1, 7):
    tasks.put(item)
tasks.join()
print("all done:", sorted(results))

for item in range(7, 9):
    tasks.put(item)
tasks.join()
print("and then:", sorted(results)[-2:])
try:
    tasks.task_done()
except ValueError as e:
    print("ValueError:", e)
