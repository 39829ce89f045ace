# Fan out: split work into chunks for threads; fan in: add up their partial sums.
import threading

numbers = list(range(1, 101))
partials = [0, 0, 0, 0]


def add_chunk(index, chunk):
    total = 0
    for n in chunk:
        total += n
    partials[index] = total


chunks = [[n for n in numbers if n % 4 == i] for i in range(4)]
threads = [threading.Thread(target=add_chunk, args=(i, chunks[i])) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("partials:", partials, "sum:", sum(partials))
