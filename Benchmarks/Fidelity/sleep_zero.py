# A thread whose blocking call returns at once (time.sleep(0)) beside a thread spinning in Python:
# how long each call takes to come back.
import threading
import time

N = 100
stop = False


def spin():
    x = 0
    while not stop:
        x += 1


t = threading.Thread(target=spin)
t.start()
time.sleep(0.01)
start = time.perf_counter()
for _ in range(N):
    time.sleep(0)
elapsed = time.perf_counter() - start
stop = True
t.join()
print(f"sleep(0) beside a spinning thread: {elapsed * 1e3 / N:.2f} ms")
