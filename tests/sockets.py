"""Servers that are down, for tests of what the site does without them."""

import socket
import threading
from contextlib import contextmanager


@contextmanager
def closed_port():
    """A local port that refuses connections: bound, so nobody else takes it, but not listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@contextmanager
def hanging_up_port():
    """A local port that accepts each connection and closes it at once, as a server that crashes would."""
    with socket.create_server(("127.0.0.1", 0)) as server:

        def hang_up():
            while True:
                try:
                    connection, _ = server.accept()
                except OSError:  # the server socket was closed: the test is over
                    return
                connection.close()

        threading.Thread(target=hang_up, daemon=True).start()
        yield server.getsockname()[1]


@contextmanager
def silent_port():
    """A local port that accepts connections and never answers, as a hung server does; yields the port and the
    list of connections it accepted."""
    accepted = []
    with socket.create_server(("127.0.0.1", 0)) as server:

        def accept():
            while True:
                try:
                    accepted.append(server.accept()[0])
                except OSError:
                    return

        threading.Thread(target=accept, daemon=True).start()
        try:
            yield server.getsockname()[1], accepted
        finally:
            for connection in accepted:
                connection.close()
