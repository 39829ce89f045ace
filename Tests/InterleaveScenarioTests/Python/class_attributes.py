# Class attributes: a counter and a lock that every instance shares, a subclass's own default,
# and an instance attribute that hides the class's (the classic `self.count += 1` surprise).
import threading


class Worker(threading.Thread):
    active = 0
    finished = []
    lock = threading.Lock()
    greeting = "hi"

    def __init__(self, n):
        super().__init__(name=f"W{n}")
        self.n = n

    def run(self):
        with Worker.lock:
            Worker.active += 1
        with self.lock:
            self.finished.append(self.n)
            Worker.active -= 1


class Polite(Worker):
    greeting = "hello"


workers = [Worker(i) for i in range(3)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(Worker.active, sorted(Worker.finished), workers[0].greeting, Polite.greeting, Polite.active)
p = Polite(9)
p.greeting = "yo"
print(p.greeting, Polite.greeting, Worker.greeting)
w = workers[0]
w.active += 5
print(w.active, Worker.active)
