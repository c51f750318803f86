"""Paths tests read, all inside the repository: a clone needs nothing beside it."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
SEED_EDITION = DATA / "2024-03-15-local-news.txt"
PEER_CASES = REPO / "tests" / "normalize" / "peers" / "cases"
EXAMPLE_EDITION = REPO / "examples" / "2024-03-15-example.txt"
