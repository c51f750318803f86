"""Properties over generated text: nothing to rewrite => unchanged; every digit is read aloud."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from audiopaper.normalize import normalize, tag

_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_PLAIN = st.sampled_from(list("，。、：；！？“”《》…·abcXYZ -~.,"))
_NUMERIC = st.sampled_from(list("0123456789０１２%％.-/:：~年月日号个元万亿第kmg℃㎡¥$+（）□—"))


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(_HAN, _PLAIN), max_size=80))
def test_text_without_numbers_or_symbols_is_unchanged(text: str) -> None:
    assert normalize(text) == text


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(_HAN, _NUMERIC), max_size=60))
def test_no_digit_is_left_unread(text: str) -> None:
    assert not re.search(r"[0-9０-９]", normalize(text))


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(_HAN, _NUMERIC, _PLAIN), max_size=60))
def test_rewrites_are_ordered_and_disjoint(text: str) -> None:
    spans = tag(text)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert all(text[r.start:r.end] == r.raw for r in spans)


def test_the_whole_seed_page_is_read_without_a_digit_or_a_bad_mark() -> None:
    from paths import SEED_EDITION

    spoken = normalize(SEED_EDITION.read_text(encoding="utf-8"))
    assert not re.search(r"[0-9□■/%]", spoken)
    assert "二零二四首届" in spoken and "幺二三三三" in spoken


#: Every kind of character the rules look at, plus any other: no input may make normalize fail.
_ANY = st.one_of(st.characters(), _HAN, _NUMERIC, _PLAIN,
                 st.sampled_from(list("·•∶×÷±≥′″'\"#@＃〔〕【】①⑴⒈㈠ⅡⅫ³²μ胜负平比分秒时K+")))


@settings(max_examples=400, deadline=None)
@given(st.text(_ANY, max_size=80))
def test_no_text_makes_it_fail(text: str) -> None:
    spoken = normalize(text)
    assert isinstance(spoken, str)
    spans = tag(text)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=17, max_value=6000), st.sampled_from(
    ["{}", "{}.5", "0.{}", "第{}", "{}/7", "7/{}", "{}%", "{}km", "¥{}", "{}:30", "比分{}:1", "{}年",
     "-{}", "{},000", "〔2023〕{}号", "第{}期", "运-{}", "K{}+500", "A{}", "{}.{}"]))
def test_numbers_of_any_length_are_read(length: int, shape: str) -> None:
    number = ("1234567890" * (length // 10 + 1))[:length]
    text = shape.format(number, number)
    assert not re.search(r"\d", normalize(text))


def test_a_five_thousand_digit_number_is_read_digit_by_digit() -> None:
    spoken = normalize("9" * 5000 + "元")
    assert spoken == "九" * 5000 + "元"
