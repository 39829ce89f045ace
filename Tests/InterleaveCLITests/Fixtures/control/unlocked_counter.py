# Two threads add to a shared counter without a lock: `counter += 1` reads, then writes.
import threading

counter = 0


def increment():
    global counter
    for _ in range(3):
        counter += 1


threads = [threading.Thread(target=increment) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"Final counter value: {counter}")
