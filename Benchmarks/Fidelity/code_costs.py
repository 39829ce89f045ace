# What a loop iteration of each kind of code costs, in one thread (the GIL is never contended).
import threading
import time

# Warm the CPU up first: this machine runs a program's first tenth of a second slower.
warm_until = time.perf_counter() + 0.2
while time.perf_counter() < warm_until:
    pass

N = 200000
counter = 0


class Box:
    def __init__(self):
        self.v = 0


def nothing():
    pass


def empty_loop():
    for _ in range(N):
        pass


def local_add():
    x = 0
    for _ in range(N):
        x = x + 1


def global_add():
    global counter
    for _ in range(N):
        counter += 1


def attribute_add():
    box = Box()
    for _ in range(N):
        box.v += 1


def python_call():
    for _ in range(N):
        nothing()


def c_call():
    x = -3
    for _ in range(N):
        abs(x)


def c_method():
    items = []
    for _ in range(N):
        items.append(1)


def uncontended_lock():
    lock = threading.Lock()
    for _ in range(N):
        with lock:
            pass


def ns_per_iteration(function):
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1e9 / N


print(f"empty loop iteration: {ns_per_iteration(empty_loop):.1f} ns")
print(f"x = x + 1 (a local): {ns_per_iteration(local_add):.1f} ns")
print(f"counter += 1 (a global): {ns_per_iteration(global_add):.1f} ns")
print(f"box.v += 1 (an attribute): {ns_per_iteration(attribute_add):.1f} ns")
print(f"f() (a Python function): {ns_per_iteration(python_call):.1f} ns")
print(f"abs(x) (a C function): {ns_per_iteration(c_call):.1f} ns")
print(f"items.append(1) (a C method): {ns_per_iteration(c_method):.1f} ns")
print(f"with lock: pass (uncontended): {ns_per_iteration(uncontended_lock):.1f} ns")
