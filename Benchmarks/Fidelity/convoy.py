# The convoy effect: a thread doing short blocking waits (1 ms each) beside a thread spinning in
# Python pays for the GIL after every wait.
import threading
import time

N = 50
stop = False


def spin():
    x = 0
    while not stop:
        x += 1


start = time.perf_counter()
for _ in range(N):
    time.sleep(0.001)
alone = time.perf_counter() - start
t = threading.Thread(target=spin)
t.start()
time.sleep(0.01)
start = time.perf_counter()
for _ in range(N):
    time.sleep(0.001)
beside = time.perf_counter() - start
stop = True
t.join()
print(f"a 1 ms sleep, alone: {alone * 1e3 / N:.2f} ms")
print(f"a 1 ms sleep beside a spinning thread: {beside * 1e3 / N:.2f} ms")
