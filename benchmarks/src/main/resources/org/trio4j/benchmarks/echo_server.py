"""The Python Trio peer of trio4j's echo load test (org.trio4j.benchmarks.scenarios.EchoLoadTest).

Serves TCP echo on 127.0.0.1 and an ephemeral port with trio.serve_tcp, a task per connection,
prints the port as the first line of standard output, and exits when its standard input ends
(the parent closed it or died) or when it is killed. Run with Debian's python3-trio:

    /usr/bin/python3 echo_server.py
"""

import functools
import os
import threading

import trio


async def echo(stream):
    try:
        while True:
            data = await stream.receive_some(4096)
            if not data:
                return
            await stream.send_all(data)
    except (trio.BrokenResourceError, trio.ClosedResourceError):
        # The client went away; the other connections go on.
        return


def exit_when_input_ends():
    try:
        while os.read(0, 256):
            pass
    finally:
        os._exit(0)


async def main():
    async with trio.open_nursery() as nursery:
        serve = functools.partial(trio.serve_tcp, echo, 0, host="127.0.0.1", backlog=4096)
        listeners = await nursery.start(serve)
        print(listeners[0].socket.getsockname()[1], flush=True)


if __name__ == "__main__":
    threading.Thread(target=exit_when_input_ends, daemon=True).start()
    trio.run(main)
