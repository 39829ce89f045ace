# Starting a thread that does nothing and joining it, again and again.
import threading
import time

# Warm the CPU up first: this machine runs a program's first tenth of a second slower.
warm_until = time.perf_counter() + 0.2
while time.perf_counter() < warm_until:
    pass

N = 300


def nothing():
    pass


start = time.perf_counter()
for _ in range(N):
    t = threading.Thread(target=nothing)
    t.start()
    t.join()
print(f"thread start and join: {(time.perf_counter() - start) * 1e6 / N:.1f} us")
