"""Content-addressed copies of what the feeds link to, so a podcast app never sees a feed that lies.

The audio stage publishes under stable names (``2024-03-15.mp3``, ``articles/2024-03-15-02-….mp3``)
that stations fetch by name, and a same-date rebuild replaces them one by one. A feed that linked
those names would, between the first replacement and the new feed, announce the old lengths for
new files. So the feeds and the page link immutable copies, ``media/<stem>.<sha256:16>.<ext>``
(hard links: no bytes are copied): new ones are made before the new feed replaces the old one,
and the old ones are deleted only after the store no longer names them. Every instant, each feed
names files that exist, whole, with the lengths it says.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..errors import PublishError
from .atomic import write_atomic
from .store import EditionRecord

MEDIA_DIR = "media"
_DIGITS = 16  # of the SHA-256: 64 bits, no collision among a folder's few thousand files


def media_name(relative: str, data_digest: str) -> str:
    """``media/STEM.DIGEST.EXT`` for a published file (``2024-03-15.chapters.json`` keeps both
    suffixes, so the type stays recognisable)."""
    stem, dot, suffixes = Path(relative).name.partition(".")
    return f"{MEDIA_DIR}/{stem}.{data_digest[:_DIGITS]}{dot}{suffixes}"


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _link(source: Path, target: Path, digest: str) -> None:
    """``target`` as a hard link to ``source`` (a copy where links are not allowed).

    An existing ``target`` is kept only if it still holds ``digest``: a stable file edited in
    place changes its hard-linked copy too, and the rebuild that repairs the stable file must
    repair the copy the feed links as well.
    """
    if target.exists() and (os.path.samefile(source, target) or _digest(target) == digest):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.part")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        write_atomic(target, source.read_bytes())  # FAT, some network shares
        return
    os.replace(temporary, target)


def link_media(record: EditionRecord, out_dir: Path) -> EditionRecord:
    """The record with a content-addressed copy of each of its files (``record.media``)."""
    media: dict[str, str] = {}
    for relative in sorted(record.stable_files()):
        source = out_dir / relative
        try:
            digest = _digest(source)
            media[relative] = media_name(relative, digest)
            _link(source, out_dir / media[relative], digest)
        except OSError as exc:
            raise PublishError(f"cannot publish {source} ({exc.strerror}): check free space and "
                               f"permissions, then build again; the feed is unchanged") from exc
    return replace(record, media=media)


def as_linked(record: EditionRecord) -> EditionRecord:
    """The record as the feeds and the page show it: every file by its content-addressed name."""
    if not record.media:
        return record  # published before content-addressed names: its stable names
    articles = tuple(replace(a, file=_named(record, a.file),
                             transcript_file=_named(record, a.transcript_file),
                             chapters_file=_named(record, a.chapters_file))
                     for a in record.articles)
    return replace(record, file=_named(record, record.file), articles=articles,
                   chapters_file=_named(record, record.chapters_file),
                   transcript_file=_named(record, record.transcript_file))


def _named(record: EditionRecord, stable: str | None) -> str:
    """The content-addressed name of a stable one (itself when it has none)."""
    return record.media.get(stable, stable) if stable else stable  # type: ignore[return-value]


def sweep_media(out_dir: Path, records: Iterable[EditionRecord]) -> list[Path]:
    """Delete content-addressed files no stored edition names (a crashed run's new copies)."""
    folder = out_dir / MEDIA_DIR
    if not folder.is_dir():
        return []
    live = {Path(p).name for r in records for p in r.media.values()}
    removed = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.name not in live:
            path.unlink()
            removed.append(path)
    return removed
