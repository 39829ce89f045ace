# cpu_bound.py — two CPU-bound threads under the GIL take as long as doing the work one after another.
#
# The tutorial's "threads don't speed up CPU work" example. Each thread crunches numbers for
# 4 × 50 ms (holding the GIL). Main first runs the same work once by itself (200 ms), then in
# two threads on two cores: 400 ms of work takes about 400 ms, not 200 ms.
# Watch for: the two Cruncher rows taking turns, each running (#) while the other waits for
# the GIL (g), swapping every 5 ms switch interval; one core always sits idle.
# Compare --policy free (free-threaded Python, no GIL): both rows run at once and the threaded
# phase takes about 200 ms. Try --switch-interval 50ms to see the turns get longer.
# (`compute(seconds)` is Interleave's stand-in for that much pure-Python work, holding the GIL;
# `expect` is a check the summary counts, which fails the run when it does not hold.)
import threading

chunks_done = 0
lock = threading.Lock()


def crunch(n):
    global chunks_done
    for chunk in range(4):
        compute(0.050)
        with lock:
            chunks_done += 1


print("One thread, alone")
crunch(0)

print("Two threads at once")
t1 = threading.Thread(target=crunch, args=(1,), name="Cruncher-1")
t2 = threading.Thread(target=crunch, args=(2,), name="Cruncher-2")
t1.start()
t2.start()
t1.join()
t2.join()
print("Done")
expect(chunks_done == 12, "every chunk was crunched")
