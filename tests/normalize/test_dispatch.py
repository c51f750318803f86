"""The scan tries at each position only the rules that can start with its kind of character: it must
read every text exactly as trying all the rules everywhere would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import audiopaper.normalize as normalize_module
from audiopaper.normalize import dispatch, rules, tag

DATA = Path(__file__).with_name("data")
_EVERY_RULE = re.compile(f"(?=[{rules._FIRST}])(?:"
                         + "|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(rules.RULES)) + ")")


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    dispatched = tag(text)
    with monkeypatch.context() as patch:
        patch.setattr(normalize_module, "COMBINED", _EVERY_RULE)
        undispatched = tag(text)
    return dispatched, undispatched


def test_every_case_is_read_as_without_dispatch(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(line.partition(" => ")[0] for path in sorted(DATA.glob("*.txt"))
                     for line in path.read_text(encoding="utf-8").splitlines())
    dispatched, undispatched = _both(text, monkeypatch)
    assert dispatched == undispatched


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(st.characters(), st.sampled_from(list("0123456789:-/.·+#%年月号第KG运-")),
                         st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)), max_size=60))
def test_random_text_is_read_as_without_dispatch(text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        dispatched, undispatched = _both(text, patch)
    assert dispatched == undispatched


def test_kinds_are_read_from_the_pattern() -> None:
    assert dispatch.kinds(r"(?<![\d.])\d+") == {dispatch.DIGIT}
    assert dispatch.kinds(r"第\d+") == {dispatch.OTHER}
    assert dispatch.kinds(r"(?:[A-Z]|\s)?\d") == dispatch.KINDS
    assert dispatch.kinds(r"x*") == dispatch.KINDS  # can match nothing: tried everywhere
