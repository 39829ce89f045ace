# Each thread stores its result under its own name; main reads them all after the joins.
import threading

results = {}


def square(n):
    results[threading.current_thread().name] = n * n


threads = [threading.Thread(target=square, args=(n,), name=f"sq{n}") for n in range(1, 5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for name, value in sorted(results.items()):
    print(name, value)
print("total", sum(results.values()))
