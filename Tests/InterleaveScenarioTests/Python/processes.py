# multiprocessing: processes have their own memory; a Queue carries results back.
import multiprocessing
import time

counter = 0


def work(n, results):
    global counter
    counter += n
    time.sleep(0.05)
    results.put((n, n * n, counter))


if __name__ == "__main__":
    counter = 100
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=work, args=(n, results)) for n in range(1, 4)]
    for p in procs:
        p.start()
    got = sorted(results.get() for _ in procs)
    for p in procs:
        p.join()
    print("results:", got)
    print("parent counter still", counter, [p.name for p in procs], procs[0].is_alive())
