# Two threads add to a counter under a lock, as the tutorial's counter does (fewer times).
import threading

counter = 0
lock = threading.Lock()

def increment():
    global counter
    for _ in range(2000):
        with lock:
            counter += 1

threads = [threading.Thread(target=increment) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"Final counter value: {counter}")
