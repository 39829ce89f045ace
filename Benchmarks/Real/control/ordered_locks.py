# deadlock made correct (the throughput run's program): both threads take a, then b.
import threading

a = threading.Lock()
b = threading.Lock()


def one():
    with a:
        with b:
            pass


threads = [threading.Thread(target=one), threading.Thread(target=one)]
for t in threads:
    t.start()
for t in threads:
    t.join()
