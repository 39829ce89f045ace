# The program forks a process: its threads are not followed, and Interleave says so; the child's
# output is its own, even through a stream it was given before.
import logging
import os
import sys

logging.basicConfig(stream=sys.stdout, format="%(message)s", level=logging.INFO)
pid = os.fork()
if pid == 0:
    print("child says hi", flush=True)
    logging.info("child logs")
    sys.stdout.flush()
    os._exit(0)
os.waitpid(pid, 0)
print("parent done")
