# Calls the schedule does not control: a child process a thread waits for, an event loop's timer,
# a subprocess with a timeout. Each ends, and the run says where it moved on by itself.
import asyncio
import os
import subprocess
import threading


def worker():
    # Blocks in C for a while (no point of the schedule's): the watchdog lets main go on.
    os.system("sleep 0.4")


t = threading.Thread(target=worker)
t.start()
t.join()
print("joined the worker")


async def main():
    await asyncio.sleep(0.2)
    print("the loop's timer fired")


asyncio.run(main())
print("the child exited", subprocess.run(["sleep", "0.3"], timeout=5).returncode)
