# A counter object shared by threads, and a context manager of the program's own.
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self.lock = threading.RLock()

    def increment(self, times):
        for _ in range(times):
            with self.lock:
                self.value += 1

    def read(self):
        with self.lock:
            return self.value


class Section:
    def __init__(self, counter, label):
        self.counter = counter
        self.label = label

    def __enter__(self):
        self.counter.lock.acquire()
        return self

    def __exit__(self, kind, value, traceback):
        self.counter.lock.release()
        return False


counter = Counter()
threads = [threading.Thread(target=counter.increment, args=(500,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with Section(counter, "final") as section:
    print(section.label, counter.read())
