# Which updates two unlocked threads lose: none for counter += 1 (no GIL check point between the
# read and the write), many when a Python function is entered or a C function returns between
# them, none when the read is inside a function that returns it (a return is no check point).
import threading
import time

# Warm the CPU up first: this machine runs a program's first tenth of a second slower.
warm_until = time.perf_counter() + 0.2
while time.perf_counter() < warm_until:
    pass

N = 1000000
counter = 0


def value_of(x):
    return x


def current():
    return counter


def plain():
    global counter
    for _ in range(N):
        counter += 1


def with_call():
    global counter
    for _ in range(N):
        counter = value_of(counter) + 1


def read_in_call():
    global counter
    for _ in range(N):
        counter = current() + 1


def c_call():
    global counter
    for _ in range(N):
        counter = counter + abs(1)


def lost(work):
    global counter
    counter = 0
    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return 100 * (2 * N - counter) / (2 * N)


print(f"updates lost, counter += 1: {lost(plain):.2f} %")
print(f"updates lost, counter = f(counter) + 1: {lost(with_call):.2f} %")
print(f"updates lost, counter = current() + 1: {lost(read_in_call):.2f} %")
print(f"updates lost, counter = counter + abs(1): {lost(c_call):.2f} %")
