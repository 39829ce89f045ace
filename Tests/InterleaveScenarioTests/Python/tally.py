# Dict comprehensions: per-thread tallies merged under a lock, then summed by key.
import threading

texts = ["the cat sat", "the dog ran", "a cat ran"]
tallies = []
lock = threading.Lock()


def tally(text):
    words = text.split()
    counts = {word: words.count(word) for word in words}
    with lock:
        tallies.append(counts)


threads = [threading.Thread(target=tally, args=(text,)) for text in texts]
for t in threads:
    t.start()
for t in threads:
    t.join()

words = []
for counts in tallies:
    for word in counts:
        if word not in words:
            words.append(word)
total = {word: sum(counts.get(word, 0) for counts in tallies) for word in sorted(words)}
print(total)
print({n: n * n for n in range(5) if n % 2 == 0})
