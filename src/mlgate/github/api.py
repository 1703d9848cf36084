"""A minimal GitHub REST client on the standard library (no new dependency).

Honours `GITHUB_API_URL` (GitHub Enterprise), follows `Link: <...>; rel="next"` pagination and never
lets the token reach an exception message, a log line or a request body: it only travels in the
`Authorization` header, only to the API's own host (no link or redirect elsewhere is followed), a token
that is not a plain header value is refused unseen, and every text this module produces is passed
through `redact`.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mlgate import __version__
from mlgate.errors import GateError

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_TOKEN_CHARS = re.compile(r"[\x21-\x7e]+")  # what an HTTP header carries unchanged: no space, no line break


class GitHubApiError(Exception):
    """A non-2xx answer (status set) or a transport failure (status 0)."""

    def __init__(self, status: int, message: str, *, method: str, url: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.method = method
        self.url = url

    def __str__(self) -> str:
        code = f"HTTP {self.status}" if self.status else "no answer"
        return f"{self.method} {self.url}: {code}: {self.message}"


@dataclass(frozen=True)
class Response:
    status: int
    data: Any
    headers: dict[str, str]


def api_url_from_env(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    given = env.get("GITHUB_API_URL") or DEFAULT_API_URL
    url = given.rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        shown = f" (got {given!r})" if "@" not in given else ""  # never echo credentials put in a URL
        raise GateError(
            f"GITHUB_API_URL is not an http(s) URL{shown}",
            hint=f"unset it for github.com ({DEFAULT_API_URL}), or use e.g. https://HOST/api/v3 for GitHub Enterprise",
        )
    return url


def token_from_env(environ: dict[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    for name in ("GITHUB_TOKEN", "GH_TOKEN"):
        value = (env.get(name) or "").strip()
        if value:
            if not _TOKEN_CHARS.fullmatch(value):
                # Refused before any request: an HTTP library would quote the bad header, token and all.
                raise GateError(
                    f"${name} is not a usable token: it contains a space, a line break or a non-ASCII "
                    "character (the value is not shown)",
                    hint="pass the token alone, e.g. `github-token: ${{ github.token }}`",
                )
            return value
    return None


def same_origin(url: str, base: str) -> bool:
    """Whether `url` is on the scheme and host of `base` (the token may only travel there)."""
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base)
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower())


def next_link(link_header: str | None) -> str | None:
    """The URL of the next page from a `Link` header, or None on the last page."""
    if not link_header:
        return None
    for part in link_header.split(","):
        match = _NEXT_LINK.search(part)
        if match:
            return match.group(1)
    return None


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would resend the Authorization header to wherever a redirect points: only follow it on the
    same host (GitHub redirects a renamed repository's API calls there); anything else is an HTTP error."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not same_origin(newurl, req.full_url):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class GitHubClient:
    def __init__(self, token: str, *, api_url: str = DEFAULT_API_URL, timeout: float = 30.0) -> None:
        self._token = token
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_SameOriginRedirects)

    def __repr__(self) -> str:  # the token must not show up in a debugger or a log either
        return f"GitHubClient(api_url={self.api_url!r})"

    def redact(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    def url(self, path: str, query: dict[str, str] | None = None) -> str:
        url = path if path.startswith(("http://", "https://")) else f"{self.api_url}/{path.lstrip('/')}"
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        return url

    def request(self, method: str, path: str, *, body: dict[str, Any] | None = None) -> Response:
        url = self.url(path)
        if not same_origin(url, self.api_url):
            raise GitHubApiError(
                0,
                "refusing a URL outside GITHUB_API_URL (the token only goes to the API's host)",
                method=method,
                url=self.redact(url),
            )
        data = json.dumps(body).encode("utf-8") if body is not None else None
        try:
            request = urllib.request.Request(url, data=data, method=method)
            request.add_header("Accept", "application/vnd.github+json")
            request.add_header("X-GitHub-Api-Version", API_VERSION)
            request.add_header("User-Agent", f"mlgate/{__version__}")
            request.add_header("Authorization", f"Bearer {self._token}")
            if data is not None:
                request.add_header("Content-Type", "application/json; charset=utf-8")
            with self._opener.open(request, timeout=self.timeout) as answer:
                raw = answer.read()
                headers = {k.lower(): v for k, v in answer.headers.items()}
                return Response(answer.status, _decode(raw), headers)
        except urllib.error.HTTPError as exc:
            raw = exc.read() if exc.fp is not None else b""
            raise GitHubApiError(
                exc.code, self.redact(_error_message(raw, exc.reason)), method=method, url=self.redact(url)
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GitHubApiError(0, self.redact(str(reason)), method=method, url=self.redact(url)) from None

    def login(self) -> str | None:
        """The login of the token's user, or None for a GitHub App installation token (`ghs_`, what
        `github.token` is: it comments as a bot and may not read /user) or when GitHub will not say."""
        if self._token.startswith("ghs_"):
            return None
        try:
            data = self.request("GET", "user").data
        except GitHubApiError:
            return None
        login = data.get("login") if isinstance(data, dict) else None
        return login if isinstance(login, str) and login else None

    def paginate(self, path: str, *, per_page: int = 100) -> Iterator[Any]:
        """Every item of a list endpoint, page after page, following the server's `Link` headers."""
        url: str | None = self.url(path, {"per_page": str(per_page)})
        seen: set[str] = set()
        while url is not None and url not in seen:  # a server that links a page to itself must not loop
            seen.add(url)
            response = self.request("GET", url)
            if not isinstance(response.data, list):
                raise GitHubApiError(
                    response.status, "expected a JSON list", method="GET", url=self.redact(url)
                )
            yield from response.data
            url = next_link(response.headers.get("link"))


def _decode(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return raw.decode("utf-8", "replace")


def _error_message(raw: bytes, reason: object) -> str:
    data = _decode(raw)
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])[:500]
    return str(reason)[:500]
