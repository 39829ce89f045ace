# expected: by hand (the simulated responses are all 200).
# Fetch three pages at once with requests; print them in the order given.
import threading
import requests

urls = ["https://example.com", "https://example.org", "https://example.net"]
results = ["", "", ""]


def fetch(index, url):
    response = requests.get(url)
    results[index] = f"{url} -> {response.status_code}"


threads = []
for i, url in enumerate(urls):
    t = threading.Thread(target=fetch, args=(i, url))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
for line in results:
    print(line)
