# logging from threads: each line says which thread logged it.
import logging
import sys
import threading
import time
from logging import DEBUG

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)-8s %(name)s %(threadName)s: %(message)s")


def worker(n):
    logging.debug("not shown: %d", n)
    logging.info("starting job %d", n)
    time.sleep(0.01 * n)
    if n == 2:
        logging.warning("job %d is slow", n)
    logging.info("done with %s", f"job {n}")


threads = [threading.Thread(target=worker, args=(n,), name=f"worker-{n}") for n in range(1, 4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
logging.error("main saw %d workers (level DEBUG is %d)", len(threads), DEBUG)
log = logging.getLogger(__name__)
named = logging.getLogger("pool")
log.info("a logger of the module: %s", "__main__")
named.warning("and one with a name")
log.debug("not shown")
