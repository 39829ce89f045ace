# Three threads fetch from a local HTTP server at the same time: their waits are I/O.
import http.server
import threading
import urllib.request

class Quiet(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        body = b"hello"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
threading.Thread(target=server.serve_forever, name="server", daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}/"

def fetch(n):
    with urllib.request.urlopen(url) as response:
        print(f"Fetched {n}: {response.status}")

threads = [threading.Thread(target=fetch, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
server.shutdown()
print("All URLs fetched.")
