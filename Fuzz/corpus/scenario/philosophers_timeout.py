# Dining philosophers who give up waiting: acquire(timeout=...) breaks the deadlock.
import threading
import time

forks = [threading.Lock(), threading.Lock(), threading.Lock()]
eaten = []
record = threading.Lock()


def philosopher(i):
    left, right = forks[i], forks[(i + 1) % 3]
    while True:
        with left:
            time.sleep(0.01)
            if right.acquire(timeout=0.05):
                try:
                    with record:
                        eaten.append(i)
                    return
                finally:
                    right.release()
        time.sleep(0.01 * (i + 1))


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("everyone ate:", sorted(eaten))
