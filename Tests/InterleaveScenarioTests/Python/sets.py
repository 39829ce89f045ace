# Sets: a set of seen items shared under a lock, set literals and comprehensions, and their methods.
import threading

seen = set()
lock = threading.Lock()

def visit(items):
    for item in items:
        with lock:
            if item not in seen:
                seen.add(item)

threads = [threading.Thread(target=visit, args=([1, 2, 3, 2],)), threading.Thread(target=visit, args=([3, 4],))]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(seen), len(seen), 4 in seen, 9 in seen)
a = {1, 2, 3}
b = {x * 2 for x in range(3)}
print(sorted(a.union(b)), sorted(a.intersection(b)), sorted(a.difference(b)), {1, 2}.issubset(a), a == {3, 2, 1})
print(set(), bool(set()), set([5, 5]), sorted(set("abca")))
a.discard(9)
a.remove(1)
print(sorted(a))
try:
    a.remove(42)
except KeyError as e:
    print("KeyError", e)
