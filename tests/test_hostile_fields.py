"""Hostile text in every field, from every input and from the config: cleaned, or refused in one
line before any work, and never a traceback after the night's synthesis.

Builds use the fast fake engine; ``FAKE_ENGINE_LOG`` proves that a refused run synthesized nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from audiopaper.cli import cli
from audiopaper.config import ProgrammeConfig, check_base_url, load_config
from audiopaper.errors import ConfigError
from audiopaper.util.inputs import first_unsafe

from faultkit import build_args, fake_env, published, run_cli  # noqa: F401
from paths import EXAMPLE_EDITION

BODY = "肥城桃花节于3月25日开幕，为期一个月。活动期间，景区将举办赏花、民俗表演等活动。"
#: Controls (C0, DEL, C1), noncharacters, and lone surrogates (low before high: not a pair).
HOSTILE = "\x01\x07\x1b\x7f\x85\ufffe\uffff\udfff\ud800\ufdd0\U0001fffe\U0010ffff"
IN_FILES = HOSTILE.replace("\udfff\ud800", "")  # UTF-8 files cannot carry surrogates


pytestmark = pytest.mark.slow  # the full tier: CLI builds of hostile input


@pytest.fixture
def night(tmp_path: Path, fake_env, monkeypatch: pytest.MonkeyPatch):  # noqa: F811
    """A folder with yesterday's edition, and an engine log that shows any synthesis."""
    out = tmp_path / "out"
    args = build_args(EXAMPLE_EDITION, out)
    args[args.index("2024-03-15")] = "2024-03-14"
    assert CliRunner().invoke(cli, args).exit_code == 0
    log = tmp_path / "engine.log"
    monkeypatch.setenv("FAKE_ENGINE_LOG", str(log))
    return out, log


def _clean_outputs(out: Path) -> None:
    """Every published text file is free of unsafe characters and every XML file parses."""
    for name, data in published(out).items():
        if name.endswith((".xml", ".json", ".vtt", ".html")):
            text = data.decode("utf-8")
            assert first_unsafe(text.replace("\r", "")) is None, name
        if name.endswith(".xml"):
            etree.fromstring(data)


def _json_edition(tmp_path: Path, **fields: object) -> Path:
    record = {"title": "桃花节开幕", "paragraphs": [BODY], **fields}
    path = tmp_path / "edition.json"
    # ensure_ascii: lone surrogates and controls travel as \\ud800 and \\u0001 escapes
    path.write_text(json.dumps([record, {"title": "第二篇", "paragraphs": [BODY]}]), encoding="utf-8")
    return path


def _folder_edition(tmp_path: Path) -> Path:
    folder = tmp_path / "articles-in"
    folder.mkdir()
    (folder / "01.txt").write_text(f"桃花{IN_FILES}节开幕\nbyline: 记者{IN_FILES}张三\n\n{BODY}{IN_FILES}\n",
                                   encoding="utf-8")
    (folder / "02.md").write_text(f"# 第二篇\n\n{BODY}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("kind", ["txt", "json", "folder"])
def test_hostile_characters_in_any_input_are_cleaned_and_the_feeds_parse(tmp_path: Path, night,
                                                                         kind: str):
    out, _log = night
    if kind == "txt":
        edition = tmp_path / "page.txt"
        edition.write_text(f"桃花节\ufffe开幕\uffff\n\n{BODY}\x07\n\n第二篇\n\n{BODY}\n", encoding="utf-8")
    elif kind == "json":
        edition = _json_edition(tmp_path, title=f"桃花{HOSTILE}节开幕", byline=f"记者{HOSTILE}",
                                paragraphs=[f"{BODY}{HOSTILE}", BODY], section=HOSTILE)
    else:
        edition = _folder_edition(tmp_path)
    result = CliRunner().invoke(cli, build_args(edition, out))
    assert result.exit_code == 0, result.output
    _clean_outputs(out)
    store = json.loads((out / "episodes.json").read_text(encoding="utf-8"))
    assert "桃花节开幕" in [a["title"] for a in store["editions"][0]["articles"]]


@pytest.mark.parametrize("where, value", [
    ("[paper]\nname", "泰安\x07日报"), ("[paper]\ntitle", "有声\ufffe版"),
    ("[paper]\ndescription", "每天\x1b朗读"), ("[paper]\nauthor", "\x00社"),
    ("[feed]\nowner_name", "张\uffff"), ("[programme]\nintro", "这里是{paper}\x0b。"),
    ("[programme]\noutro", "再见\x85"), ("[audio]\nprofiles", ["podcast", "\x01"]),
])
def test_a_control_character_in_the_config_is_refused_before_any_work(tmp_path: Path, night,
                                                                       where: str, value: object):
    out, log = night
    before = published(out)
    config = tmp_path / "audiopaper.toml"
    escaped = json.dumps(value)  # TOML basic strings take JSON's \\u escapes
    config.write_text(f"{where} = {escaped}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*build_args(EXAMPLE_EDITION, out), "--config", str(config)])
    assert result.exit_code == 2, result.output
    key = where.split("\n")[0].strip("[]") + "." + where.split("\n")[1]
    assert key in result.output and "U+" in result.output and result.output.count("\n") == 1
    assert not log.exists() and published(out) == before  # nothing synthesized, nothing replaced


@pytest.mark.parametrize("flag, value", [("--paper", "泰安\x07日报"), ("--paper", "日报\udcff"),
                                         ("--base-url", "https://example.org/\x00")])
def test_a_control_character_in_a_flag_is_refused_before_any_work(night, flag: str, value: str):
    out, log = night
    before = published(out)
    result = CliRunner().invoke(cli, [*build_args(EXAMPLE_EDITION, out), flag, value])
    assert result.exit_code == 2 and flag in result.output, result.output
    assert not log.exists() and published(out) == before


@pytest.mark.parametrize("lines", [5, "3-7", {"a": 1}, [], [[1]], [1, "2"], [[1, 2], 3], [True, 2],
                                   [1.5, 2], [-1, 2], [[1, 2, 3]], [None, None], [[1, 2], None],
                                   [10**30, 1]])
def test_wrong_source_lines_in_json_are_a_one_line_error(tmp_path: Path, night, lines: object):
    out, log = night
    result = CliRunner().invoke(cli, build_args(_json_edition(tmp_path, source_lines=lines), out))
    assert result.exit_code == 3 and "source_lines" in result.output, result.output
    assert result.output.count("\n") == 1 and not log.exists()


def test_source_lines_as_segment_writes_them_are_read(tmp_path: Path, night):
    out, _ = night
    for lines in ([3, 23], [[3, 23], [140, 160]]):
        assert CliRunner().invoke(cli, ["segment", str(_json_edition(tmp_path, source_lines=lines)),
                                        "--json"]).exit_code == 0


@pytest.mark.parametrize("data", ["[" * 100_000 + "]" * 100_000, '[{"title": "x", "paragraphs": ["a"], '
                                  '"source_lines": [' + "9" * 5000 + ', 1]}]'])
def test_json_nested_too_deep_or_with_huge_numbers_is_a_one_line_error(tmp_path: Path, data: str):
    path = tmp_path / "edition.json"
    path.write_text(data, encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(path)])
    assert result.exit_code == 3 and "fix the JSON" in result.output, result.output
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("toml", ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{b = " * 5000 + "1" + "}" * 5000,
                                  "[paper]\nname = " + "[" * 5000 + "]" * 5000])
def test_a_5000_level_toml_is_a_one_line_error(tmp_path: Path, toml: str):
    path = tmp_path / "audiopaper.toml"
    path.write_text(toml, encoding="utf-8")
    result = CliRunner().invoke(cli, ["feed", "--out", str(tmp_path), "--config", str(path)])
    assert result.exit_code == 2 and str(path) in result.output, result.output
    assert "Recursion" not in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize("template", ["{paper.__class__.__mro__}", "{paper.x}", "{count[0]}",
                                      "{date!r}", "{paper:>99999999999}", "{0}", "{}", "{papers}",
                                      "{paper", "paper}", "{count.real}"])
def test_intro_templates_reach_only_the_documented_fields(tmp_path: Path, template: str):
    path = tmp_path / "audiopaper.toml"
    path.write_text(f"[programme]\nintro = {json.dumps(template)}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "programme.intro" in message and "{paper}, {date}, {count}" in message
    assert "\n" not in message
    with pytest.raises(ConfigError):
        ProgrammeConfig(outro=template)


def test_documented_fields_and_escaped_braces_are_allowed():
    programme = ProgrammeConfig(intro="这里是{paper}。{date}，{count}篇。{{括号}}")
    assert programme.intro.format(paper="P", date="D", count=3) == "这里是P。D，3篇。{括号}"


@pytest.mark.parametrize("url", ["http://", "https:///paper", "ftp://example.org", "http//example.org",
                                 "javascript:alert(1)", "http://exa mple.org", "http://example.org:99999",
                                 "http://example.org:port", "https://example.org/?a=1",
                                 "https://example.org/#x", "httpx://example.org", "//example.org",
                                 "https://[::1", "https://example.org/\n"])
def test_base_url_is_checked_by_parsing(url: str):
    with pytest.raises(ConfigError, match="base_url"):
        check_base_url(url, "paper.base_url")


@pytest.mark.parametrize("url", ["https://example.org/paper", "http://127.0.0.1:8000",
                                 "https://[::1]:8443/podcast/", "HTTPS://Example.org"])
def test_good_base_urls_pass(url: str):
    assert check_base_url(url, "paper.base_url") == url


def test_a_bad_base_url_flag_is_refused_before_any_work(night):
    out, log = night
    result = CliRunner().invoke(cli, [*build_args(EXAMPLE_EDITION, out), "--base-url", "ftp://x.org"])
    assert result.exit_code == 2 and "--base-url" in result.output and not log.exists()


@pytest.mark.parametrize("kind", ["device", "fifo", "fifo-as-config"])
def test_an_endless_edition_or_config_is_refused_without_blocking(tmp_path: Path, fake_env, kind: str):  # noqa: F811
    fifo = tmp_path / "edition.txt"
    os.mkfifo(fifo)  # no writer: opening it for reading would block forever
    edition = Path("/dev/zero") if kind == "device" else fifo
    args = build_args(EXAMPLE_EDITION if kind == "fifo-as-config" else edition, tmp_path / "out")
    if kind == "fifo-as-config":
        args += ["--config", str(fifo)]
    try:
        result = run_cli(args, fake_env, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{kind}: the build blocked reading it")
    assert result.returncode in (2, 3), result.stderr
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr


def test_a_feed_that_fails_its_check_replaces_nothing_not_even_the_cover(tmp_path: Path):
    import datetime as dt

    from audiopaper.errors import PublishError
    from audiopaper.feed import publish_episode, regenerate

    from feed_samples import make_episode, settings

    out = tmp_path / "out"
    publish_episode(make_episode(out, dt.date(2024, 3, 15)), out, settings())
    before = published(out)
    gone = next(name for name in before if name.startswith("media/2024-03-15-01."))
    (out / gone).unlink()  # the feed would lie
    with pytest.raises(PublishError, match="was not replaced"):
        regenerate(out, settings(paper="新的报名"))  # a new name would redraw the cover
    assert published(out) == {k: v for k, v in before.items() if k != gone}
