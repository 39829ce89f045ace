# A Semaphore lets at most two of five downloads run at once.
import threading
import time

slots = threading.Semaphore(2)
active = 0
most = 0
count_lock = threading.Lock()


def download(n):
    global active, most
    with slots:
        with count_lock:
            active += 1
            most = max_of(most, active)
        time.sleep(0.1)
        with count_lock:
            active -= 1
    print(f"download {n} done")


def max_of(a, b):
    return a if a > b else b


threads = [threading.Thread(target=download, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("at most", most, "at once")
