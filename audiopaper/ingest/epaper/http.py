"""How audiopaper talks to a newspaper's site: one polite, bounded HTTP client (httpx).

Every request has a timeout; timeouts, dropped connections and 5xx answers are retried a few
times with a growing pause, a 4xx never (a 404 is an answer: the page is not there). At most
``per_host`` requests run at once against a host, each body is capped, redirects are followed
only within the site, and only http/https URLs are fetched at all.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from ... import __version__
from ...errors import FetchError

_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class HttpPolicy:
    """The client's limits; the defaults suit a newspaper's site at night."""

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubled for each next one
    max_bytes: int = 16 * 2**20
    per_host: int = 3
    max_redirects: int = 5
    user_agent: str = f"audiopaper/{__version__} (audio editions of newspapers; e-paper reader)"


@dataclass(frozen=True)
class Response:
    """One answer: the URL asked for, the URL that answered (after redirects), status, body."""

    url: str
    final_url: str
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)


def site_of(url: str) -> str:
    """host[:port] of an http(s) URL, lower-cased: the unit of 'within the site'."""
    parts = urllib.parse.urlsplit(url)
    return parts.netloc.lower().rsplit("@", 1)[-1]


def check_url(url: str) -> str:
    """``url`` if it is http or https with a host, else a FetchError naming the fix."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url[:100]!r} is not an http:// or https:// URL: give the e-paper's "
                         f"page address, like https://paper.example.cn/html/2024-03/15/node_2.htm")
    return url


class _TooLarge(Exception):
    pass


class Client:
    """The site's HTTP client; ``get`` is safe to call from several threads."""

    def __init__(self, policy: HttpPolicy = HttpPolicy(),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.policy = policy
        self._sleep = sleep
        self._http = httpx.Client(timeout=policy.timeout, follow_redirects=False,
                                  headers={"User-Agent": policy.user_agent})
        self._slots: dict[str, threading.Semaphore] = defaultdict(
            lambda: threading.Semaphore(policy.per_host))
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """The answer for ``url``, redirects followed within its site (a loop is an error)."""
        start = check_url(url)
        seen = [start]
        current = start
        for _hop in range(self.policy.max_redirects + 1):
            status, body, answer = self._with_retries(current, headers or {})
            if status not in _REDIRECTS or "location" not in answer:
                return Response(start, current, status, body, answer)
            target = urllib.parse.urljoin(current, answer["location"])
            if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
                raise FetchError(f"{current} redirects to {target[:80]}, which is not http(s): "
                                 f"give the e-paper's http(s) address")
            if site_of(target) != site_of(start):
                raise FetchError(f"{current} redirects to another site ({site_of(target)}): "
                                 f"give the e-paper's address on that site if it moved")
            if target in seen:
                raise FetchError(f"{start} redirects in a loop: the site is misconfigured; "
                                 f"try the page's own address (node_N.htm) or run again later")
            seen.append(target)
            current = target
        raise FetchError(f"{start} redirects more than {self.policy.max_redirects} times: give "
                         f"the page's final address")

    def _with_retries(self, url: str,
                      headers: Mapping[str, str]) -> tuple[int, bytes, dict[str, str]]:
        """One request, retried on timeouts, dropped connections and 5xx with a growing pause."""
        problem = ""
        for attempt in range(self.policy.retries + 1):
            if attempt:
                self._sleep(self.policy.backoff * 2 ** (attempt - 1))
            try:
                status, body, answer = self._once(url, headers)
            except _TooLarge:
                raise FetchError(f"{url} is larger than {self.policy.max_bytes // 2**20} MB: "
                                 f"that is not an e-paper page; check the address") from None
            except httpx.TimeoutException:
                problem = f"no answer within {self.policy.timeout:g} s"
                continue
            except httpx.TransportError as exc:
                problem = f"the connection failed ({type(exc).__name__})"
                continue
            if status < 500:
                return status, body, answer
            problem = f"HTTP {status}"
        raise FetchError(f"{url}: {problem} after {self.policy.retries + 1} tries: the site is "
                         f"failing; run again later (what was saved is kept)")

    def _once(self, url: str, headers: Mapping[str, str]) -> tuple[int, bytes, dict[str, str]]:
        with self._slots[site_of(url)]:
            with self._http.stream("GET", url, headers=dict(headers)) as answer:
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise _TooLarge
                chunks, size = [], 0
                for chunk in answer.iter_bytes():
                    size += len(chunk)
                    if size > self.policy.max_bytes:
                        raise _TooLarge
                    chunks.append(chunk)
                return answer.status_code, b"".join(chunks), {
                    k.lower(): v for k, v in answer.headers.items()}
