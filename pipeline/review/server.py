"""Serve the review page on 127.0.0.1, on a free port, behind a fresh random token.

The socket is bound here (port 0: the system picks a free one) before uvicorn starts, so the URL is
known, and announced, before the first request can arrive.
"""

from __future__ import annotations

import gc
import secrets
import socket
from collections.abc import Callable

from pipeline.review.app import build_app
from pipeline.review.service import ReviewService

HOST = "127.0.0.1"


def bind(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(service: ReviewService, announce: Callable[[str], None], port: int = 0) -> None:
    """Serve until interrupted; ``announce`` gets the URL (with its token) once the port is bound."""
    import uvicorn

    sock = bind(port)
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    config = uvicorn.Config(build_app(service, token, port), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    announce(f"http://{HOST}:{port}/?token={token}")
    # what exists now (the study's word lists and roster, every module) lives as long as the server:
    # kept out of the garbage collector's passes, which otherwise walked it all each time a long
    # transcript's view was built (a third of a 90-minute check view's time; bench/check_page.py)
    gc.freeze()
    server.run(sockets=[sock])
