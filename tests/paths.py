"""Paths tests read: the repository, the shared seed page and the project's example edition."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_EDITION = SHARED / "editions" / "2024-03-15-local-news.txt"
EXAMPLE_EDITION = REPO / "examples" / "2024-03-15-example.txt"
