# convoy.py — the GIL convoy effect: a CPU-bound thread makes an I/O-bound thread's many short waits slow.
#
# The Fetcher makes 100 quick network calls of 1 ms. Alone it is done in about 100 ms. Next to
# a CPU-bound Cruncher it takes six times as long: each call releases the GIL, the Cruncher
# takes it, and when the reply arrives the Fetcher must get the GIL back. The Cruncher never
# gives it up on its own; the Fetcher has to wait a whole switch interval (5 ms) before it may ask
# for it, then runs for a moment and starts its next 1 ms call. So every 1 ms of I/O costs
# about 6 ms. (This is CPython bug bpo-7946, the "convoy effect".)
# Watch for: Fetcher-alone's row in I/O for 100 ms; then the Fetcher's row almost all waiting
# for the GIL (g) while the Cruncher runs (#), about 600 ms in all; the Fetcher's "GIL wait"
# of about 500 ms in the summary.
# Try --switch-interval 1ms: the Fetcher waits less each time (about 200 ms in all), at the
# price of more switching; --policy free: no GIL, no convoy, 100 ms again. (With either, the
# expectation below fails, as it should: the convoy it checks for is gone.) The summary also
# reports a data race on `fetching`: the Cruncher polls a flag main writes with no lock or Event,
# which is how such loops are often written, and which nothing orders (the GIL does not).
# (`compute(seconds)` is Interleave's stand-in for that much pure-Python work, holding the GIL;
# `expect` is a check the summary counts, which fails the run when it does not hold.)
# interleave: latency = 1ms
import threading
import requests

fetching = True
chunks = 0


def fetcher(calls):
    for i in range(calls):
        requests.get(f"http://localhost:8000/item/{i}")


def cruncher():
    global chunks
    while fetching:
        compute(0.010)
        chunks += 1


f = threading.Thread(target=fetcher, args=(100,), name="Fetcher-alone")
f.start()
f.join()

c = threading.Thread(target=cruncher, name="Cruncher")
f = threading.Thread(target=fetcher, args=(100,), name="Fetcher")
c.start()
f.start()
f.join()
fetching = False
c.join()
print(f"The Cruncher did {chunks} chunks of 10 ms while the Fetcher made its 100 calls")
expect(chunks >= 50, "the 100 calls took over 500 ms next to the Cruncher (100 ms alone)")
