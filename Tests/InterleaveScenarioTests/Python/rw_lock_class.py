# A reader-writer lock built from a Condition: many readers at once, one writer alone.
import threading
import time


class ReadWriteLock:
    def __init__(self):
        self.cond = threading.Condition()
        self.readers = 0
        self.writing = False

    def acquire_read(self):
        with self.cond:
            while self.writing:
                self.cond.wait()
            self.readers += 1

    def release_read(self):
        with self.cond:
            self.readers -= 1
            if self.readers == 0:
                self.cond.notify_all()

    def acquire_write(self):
        with self.cond:
            while self.writing or self.readers > 0:
                self.cond.wait()
            self.writing = True

    def release_write(self):
        with self.cond:
            self.writing = False
            self.cond.notify_all()


rw = ReadWriteLock()
data = {"version": 0}
seen = []


def reader(name):
    for _ in range(3):
        rw.acquire_read()
        try:
            seen.append(data["version"])
            time.sleep(0.01)
        finally:
            rw.release_read()


def writer():
    for _ in range(2):
        rw.acquire_write()
        try:
            data["version"] += 1
            time.sleep(0.01)
        finally:
            rw.release_write()


threads = [threading.Thread(target=reader, args=(f"r{i}",)) for i in range(3)] + [threading.Thread(target=writer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("final version:", data["version"], "reads:", len(seen))
