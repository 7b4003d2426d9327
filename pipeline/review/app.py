"""The review page's web app (Starlette): a JSON API over :class:`ReviewService` and its static files.

The page shows originals, so it is guarded even on the loopback interface:

- the Host header must name this machine (127.0.0.1, localhost or [::1], on this port): a web page
  elsewhere cannot reach the server through DNS rebinding;
- every request needs the random token printed at start, from the URL once (then from a cookie that
  is HttpOnly and SameSite=Strict, named after the port, so two studies under review do not mix up);
- changes must be JSON POSTs from this origin, which a form or an image on another page cannot make;
- nothing is loaded from anywhere else (Content-Security-Policy ``'self'``), and nothing is cached.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline.corrections.model import CorrectionError
from pipeline.deid.decisions.errors import ReviewError
from pipeline.errors import QualscribeError
from pipeline.review.audio import AudioMissing, Player
from pipeline.review.check import CheckNotFound, CheckService
from pipeline.review.service import Conflict, NotFound, ReviewService

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
SCRIPT, STYLE = "text/javascript; charset=utf-8", "text/css; charset=utf-8"
# the only files of the package the page serves (index.html loads each, in this order)
SCRIPTS = (
    "page.js",
    "overview.js",
    "transcript.js",
    "redact.js",
    "select.js",
    "check.js",
    "listen.js",
    "app.js",
)
STATIC = {**dict.fromkeys(SCRIPTS, SCRIPT), "style.css": STYLE}
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "media-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}


def cookie_name(port: int) -> str:
    return f"qualscribe_review_{port}"


def host_allowed(host: str, port: int) -> bool:
    """Whether a Host header names this machine on the server's port (or on no port)."""
    host = host.strip().lower()
    return any(host in (name, f"{name}:{port}") for name in LOOPBACK_NAMES)


class Guard:
    """Refuses a request from a foreign Host, without the token, or a change not made by the page."""

    def __init__(self, app: ASGIApp, token: str, port: int) -> None:
        self.app, self.token, self.port = app, token, port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal:
            await PlainTextResponse(f"refused: {refusal}\n", status_code=403, headers=SECURITY_HEADERS)(
                scope, receive, send
            )
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if "token" in query and scope["method"] == "GET":
            # the token from the printed URL: move it into a cookie and out of the address bar and history
            rest = {k: v for k, v in query.items() if k != "token"}
            target = scope["path"] + ("?" + urlencode(rest, doseq=True) if rest else "")
            response = RedirectResponse(target, status_code=303, headers=SECURITY_HEADERS)
            response.set_cookie(cookie_name(self.port), self.token, httponly=True, samesite="strict")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, self._with_headers(send))

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> str:
        if not host_allowed(headers.get("host", ""), self.port):
            return "this page answers only to 127.0.0.1 (Host header)"
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.get("token") or [""])[0] or _cookie(headers.get("cookie", ""), cookie_name(self.port))
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return "open the page with the URL (and its token) that `qualscribe review` printed"
        if scope["method"] not in ("GET", "HEAD"):
            if headers.get("content-type", "").split(";")[0].strip() != "application/json":
                return "changes must be JSON"
            origin = headers.get("origin")
            if origin and not any(origin == f"http://{n}:{self.port}" for n in LOOPBACK_NAMES):
                return "changes must come from the review page itself (Origin header)"
        return ""

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def wrapped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in names
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return wrapped


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip('"')
    return ""


def _static(name: str) -> bytes:
    return files("pipeline.review").joinpath("static", name).read_bytes()


def build_app(service: ReviewService, token: str, port: int) -> ASGIApp:
    """The ASGI app for one study, guarded by ``token``, answering on ``port``."""
    routes = [*_page_routes(), *_review_routes(service), *_check_routes(service.check)]
    return Guard(Starlette(routes=routes), token, port)


def _page_routes() -> list[Route]:
    """The page itself: index.html and the listed static files, nothing else from the package."""

    async def index(request: Request) -> Response:
        return Response(_static("index.html"), media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return PlainTextResponse("not found\n", status_code=404)
        return Response(_static(name), media_type=STATIC[name])

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)  # none: a browser asks anyway

    return [Route("/", index), Route("/favicon.ico", favicon), Route("/static/{name}", static)]


def _review_routes(service: ReviewService) -> list[Route]:
    """The privacy review: the study overview, a transcript's view and the reviewer's decisions."""

    async def study(request: Request) -> Response:
        return await _answer(service.overview)

    async def transcript(request: Request) -> Response:
        return await _answer(service.transcript, request.path_params["code"])

    base = "/api/transcripts/{code}"
    return [
        Route("/api/study", study),
        Route(base, transcript),
        *(
            Route(f"{base}/{path}", _action(getattr(service, method)), methods=["POST"])
            for path, method in (("decisions", "decide"), ("undo", "undo"), ("approve", "approve"))
        ),
        Route(f"{base}/dismiss", _action(service.dismiss), methods=["POST"]),
    ]


def _check_routes(check: CheckService) -> list[Route]:
    """The transcript check: its view, the checker's corrections, and the recording for the player."""
    player = Player()

    async def view(request: Request) -> Response:
        return await _answer(check.view, request.path_params["code"])

    async def audio(request: Request) -> Response:
        """The recording; Starlette's FileResponse answers a Range with 206 and exactly those bytes."""
        try:
            rec = await run_in_threadpool(check.recording, request.path_params["code"])
            path, kind = await run_in_threadpool(player.playable, rec.folder, rec.source, rec.sha256)
        except (CheckNotFound, AudioMissing) as exc:
            return PlainTextResponse(f"{exc}\n", status_code=404)
        return FileResponse(path, media_type=kind, content_disposition_type="inline", filename="recording")

    base = "/api/check/{code}"
    actions = (("correct", check.correct), ("undo", check.undo), ("dismiss", check.dismiss))
    return [
        Route(base, view),
        *(Route(f"{base}/{path}", _action(method), methods=["POST"]) for path, method in actions),
        Route(f"{base}/checked", _action(check.mark_checked), methods=["POST"]),
        Route("/audio/{code}", audio),
    ]


def _action(method: Callable[[str, dict[str, Any]], dict[str, Any]]) -> Callable[[Request], Any]:
    """An endpoint that hands the request's JSON object to ``method`` for the path's participant code."""

    async def endpoint(request: Request) -> Response:
        try:
            payload = json.loads(await request.body())
        except json.JSONDecodeError:
            return JSONResponse({"error": "not JSON"}, status_code=400)
        if not isinstance(payload, dict):
            return JSONResponse({"error": "expected a JSON object"}, status_code=400)
        return await _answer(method, request.path_params["code"], payload)

    return endpoint


async def _answer(func: Callable[..., Any], *args: Any) -> Response:
    """Run a service call off the event loop (it reads and writes files); errors become JSON messages."""
    try:
        return JSONResponse(await run_in_threadpool(func, *args))
    except (NotFound, CheckNotFound) as exc:
        return JSONResponse({"error": str(exc)}, status_code=404)
    except Conflict as exc:
        return JSONResponse({"error": str(exc)}, status_code=409)
    except (ReviewError, CorrectionError) as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    except QualscribeError as exc:  # a damaged file in the work folder: say which, keep serving
        return JSONResponse({"error": str(exc)}, status_code=500)
