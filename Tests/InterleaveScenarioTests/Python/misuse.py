# Misusing an object raises what Python raises: RuntimeError, ValueError, BrokenBarrierError.
import threading
lock = threading.Lock()
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
def f(l):
    try:
        l.release()
    except RuntimeError as e:
        print("in thread:", e)
t = threading.Thread(target=f, args=(threading.Lock(),))
t.start()
t.join()
try:
    t.start()
except RuntimeError as e:
    print(e)
s = threading.BoundedSemaphore(1)
try:
    s.release()
except ValueError as e:
    print(e)
c = threading.Condition()
try:
    c.notify()
except RuntimeError as e:
    print(e)
try:
    c.wait()
except RuntimeError as e:
    print(e)
u = threading.Thread(target=f, args=(lock,))
try:
    u.join()
except RuntimeError as e:
    print(e)
b = threading.Barrier(2)
try:
    b.wait(timeout=0.05)
except threading.BrokenBarrierError:
    print("broken")
print("done")
