"""Load the normalization tables (``data/*.tsv``): data, not code, so producers can read them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


@cache
def table(name: str) -> dict[str, str]:
    """``data/NAME.tsv`` as written => spoken; ``#`` lines are comments."""
    rows: dict[str, str] = {}
    for line in (DATA_DIR / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, spoken = line.split("\t")[:2]
            rows[written] = spoken
    return rows
