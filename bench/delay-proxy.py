#!/usr/bin/env python3
"""A TCP relay on loopback that delays every chunk by a fixed time in each direction.

The benchmark's targets all sit on loopback, where a round trip costs microseconds; real hosts are
tens of milliseconds away, and a scanner that opens its connections one after another pays that
round trip on every one. This relay puts a known one-way delay between a client and a loopback
server (it models latency only: bandwidth and the TCP handshake's own round trip are not modelled,
which flatters whichever tool opens more connections).

    delay-proxy.py LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS
    delay-proxy.py --map FILE DELAY_MS    # one relay per line of FILE: LISTEN_HOST LISTEN_PORT
                                          # TARGET_HOST TARGET_PORT (a fleet, in one process)

All addresses must be loopback; the relay refuses anything else.
"""
import asyncio
import ipaddress
import sys
import time


def loopback(host):
    return ipaddress.ip_address(host).is_loopback


async def pipe(reader, writer, delay):
    # Each chunk leaves `delay` after it arrived, whatever came before it: a latency, not a queue.
    queue = asyncio.Queue()

    async def send():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    sender = asyncio.create_task(send())
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            queue.put_nowait((time.monotonic() + delay, data))
    except ConnectionError:
        pass
    queue.put_nowait((time.monotonic() + delay, None))
    try:
        await sender
    except ConnectionError:
        pass


async def relay(lhost, lport, thost, tport, delay):
    if not (loopback(lhost) and loopback(thost)):
        sys.exit("delay-proxy: loopback addresses only")

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(thost, int(tport))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer, delay),
                             pipe(server_reader, client_writer, delay),
                             return_exceptions=True)

    return await asyncio.start_server(handle, lhost, int(lport), backlog=512)


async def main():
    if sys.argv[1] == "--map":
        routes = [line.split() for line in open(sys.argv[2]) if line.strip()]
        delay_ms = sys.argv[3]
    else:
        routes, delay_ms = [sys.argv[1:5]], sys.argv[5]
    delay = int(delay_ms) / 1000.0
    servers = [await relay(*route, delay) for route in routes]
    print("listening", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    asyncio.run(main())
