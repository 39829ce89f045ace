# cpu_processes.py — CPU-bound work in one process per core runs in parallel, each with its own GIL.
#
# The tutorial's multiprocessing example: the work of cpu_bound.py (two workers crunching
# 4 × 50 ms each), but in two processes instead of two threads. Each process has its own
# interpreter and its own GIL, so both run at once on the two cores. Processes share no memory:
# each gets its own copy of the module's variables, so results come back through a Queue.
# Watch for: both Cruncher rows running (#) side by side with no GIL waits, and the run ending
# after about 210 ms (starting a process costs main about 5 ms) instead of the 400 ms the two
# threads need in cpu_bound.py.
# Also: `chunks_done` is still 0 in main; each process counted in its own copy.
# Try --cores 1: the processes take turns on the one core and it takes 400 ms again.
# (`compute(seconds)` is Interleave's stand-in for that much pure-Python work, holding the GIL;
# `expect` is a check the summary counts, which fails the run when it does not hold.)
import multiprocessing

chunks_done = 0


def crunch(n, out):
    global chunks_done
    total = 0
    for chunk in range(4):
        compute(0.050)
        chunks_done += 1
        total += n * 4 + chunk
    out.put(total)


if __name__ == "__main__":
    results = multiprocessing.Queue()
    p1 = multiprocessing.Process(target=crunch, args=(0, results), name="Cruncher-0")
    p2 = multiprocessing.Process(target=crunch, args=(1, results), name="Cruncher-1")
    p1.start()
    p2.start()
    a = results.get()
    b = results.get()
    p1.join()
    p2.join()
    print(f"Results {a} and {b}, together {a + b}")
    expect(a + b == 28, "both partial sums arrived: 0+1+...+7 == 28")
    expect(chunks_done == 0, "the processes changed their own copies, not main's")
