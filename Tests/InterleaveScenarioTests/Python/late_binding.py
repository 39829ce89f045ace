# Late binding: a lambda sees the locals it uses as they are when it runs, in a function, a loop and a comprehension.
import threading
import time

def make():
    n = 1
    f = lambda: n * 10
    n = 2
    return f

print(make()())

seen = []
def work(x):
    seen.append(x)

threads = []
for i in range(3):
    t = threading.Thread(target=lambda: work(i))
    threads.append(t)
for t in threads:
    t.start()
for t in threads:
    t.join()
print(seen)

counter = 0
def bump():
    global counter
    counter += 1
step = lambda: bump()
step()
print(counter)
funcs = [lambda: k for k in range(3)]
print([g() for g in funcs])
