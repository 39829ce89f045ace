# Dining philosophers, ordered: each takes the lower-numbered fork first, so no cycle can form.
import threading
import time

N = 5
forks = [threading.Lock() for _ in range(N)]
meals = [0] * N


def philosopher(i):
    left, right = forks[i], forks[(i + 1) % N]
    first, second = (left, right) if i < (i + 1) % N else (right, left)
    for _ in range(3):
        with first:
            with second:
                meals[i] += 1
                time.sleep(0.01)


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("meals:", meals)
