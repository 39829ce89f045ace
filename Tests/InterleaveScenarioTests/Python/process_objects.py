# An instance sent to another process is a copy: changing it there leaves the original as it was.
import multiprocessing
class Box:
    def __init__(self): self.v = 1
def child(q, b):
    b.v = 99; q.put(b)
if __name__ == "__main__":
    b = Box(); q = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(q, b)); p.start()
    r = q.get(); p.join(); print(b.v, r.v)
