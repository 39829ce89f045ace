# Lambdas as values: called, as thread targets (with a default that keeps the loop value), and as key= of sorted, min and max.
import threading

results = []
lock = threading.Lock()

def record(x):
    with lock:
        results.append(x)

square = lambda x: x * x
add = lambda a, b=10: a + b
print(square(4), add(1), add(1, 2), (lambda: "now")())

threads = []
for i in range(3):
    t = threading.Thread(target=lambda n=i: record(n * 100))
    threads.append(t)
    t.start()
t2 = threading.Thread(target=lambda a, b: record(a + b), args=(1, 2))
t2.start()
t2.join()
for t in threads:
    t.join()
print(sorted(results))
print(threads[0].name, t2.name)

words = ["pear", "fig", "banana", "kiwi"]
print(sorted(words, key=len), sorted(words, key=len, reverse=True), sorted(words, reverse=True))
print(min(words, key=len), max(words, key=len), max(words, key=lambda w: w[-1]))
pairs = [("b", 2), ("a", 2), ("c", 1)]
print(sorted(pairs, key=lambda p: p[1]))
handlers = [lambda: "first", lambda: "second"]
print(handlers[1]())

class Counter:
    def __init__(self):
        self.n = 0
        self.bump = lambda k: self.n + k

    def run(self):
        return self.bump(5)

print(Counter().run())
try:
    square(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    x = 3
    x()
except TypeError as e:
    print("TypeError:", e)


def scaled(n, scale=2):
    return n * scale


f = scaled
print(f(1), f(1, 5), sorted([3, 1, 2], key=scaled))
t = threading.Thread(target=f, args=(3,))
t.start()
t.join()
print(t.name)
