"""Bad and hostile input: each gets a clear error or a safe result, and nothing published is damaged."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audiopaper.feed.store import load_store
from audiopaper import pipeline
from audiopaper.cli import cli
from audiopaper.config import load_config
from audiopaper.errors import ConfigError, InputError
from audiopaper.ingest import clean_text, decode_text
from audiopaper.normalize import normalize
from audiopaper.script import Voices, build_script
from audiopaper.segment import segment
from audiopaper.stitch import safe_slug

from faultkit import build_args, fake_env, partial_files, published  # noqa: F401
from paths import EXAMPLE_EDITION, SEED_EDITION

SEED = SEED_EDITION.read_text(encoding="utf-8")
_SAFE_NAME = re.compile(r"^2024-03-15-\d{2}-[\w-]+\.(mp3|vtt|chapters\.json)$")


pytestmark = pytest.mark.slow  # the full tier: large and hostile editions through real builds


@pytest.fixture
def yesterday(tmp_path: Path, fake_env) -> tuple[Path, dict[str, bytes]]:
    """An output folder that already holds a published edition."""
    out = tmp_path / "out"
    args = build_args(EXAMPLE_EDITION, out)
    args[args.index("2024-03-15")] = "2024-03-14"
    assert CliRunner().invoke(cli, args).exit_code == 0
    return out, published(out)


def _run(tmp_path: Path, out: Path, data: bytes, name: str = "page.txt"):
    page = tmp_path / name
    page.write_bytes(data)
    return CliRunner().invoke(cli, build_args(page, out))


def _intact(out: Path, before: dict[str, bytes]) -> None:
    now = published(out)
    assert {k: now.get(k) for k in before if "2024-03-14" in k} == \
        {k: v for k, v in before.items() if "2024-03-14" in k}
    assert not partial_files(out)


@pytest.mark.parametrize("data, codes", [
    (b"", {3}),
    (b" \n\t\r\n  ", {3}),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, {3}),
    ("桃花节开幕\n\n肥城桃花节于3月25日开幕。".encode("utf-16"), {0}),  # a BOM says UTF-16: read
    (bytes(range(1, 256)) * 40, {0, 3}),  # undecodable noise: refused, or read as (odd) text
    ("Caf\xe9 na\xefve r\xe9sum\xe9.\n".encode("latin-1") * 20, {0, 3}),
    (("．。，、\n\n" * 100).encode(), {3}),  # only punctuation: nothing to read
])
def test_bad_input_gets_a_clear_error_or_a_safe_result(tmp_path: Path, yesterday, data, codes):
    out, before = yesterday
    result = _run(tmp_path, out, data)
    assert result.exit_code in codes, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 3:
        assert "Error:" in result.output and ":" in result.output.split("Error:", 1)[1]
    _intact(out, before)


def test_gb18030_page_reads_like_the_utf8_one(tmp_path: Path, yesterday):
    out, before = yesterday
    result = _run(tmp_path, out, SEED.encode("gb18030"))
    assert result.exit_code == 0, result.output
    titles = [a.title for a in load_store(out)[0].articles]
    expected = [a.title for a in segment(clean_text(SEED)) if a.is_spoken]
    assert titles == expected
    _intact(out, before)


def test_control_characters_are_dropped_from_speech_and_files(tmp_path: Path, yesterday):
    out, before = yesterday
    page = ("桃花\x07节\x1b[31m开幕\u202e啦\n\n肥城\x00桃花节于3月25日\x08开幕。\x0c\n\n".replace("\x00", "")
            + SEED)
    result = _run(tmp_path, out, page.encode())
    assert result.exit_code == 0, result.output
    store = (out / "episodes.json").read_text(encoding="utf-8")
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n " for c in store)
    assert all(_SAFE_NAME.match(p.name) for p in (out / "articles").glob("2024-03-15-*"))
    _intact(out, before)


def test_titles_never_make_unsafe_file_names(tmp_path: Path, yesterday):
    out, before = yesterday
    heads = ["../../逃逸", "/etc/passwd", "CON", "NUL", "..\\..\\windows", "a" * 39, "...", "COM1.txt"]
    page = "\n\n".join(f"{h}\n\n这是第{n}篇文章的正文。" for n, h in enumerate(heads, 1))
    listing = sorted(p.name for p in tmp_path.iterdir()) + ["page.txt"]
    result = _run(tmp_path, out, page.encode())
    assert result.exit_code == 0, result.output
    files = sorted((out / "articles").glob("2024-03-15-*.mp3"))
    # some hostile lines are not headline-shaped and are read as body text instead
    assert len(files) == len(load_store(out)[0].articles) >= len(heads) - 2
    for path in files:
        assert path.parent == out / "articles" and _SAFE_NAME.match(path.name), path.name
        assert len(path.name.encode()) < 255
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(listing)  # nothing outside --out
    _intact(out, before)


@pytest.mark.parametrize("title", ["\x00", "../", "/", "CON", "", "—" * 10, "x" * 5000, "a/b\\c:d*e"])
def test_safe_slug_of_hostile_titles(title: str):
    slug = safe_slug(title)
    assert slug and "/" not in slug and "\\" not in slug and "\x00" not in slug and ".." not in slug
    assert len(slug) <= 40


def test_one_50000_character_paragraph_is_refused_with_the_fix(tmp_path: Path, yesterday):
    """A run-together page (a table exported as one line) is refused, not read as gibberish."""
    out, before = yesterday
    body = ("桃花节开幕市民踊跃参加活动" * 4000)[:50_000]
    result = _run(tmp_path, out, f"长段落\n\n{body}\n".encode())
    assert result.exit_code == 3, result.output
    assert "no punctuation" in result.output and "fix the export" in result.output
    assert "Traceback" not in result.output
    _intact(out, before)


def test_a_5_mb_edition_is_segmented_and_normalized(tmp_path: Path):
    """Synthesis is not run: it is the text stages that must cope with a gigantic page."""
    page = tmp_path / "huge.txt"
    copies = 5 * 1024 * 1024 // len(SEED.encode()) + 1
    page.write_text("\n\n".join([SEED] * copies), encoding="utf-8")
    assert page.stat().st_size >= 5 * 1024 * 1024
    edition = pipeline.load_edition(page, dt.date(2024, 3, 15), "泰安日报")
    script = build_script(edition, Voices("fake", "fake"), max_chars=60)
    assert len(edition.spoken_articles) >= 10 * copies // 2
    assert all(0 < len(s.text) <= 60 for s in script if s.role == "body")


@pytest.mark.parametrize("toml, key", [
    ('[paper]\nname = 5\n', "paper.name"),
    ('[paper]\nbase_url = true\n', "paper.base_url"),
    ('paper = "泰安日报"\n', "paper"),
    ('[voices]\nbody = ["baker"]\n', "voices.body"),
    ('[paper]\nnmae = "x"\n', "paper.nmae"),
    ('[paper\nname = "x"\n', "TOML"),
    ('[feed]\nkeep = "ten"\n', "feed.keep"),
])
def test_config_with_wrong_types_names_the_key(tmp_path: Path, toml: str, key: str):
    path = tmp_path / "audiopaper.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert key in str(caught.value)  # the message names the setting to fix


def test_voice_profile_with_wrong_types_fails_before_the_run(tmp_path: Path, yesterday, monkeypatch):
    out, before = yesterday
    voices = tmp_path / "bad-voices"
    voices.mkdir()
    (voices / "calm.toml").write_text('name = "calm"\nengine = "baker"\nengine_voice = '
                                      '"baker-female"\npace = "slow"\n', encoding="utf-8")
    monkeypatch.setenv("AUDIOPAPER_VOICES_DIR", str(voices))
    args = build_args(EXAMPLE_EDITION, out)
    args[-1] = "calm"
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "pace" in result.output and "Traceback" not in result.output
    _intact(out, before)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_no_text_crashes_segmentation(text: str):
    for article in segment(text):
        assert isinstance(article.title, str)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list("0123456789.%-/:年月日号℃㎡¥$万亿点第个"))))
def test_no_text_crashes_normalization(text: str):
    assert isinstance(normalize(text), str)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_no_bytes_crash_decoding_except_with_a_clear_error(data: bytes):
    try:
        text = clean_text(decode_text(data))
    except InputError as exc:
        assert ": " in str(exc)
    else:
        assert isinstance(text, str)
