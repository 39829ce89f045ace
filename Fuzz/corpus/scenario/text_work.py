# Threads build text with str methods and collect it in a shared list, sorted at the end.
import threading

words = ["gamma", "alpha", "beta"]
shouted = []
lock = threading.Lock()


def shout(word):
    loud = word.upper() + "!"
    with lock:
        shouted.append(loud)


threads = [threading.Thread(target=shout, args=(w,)) for w in words]
for t in threads:
    t.start()
for t in threads:
    t.join()
shouted.sort()
print(", ".join(shouted))
print("first letters:", "".join([s[0] for s in shouted]))
print("split:", "a b  c".split(), "a,b,c".split(","))
