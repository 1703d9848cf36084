"""A fake GitHub REST API on 127.0.0.1 that records every request (for the comment and action tests).

It serves the three endpoints the sticky comment uses, under an optional path prefix (GitHub Enterprise
serves the API under /api/v3): list issue comments (paginated with `Link` headers, `page_size` items per
page whatever `per_page` asks, so pagination is exercised with few comments), create and edit a comment.
`read_only=True` answers writes with 403 as GitHub does for a fork pull request's token. `GET /user`
answers `user_login` (a personal token) or 403 (an installation token such as `github.token`).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

LIST_OR_CREATE = re.compile(r"^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$")
EDIT = re.compile(r"^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$")


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: str


@dataclass
class FakeGitHub:
    token: str
    prefix: str = ""
    page_size: int = 100
    read_only: bool = False
    fail_status: int | None = None  # answer every request with this status (e.g. 500)
    redirect_to: str | None = None  # answer list requests with a 301 to this origin (another server)
    link_origin: str | None = None  # origin of the `Link: rel="next"` URLs [default: this server]
    bot_login: str = "github-actions[bot]"  # who the token comments as
    user_login: str | None = None  # GET /user: a personal token's login (None: 403, as for github.token)
    comments: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    url: str = ""
    _next_id: int = 1000

    def add_comment(self, repo: str, issue: int, body: str, login: str = "someone") -> dict[str, Any]:
        self._next_id += 1
        comment = {
            "id": self._next_id,
            "body": body,
            "user": {"login": login, "type": "Bot" if login.endswith("[bot]") else "User"},
            "html_url": f"https://github.example/{repo}/pull/{issue}#issuecomment-{self._next_id}",
        }
        self.comments.setdefault((repo, issue), []).append(comment)
        return comment

    def writes(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method in ("POST", "PATCH")]

    def everything_sent(self) -> str:
        """Every byte the client sent except the Authorization header (where the token belongs)."""
        parts = []
        for r in self.requests:
            headers = {k: v for k, v in r.headers.items() if k.lower() != "authorization"}
            parts.append(f"{r.method} {r.path} {r.query} {headers} {r.body}")
        return "\n".join(parts)


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def _record(self) -> tuple[str, dict[str, list[str]], Any]:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8") if length else ""
            fake.requests.append(
                RecordedRequest(
                    self.command, split.path, parse_qs(split.query), dict(self.headers.items()), raw
                )
            )
            path = split.path
            if fake.prefix and path.startswith(fake.prefix):
                path = path[len(fake.prefix) :]
            return path, parse_qs(split.query), json.loads(raw) if raw else None

        def _send(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(data).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def _guard(self) -> bool:
            if fake.fail_status is not None:
                self._send(fake.fail_status, {"message": "Server Error"})
                return False
            if self.headers.get("Authorization") != f"Bearer {fake.token}":
                self._send(401, {"message": "Bad credentials"})
                return False
            return True

        def _route(self, pattern: re.Pattern[str]) -> tuple[re.Match[str], dict[str, list[str]], Any] | None:
            """Record the request; None when it was already answered (error, 404 or read-only 403)."""
            path, query, data = self._record()
            if not self._guard():
                return None
            match = pattern.match(path)
            if not match:
                self._send(404, {"message": "Not Found"})
                return None
            if fake.read_only and self.command != "GET":
                self._send(403, {"message": "Resource not accessible by integration"})
                return None
            return match, query, data

        def do_GET(self) -> None:
            if urlsplit(self.path).path == f"{fake.prefix}/user":
                self._record()
                if not self._guard():
                    return
                if fake.user_login is None:
                    self._send(403, {"message": "Resource not accessible by integration"})
                else:
                    self._send(200, {"login": fake.user_login, "type": "User"})
                return
            routed = self._route(LIST_OR_CREATE)
            if routed is None:
                return
            match, query, _ = routed
            if fake.redirect_to:
                self._send(301, {}, {"Location": fake.redirect_to + self.path})
                return
            items = fake.comments.get((match.group(1), int(match.group(2))), [])
            per_page = min(int(query.get("per_page", ["30"])[0]), fake.page_size)
            page = int(query.get("page", ["1"])[0])
            chunk = items[(page - 1) * per_page : page * per_page]
            headers = {}
            if page * per_page < len(items):
                base = f"{fake.link_origin or fake.url}{fake.prefix}{match.group(0)}"
                headers["Link"] = (
                    f'<{base}?per_page={per_page}&page={page + 1}>; rel="next", '
                    f'<{base}?per_page={per_page}&page={(len(items) - 1) // per_page + 1}>; rel="last"'
                )
            self._send(200, chunk, headers)

        def do_POST(self) -> None:
            routed = self._route(LIST_OR_CREATE)
            if routed is not None:
                match, _, data = routed
                self._send(
                    201, fake.add_comment(match.group(1), int(match.group(2)), data["body"], fake.bot_login)
                )

        def do_PATCH(self) -> None:
            routed = self._route(EDIT)
            if routed is None:
                return
            match, _, data = routed
            wanted = int(match.group(2))
            for (repo, _issue), items in fake.comments.items():
                for comment in items:
                    if comment["id"] == wanted and repo == match.group(1):
                        # As on GitHub, a token that may write can edit anyone's comment.
                        comment["body"] = data["body"]
                        self._send(200, comment)
                        return
            self._send(404, {"message": "Not Found"})

    return Handler


@contextmanager
def serve(fake: FakeGitHub) -> Iterator[FakeGitHub]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
