"""Showing the segmentation to a producer: a JSON list (one object per item) or a short listing."""

from __future__ import annotations

import json
from typing import Any

from ..types import Article
from .builder import Decision

#: How the build's one-line summary names each kind that was not read.
_PLURALS = {"ad": ("ad", "ads"), "masthead": ("masthead", "mastheads"),
            "table": ("table", "tables"), "index": ("index box", "index boxes"),
            "label": ("column label", "column labels"), "staff": ("staff line", "staff lines"),
            "slogan": ("slogan", "slogans"), "header": ("page header", "page headers"),
            "credit": ("photo credit", "photo credits"), "caption": ("caption", "captions"),
            "photo": ("photo", "photos"), "furniture": ("other item", "other items"),
            "paid": ("paid notice", "paid notices"), "lottery": ("lottery result", "lottery results")}


def to_records(items: list[Article]) -> list[dict[str, Any]]:
    """Plain dicts in a stable key order; ``source_lines`` lists every [first, last] line span."""
    return [{
        "title": a.title, "overline": a.overline, "subtitle": a.subtitle, "byline": a.byline,
        "dateline": a.dateline, "kind": a.kind, "section": a.section, "page": a.page,
        "continued_from": a.continued_from, "continued_to": a.continued_to,
        "source": a.source, "reason": a.reason, "paragraphs": list(a.paragraphs),
        "source_lines": [list(a.source_lines), *[list(span) for span in a.more_lines]],
    } for a in items]


def skipped_record(a: Article) -> dict[str, Any]:
    """One item that is not read, for the run report: kind, reason, page, lines and its text."""
    text = a.title or (a.paragraphs[0] if a.paragraphs else a.byline)
    return {"kind": a.kind, "reason": a.reason, "page": a.page,
            "lines": [list(a.source_lines), *[list(span) for span in a.more_lines]],
            "text": text[:60]}


def to_json(items: list[Article]) -> str:
    return json.dumps(to_records(items), ensure_ascii=False, indent=2) + "\n"


def _lines(a: Article) -> str:
    spans = [a.source_lines, *a.more_lines]
    return ", ".join(f"{x}-{y}" if x != y else str(x) for x, y in spans)


def skipped_summary(items: list[Article]) -> str:
    """'3 ads, 1 masthead, 1 table': what was not read, by kind, most first ('' when nothing)."""
    counts: dict[str, int] = {}
    for a in items:
        if not a.is_spoken:
            counts[a.kind] = counts.get(a.kind, 0) + 1
    named = {k: _PLURALS.get(k, (k, k))[counts[k] != 1] for k in counts}
    order = sorted(counts, key=lambda k: (-counts[k], named[k]))
    return ", ".join(f"{counts[k]} {named[k]}" for k in order)


def describe(items: list[Article]) -> str:
    """One block per item: number (spoken items only), kind, title, furniture fields, size.

    Items that are not read are marked '-' with the rule that set them aside; the last line
    sums them up by kind.
    """
    out, number = [], 0
    for a in items:
        number += a.is_spoken
        mark = f"{number:>2}." if a.is_spoken else "  -"
        head = a.title or (a.paragraphs[0][:30] if a.paragraphs else a.byline)
        why = f"  skipped: {a.reason}" if a.reason and not a.is_spoken else ""
        out.append(f"{mark} [{a.kind}] {head}  (lines {_lines(a)}){why}")
        fields = [("引题", a.overline), ("副题", a.subtitle), ("电头", a.dateline),
                  ("署名", a.byline), ("栏目", a.section), ("版", a.page),
                  ("上接", a.continued_from), ("下转", a.continued_to)]
        shown = "  ".join(f"{k}：{v}" for k, v in fields if v)
        if shown:
            out.append(f"     {shown}")
        if a.is_spoken:
            chars = sum(len(p) for p in a.paragraphs)
            plural = "" if len(a.paragraphs) == 1 else "s"
            out.append(f"     {len(a.paragraphs)} paragraph{plural}, {chars} characters")
    summary = skipped_summary(items)
    out.append(f"skipped: {summary}" if summary else "skipped: nothing")
    return "\n".join(out) + "\n"


def explain(decisions: list[Decision]) -> str:
    """One line per block: its line number, what it was taken for, the rule, and its text."""
    rows = [f"{d.line}\t{d.kind}\t{d.rule}\t{d.text[:40]}{'…' if len(d.text) > 40 else ''}"
            + (f"\t{d.where}" if d.where else "") for d in sorted(decisions, key=lambda d: d.line)]
    return "\n".join(rows) + "\n"
