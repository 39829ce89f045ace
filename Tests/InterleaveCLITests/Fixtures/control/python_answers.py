# What CPython answers, under the schedule too: negative timeouts return at once; a set of
# strings and the program's random numbers come out the same in a run again.
import random
import threading

cond = threading.Condition()
event = threading.Event()
with cond:
    print("wait(-1):", cond.wait(-1))
print("event.wait(-0.5):", event.wait(-0.5))
t = threading.Thread(target=event.wait)
t.start()
t.join(-1)
print("join(-1): alive", t.is_alive())
event.set()
t.join()
names = {"alpha", "beta", "gamma", "delta"}
order = []
threads = [threading.Thread(target=order.append, args=(name,)) for name in names]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(order), "names;", "a draw", random.random() < 2)
