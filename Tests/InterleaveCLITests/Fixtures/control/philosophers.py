# Dining philosophers, each taking the left fork, then the right: a cycle of waits can form.
import threading

N = 3
forks = [threading.Lock() for _ in range(N)]


def philosopher(i):
    left, right = forks[i], forks[(i + 1) % N]
    with left:
        with right:
            print("philosopher", i, "eats")


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("everyone ate")
