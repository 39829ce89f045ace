# Threads count words into one dict under a lock.
import threading

texts = ["the cat sat", "the dog sat", "a cat ran"]
counts = {}
lock = threading.Lock()


def count(text):
    for word in text.split():
        with lock:
            counts[word] = counts.get(word, 0) + 1


threads = [threading.Thread(target=count, args=(t,)) for t in texts]
for t in threads:
    t.start()
for t in threads:
    t.join()
for word in sorted(counts):
    print(f"{word:<4}{counts[word]}")
