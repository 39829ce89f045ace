# counter = f(counter) + 1: a read, a call, then a write; another thread's write can come between.
import threading

counter = 0


def value_of(x):
    return x


def add(times):
    global counter
    for _ in range(times):
        counter = value_of(counter) + 1


threads = [threading.Thread(target=add, args=(100000,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("both threads are done")
