# Two threads add to a global counter under a Lock: no update is lost.
import threading

counter = 0
lock = threading.Lock()


def add(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1


threads = [threading.Thread(target=add, args=(20000,), name=f"adder-{i}") for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter =", counter)
assert counter == 40000, "an update was lost"
