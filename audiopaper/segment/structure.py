"""The article's own structure as data: subheads, prefaces, overline and deck shapes, signatures.

``data/structure.tsv`` holds one named pattern a line per kind; the builder and ``heads.place``
ask ``which(kind, text)`` and note the rule's name in ``segment --explain``. A paper's new way of
printing a paragraph head or a letter's signature is a row there, not a new branch in the code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

KINDS = ("subhead", "preface", "overline", "deck", "signature", "endmark")


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    text = resources.files(__package__).joinpath("data/structure.tsv").read_text(encoding="utf-8")
    rows: dict[str, list[tuple[str, re.Pattern[str]]]] = {kind: [] for kind in KINDS}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, pattern = line.split("\t")
        if kind not in rows:
            raise ValueError(f"structure.tsv line {number}: kind {kind!r} is not one of {KINDS}")
        rows[kind].append((name, re.compile(pattern)))
    return {kind: tuple(found) for kind, found in rows.items()}


def which(kind: str, text: str) -> str | None:
    """The name of the first ``kind`` rule the text matches (``subhead:known-head``), or None."""
    for name, pattern in _table()[kind]:
        if pattern.search(text):
            return f"{kind}:{name}"
    return None


def strip_end_mark(text: str) -> str:
    """The text without its printed end mark (（完）, （未完待续）)."""
    for _, pattern in _table()["endmark"]:
        text = pattern.sub("", text)
    return text
