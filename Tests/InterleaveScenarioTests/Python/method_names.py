# Methods of the program's classes named like built-in ones (get, join) leave queues and threads theirs.
import queue
import threading

class Mailbox:
    def __init__(self):
        self.q = queue.Queue()
    def get(self, timeout=None):
        return self.q.get(timeout=timeout)
    def join(self):
        return "joined mailbox"

m = Mailbox()
m.q.put(1)
print(m.get(timeout=0.5))
q = queue.Queue()
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("empty")
def w():
    pass
t = threading.Thread(target=w)
t.start()
t.join(timeout=1)
print(m.join(), t.is_alive())
