# fetch_pool.py — the tutorial's three URL fetches through a ThreadPoolExecutor of three workers.
#
# The tutorial's fetch_urls.py, written with concurrent.futures: each requests.get waits one
# network round trip (190 to 200 ms, set per host below), which releases the GIL. Main submits
# the three fetches to a pool of three workers and prints each status as it comes back, in the
# order the fetches finish (as_completed).
# Watch for: the pool's workers ThreadPoolExecutor-0_0, _1 and _2 made as the work is submitted,
# their three I/O waits side by side, MainThread waiting for "the first of 3 futures" (select it
# and press i), and the whole run taking about one round trip, not three.
# Try --latency 50ms: every host without a latency of its own (python.org below) answers sooner.
# (`expect` is Interleave's: a check the summary counts, which fails the run when it does not hold.)
# interleave: latency example.com = 190ms
# interleave: latency example.org = 195ms
# interleave: latency = 200ms
from concurrent.futures import ThreadPoolExecutor, as_completed
import requests

urls = ["https://example.com", "https://example.org", "https://python.org"]


def fetch_url(url):
    response = requests.get(url)
    print(f"Fetched {url}: {response.status_code}")
    return response.status_code


fetched = 0
with ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(fetch_url, url) for url in urls]
    for future in as_completed(futures):
        status = future.result()
        expect(status == 200, "each fetch succeeded")
        fetched += 1

expect(fetched == 3, "all three came back")
print("All URLs fetched.")
