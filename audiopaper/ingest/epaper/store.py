"""The sources folder of one edition: every page as the site sent it, and a manifest.

``DIR/sources/DATE/manifest.json`` lists each URL with its HTTP status, size, sha256, the time
it was fetched and its validators (ETag, Last-Modified); the bytes are in ``files/`` under a
name made from the URL's hash, so no URL can name a path outside the folder. The manifest is
rewritten (atomically) after every page, so a killed fetch resumes from what it saved, and a
rerun asks the site only whether each page changed (a conditional request).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...util.atomic import write_atomic
from ...errors import InputError
from .http import Client, Response

MANIFEST = "manifest.json"
FILES = "files"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def is_sources(path: Path) -> bool:
    """A folder `audiopaper fetch` wrote (it holds a manifest)."""
    return path.is_dir() and (path / MANIFEST).is_file()


def file_name(url: str) -> str:
    """A name for a URL's bytes that stays in ``files/``: its hash, then a readable tail."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    tail = _SAFE.sub("_", url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1])[-60:].strip("._")
    return f"{digest}-{tail or 'index'}"


@dataclass
class Store:
    """One edition's sources folder; safe to record into from several threads."""

    folder: Path

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.meta: dict[str, Any] = {}
        self.entries: dict[str, dict[str, Any]] = {}
        manifest = self.folder / MANIFEST
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text("utf-8"))
                self.meta = {k: v for k, v in data.items() if k != "files"}
                self.entries = {e["url"]: e for e in data.get("files", [])}
            except (ValueError, KeyError, TypeError, OSError) as exc:
                raise InputError(f"{manifest} is damaged ({exc}): delete the folder and run "
                                 f"audiopaper fetch again") from exc

    def saved(self, url: str) -> Response | None:
        """The saved answer for ``url`` (None when missing or its bytes do not match)."""
        entry = self.entries.get(url)
        if entry is None:
            return None
        body = b""
        if entry.get("file"):
            path = self.folder / FILES / Path(entry["file"]).name
            try:
                body = path.read_bytes()
            except OSError:
                return None
            if hashlib.sha256(body).hexdigest() != entry.get("sha256"):
                return None
        return Response(url, entry.get("final_url", url), int(entry["status"]), body,
                        {"content-type": entry.get("content_type", "")})

    def record(self, answer: Response, changed: bool) -> None:
        """Keep an answer: its bytes (when it has any) and its manifest row, then the manifest."""
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        row: dict[str, Any] = {
            "url": answer.url, "final_url": answer.final_url, "status": answer.status,
            "bytes": len(answer.body), "sha256": hashlib.sha256(answer.body).hexdigest(),
            "fetched": now, "content_type": answer.headers.get("content-type", ""),
            "etag": answer.headers.get("etag", ""),
            "last_modified": answer.headers.get("last-modified", "")}
        if answer.status == 200:
            row["file"] = file_name(answer.url)
            if changed or not (self.folder / FILES / row["file"]).is_file():
                write_atomic(self.folder / FILES / row["file"], answer.body)
        with self._lock:
            old = self.entries.get(answer.url, {})
            row["changed"] = now if changed or "changed" not in old else old["changed"]
            self.entries[answer.url] = row
            self.write()

    def write(self) -> None:
        data = {**self.meta, "files": list(self.entries.values())}
        write_atomic(self.folder / MANIFEST,
                     (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


class Fetcher:
    """Pages from the site, kept in the store; a page saved before is asked for conditionally."""

    def __init__(self, store: Store, client: Client) -> None:
        self.store = store
        self.client = client
        self.fetched = 0  # full answers received
        self.unchanged = 0  # answered 'not modified' or with the same bytes

    def __call__(self, url: str) -> Response:
        saved = self.store.saved(url)
        entry = self.store.entries.get(url, {})
        headers = {}
        if saved is not None and saved.status == 200:
            if entry.get("etag"):
                headers["If-None-Match"] = entry["etag"]
            if entry.get("last_modified"):
                headers["If-Modified-Since"] = entry["last_modified"]
        answer = self.client.get(url, headers)
        if answer.status == 304 and saved is not None:
            self.unchanged += 1
            kept = Response(url, saved.final_url, 200, saved.body,
                            {**saved.headers, "etag": answer.headers.get("etag", entry.get("etag", "")),
                             "last-modified": answer.headers.get(
                                 "last-modified", entry.get("last_modified", ""))})
            self.store.record(kept, changed=False)
            return kept
        same = saved is not None and saved.body == answer.body and saved.status == answer.status
        self.unchanged += same
        self.fetched += not same
        self.store.record(answer, changed=not same)
        return answer


class Offline:
    """Pages from the store only: reading a saved edition never touches the network."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, url: str) -> Response:
        saved = self.store.saved(url)
        if saved is None:
            raise InputError(f"{self.store.folder} lacks {url} (or its file changed): run "
                             f"audiopaper fetch again to complete it")
        return saved
