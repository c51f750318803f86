"""The CPP polyphone benchmark (Park & Lee 2020): how often the front end reads the marked
character as its label. A line of ``.sent`` holds one character wrapped in ``▁``; the same line
of ``.lb`` its citation reading (ü written ``u:``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MARK = "\u2581"


@dataclass(frozen=True)
class Case:
    sentence: str  # without the marks
    index: int  # of the marked character
    label: str  # toned pinyin, ü as v


@dataclass(frozen=True)
class Score:
    cases: int
    right: int
    errors: tuple[tuple[Case, str], ...]

    @property
    def accuracy(self) -> float:
        return self.right / self.cases if self.cases else 0.0


def load(stem: Path) -> list[Case]:
    """Cases of ``stem.sent`` and ``stem.lb``."""
    sentences = stem.with_suffix(".sent").read_text(encoding="utf-8").splitlines()
    labels = stem.with_suffix(".lb").read_text(encoding="utf-8").splitlines()
    cases = []
    for line, label in zip(sentences, labels):
        index = line.index(MARK)
        cases.append(Case(line.replace(MARK, ""), index, label.strip().replace("u:", "v")))
    return cases


def score(cases: list[Case], reader: Callable[[str], list[str]]) -> Score:
    """``reader`` gives one citation token per character of a sentence."""
    errors = []
    for case in cases:
        got = reader(case.sentence)[case.index]
        if got != case.label:
            errors.append((case, got))
    return Score(len(cases), len(cases) - len(errors), tuple(errors))
