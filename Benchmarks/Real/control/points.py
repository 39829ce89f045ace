# Scheduling points per second under control: two threads, 5,000 unlocked increments each; with
# --accesses every read and write of `counter` is a point (20,000 of them, nearly all choices).
import threading

counter = 0


def work():
    global counter
    for _ in range(5000):
        counter += 1


threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
