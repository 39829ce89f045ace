# Logger levels: a logger set to DEBUG at the top shows its debug lines while the root stays at WARNING.
import logging
import sys
import threading

logging.basicConfig(stream=sys.stdout, level=logging.WARNING, format="%(threadName)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("app")
log.setLevel(logging.DEBUG)
quiet = logging.getLogger("quiet")

def work():
    log.debug("debugging %d", 1)
    quiet.info("not shown")
    quiet.warning("shown")

t = threading.Thread(target=work, name="W")
t.start()
t.join()
logging.info("root info not shown")
