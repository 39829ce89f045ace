# Two threads pass the turn back and forth with Events: every round trip is two wake-ups of a
# thread blocked without the GIL.
import threading
import time

# Warm the CPU up first: this machine runs a program's first tenth of a second slower.
warm_until = time.perf_counter() + 0.2
while time.perf_counter() < warm_until:
    pass

ROUNDS = 2000
go = threading.Event()
back = threading.Event()


def partner():
    for _ in range(ROUNDS):
        go.wait()
        go.clear()
        back.set()


t = threading.Thread(target=partner)
t.start()
start = time.perf_counter()
for _ in range(ROUNDS):
    go.set()
    back.wait()
    back.clear()
elapsed = time.perf_counter() - start
t.join()
print(f"Event round trip between two threads: {elapsed * 1e6 / ROUNDS:.1f} us")
