# Three workers sleep at the same time and are joined: together they take one sleep, not three.
import threading
import time

def worker(n):
    print(f"Worker {n} started")
    time.sleep(0.2)
    print(f"Worker {n} finished")

threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("All workers completed.")
