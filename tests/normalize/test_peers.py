"""Other normalizers' public test cases (copied into peers/cases/, see its README): each passes, or
is listed in peers/differences.tsv with our output and the convention that makes it differ."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from audiopaper.normalize import normalize

from paths import PEER_CASES

PEERS = Path(__file__).with_name("peers")


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith(("#", "category\t"))]


@cache
def differences() -> dict[tuple[str, str], tuple[str, str]]:
    """(file, input) => (our output, reason code)."""
    return {(f, i): (ours, why) for f, i, ours, why in _rows(PEERS / "differences.tsv")}


def reasons() -> set[str]:
    text = (PEERS / "differences.tsv").read_text(encoding="utf-8")
    return {line[4:].split(":")[0] for line in text.splitlines() if line.startswith("#   ")}


def peer_cases() -> list[tuple[str, str, str]]:
    return [(path.name, row[1], row[2]) for path in sorted(PEER_CASES.glob("*_cases.tsv"))
            for row in _rows(path)]


@pytest.mark.parametrize(("name", "written", "expected"), peer_cases(),
                         ids=lambda v: v[:20])
def test_peer_case(name: str, written: str, expected: str) -> None:
    ours = normalize(written)
    listed = differences().get((name, written))
    if listed is None:
        assert ours in expected.split(" | ")
    else:
        assert ours not in expected.split(" | "), "now passes: delete it from differences.tsv"
        assert ours == listed[0]


def test_every_difference_has_a_documented_reason() -> None:
    known = reasons()
    assert all(why in known for _ours, why in differences().values())


def test_every_difference_is_a_peer_case() -> None:
    cases = {(name, written) for name, written, _ in peer_cases()}
    assert set(differences()) <= cases


def test_the_peer_cases_are_in_the_repository() -> None:
    counts = {path.name: len(_rows(path)) for path in PEER_CASES.glob("*_cases.tsv")}
    assert counts == {"cn2an_cases.tsv": 12, "nemo_zh_cases.tsv": 367,
                      "paddlespeech_cases.tsv": 127, "wetext_cases.tsv": 141}
