"""Bad input gets a one-line error that names the fix, or a sensible result; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from audiopaper.cli import cli
from audiopaper.errors import InputError
from audiopaper.pipeline import read_articles
from audiopaper.segment import segment

from paths import SEED_EDITION

SEED_LINES = [l for l in SEED_EDITION.read_text(encoding="utf-8").splitlines() if l.strip()]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, words", [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"  \n\n\t \r\n", "is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("symbols.txt", "★★★★\n\n——————\n\n＊　＊　＊\n".encode(), "no article was found"),
    ("headings.txt", "政闻快报\n\n要闻\n\n目录\n".encode(), "no article was found"),
])
def test_unreadable_editions_get_one_line_errors(tmp_path: Path, name, data, words):
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError, match=words):
        read_articles(path)
    result = CliRunner().invoke(cli, ["segment", str(path)])
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and ":" in result.output


def test_missing_file_and_folder_given_as_page(tmp_path: Path):
    with pytest.raises(InputError, match="check the path"):
        read_articles(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="no .txt or .md files"):
        read_articles(tmp_path)


def test_enormous_unpunctuated_paragraph_is_refused_with_its_line(tmp_path: Path):
    path = _write(tmp_path, "run.txt", ("标题\n\n" + "字" * 50_000 + "\n").encode())
    with pytest.raises(InputError, match="line 3 is 50000 characters with no punctuation"):
        read_articles(path)


def test_long_punctuated_paragraph_is_fine():
    items = segment("标题\n\n" + "这是一个很长的段落，" * 3000 + "完。\n")
    assert items[0].title == "标题" and len(items[0].paragraphs) == 1


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("记者本报讯摄（）()：:，。！？、“”□—\n 0123456789A版上接下转第图文/"
                                               "改革创新桃花节政闻快报卫生从脚下起步文明自你我做起")),
               max_size=400))
def test_no_text_crashes_segmentation(text: str):
    try:
        items = segment(text)
    except InputError:
        return
    assert all(item.kind for item in items)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=25), st.randoms())
def test_shuffled_seed_lines_lose_no_body_text(lines: list[str], rng):
    gaps = ["\n\n" if rng.random() < 0.8 else "\n\n\n\n" for _ in lines]
    text = "".join(line + gap for line, gap in zip(lines, gaps))
    everything = "".join(
        a.title + a.overline + a.subtitle + a.byline + a.dateline + "".join(a.paragraphs)
        for a in segment(text))
    for line in lines:
        for sentence in line.split("。"):
            if len(sentence) >= 10 and "讯（" not in sentence and "版）" not in sentence:
                assert sentence in everything


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_no_unicode_text_crashes_segmentation(text: str):
    try:
        segment(text)
    except InputError:
        pass
