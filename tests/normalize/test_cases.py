"""The `written => spoken` files: one per semiotic class, plus whole newspaper sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiopaper.normalize import normalize, tag

DATA = Path(__file__).with_name("data")
#: Files whose cases need not be read by a rule of the file's name.
_ANY_RULE = {"sentences", "passthrough", "fullwidth", "cardinal"}


def cases() -> list[tuple[str, str, str, frozenset[str]]]:
    """(file, written, spoken, rules that may read it) from every data file.

    ``#`` lines are comments; ``# rules: a b`` names the rules of the file (default: its name);
    after ``# contrast:`` only the spoken form is checked (cases another rule reads).
    """
    found = []
    for path in sorted(DATA.glob("*.txt")):
        rules = frozenset({path.stem})
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("# rules:"):
                rules = frozenset(line.split(":", 1)[1].split())
            if line.startswith("# contrast:") or path.stem in _ANY_RULE or path.stem.startswith("sentences"):
                rules = frozenset()
            if not line.strip() or line.startswith("#"):
                continue
            written, sep, spoken = line.partition(" => ")
            assert sep, f"{path.name}:{number}: write the case as 'written => spoken'"
            found.append((path.stem, written, spoken, rules))
    return found


@pytest.mark.parametrize(("kind", "written", "spoken", "rules"), cases(),
                         ids=lambda v: v[:24] if isinstance(v, str) else "")
def test_case(kind: str, written: str, spoken: str, rules: frozenset[str]) -> None:
    assert normalize(written) == spoken
    if rules:
        assert rules & {r.rule for r in tag(written)}, f"{kind}: no rule of {sorted(rules)} read it"


def test_every_class_has_a_data_file() -> None:
    classes = {"cardinal", "decimal", "percent", "fraction", "ordinal", "year", "date", "time",
               "range", "phone", "money", "measure", "alnum", "punctuation", "fullwidth",
               "sentences", "passthrough", "score", "listnum", "docnum", "code", "url"}
    assert classes <= {p.stem for p in DATA.glob("*.txt")}
