# Three threads take turns with a lock for about three seconds: long enough to watch, or to stop.
import threading
import time

lock = threading.Lock()

def work():
    for _ in range(100):
        with lock:
            time.sleep(0.01)
        time.sleep(0.005)

threads = [threading.Thread(target=work) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
