"""Showing the segmentation to a producer: a JSON list (one object per item) or a short listing."""

from __future__ import annotations

import json
from typing import Any

from ..types import Article


def to_records(items: list[Article]) -> list[dict[str, Any]]:
    """Plain dicts in a stable key order; ``source_lines`` lists every [first, last] line span."""
    return [{
        "title": a.title, "overline": a.overline, "subtitle": a.subtitle, "byline": a.byline,
        "dateline": a.dateline, "kind": a.kind, "section": a.section, "page": a.page,
        "continued_from": a.continued_from, "continued_to": a.continued_to,
        "source": a.source, "paragraphs": list(a.paragraphs),
        "source_lines": [list(a.source_lines), *[list(span) for span in a.more_lines]],
    } for a in items]


def to_json(items: list[Article]) -> str:
    return json.dumps(to_records(items), ensure_ascii=False, indent=2) + "\n"


def _lines(a: Article) -> str:
    spans = [a.source_lines, *a.more_lines]
    return ", ".join(f"{x}-{y}" if x != y else str(x) for x, y in spans)


def describe(items: list[Article]) -> str:
    """One block per item: number (spoken items only), kind, title, furniture fields, size."""
    out, number = [], 0
    for a in items:
        number += a.is_spoken
        mark = f"{number:>2}." if a.is_spoken else "  -"
        head = a.title or (a.paragraphs[0][:30] if a.paragraphs else a.byline)
        out.append(f"{mark} [{a.kind}] {head}  (lines {_lines(a)})")
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
    return "\n".join(out) + "\n"
