"""Publishing settings (audiopaper.toml) and the commands: build --config, feed, serve --help."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from audiopaper import pipeline
from audiopaper.cli import cli
from audiopaper.config import load_config
from audiopaper.errors import ConfigError
from audiopaper.feed import feed_settings, publish_episode
from audiopaper.run.lock import RunLock, is_locked

from feed_samples import linked, make_episode, settings
from paths import EXAMPLE_EDITION, REPO


def test_the_example_config_loads_and_sets_every_feed_value():
    config = load_config(REPO / "audiopaper.example.toml")
    s = feed_settings(config)
    assert (s.paper, s.title, s.author) == ("泰安日报", "泰安日报有声版", "泰安日报社")
    assert (s.owner_name, s.owner_email) == ("泰安日报社新媒体部", "podcast@example.org")
    assert (s.base_url, s.language) == ("https://podcast.example.org/taian", "zh-cn")
    assert (s.category, s.subcategory, s.keep, s.locked, s.cover) == (
        "News", "Daily News", 30, True, None)
    assert s.copyright == "© {year} {paper}" and config.audio.lead_in == 0.5


def test_copyright_and_lead_in_come_from_the_config(tmp_path: Path):
    path = tmp_path / "a.toml"
    path.write_text('[feed]\ncopyright = "版权所有 {paper}"\n[audio]\nlead_in = 1\n', "utf-8")
    config = load_config(path)
    assert feed_settings(config).copyright == "版权所有 {paper}"
    assert config.audio.lead_in == 1.0


def test_flags_override_the_config_and_defaults_follow_the_paper(tmp_path: Path):
    path = tmp_path / "a.toml"
    path.write_text('[paper]\nname = "齐鲁晚报"\n[feed]\ncover = "art/c.png"\nkeep = 3\n',
                    encoding="utf-8")
    config = load_config(path)
    s = feed_settings(config, paper="大众日报", base_url="https://x.example/")
    assert (s.paper, s.title, s.base_url) == ("大众日报", "大众日报有声版", "https://x.example")
    assert s.owner_name == "大众日报" and s.keep == 3
    assert s.cover == (tmp_path / "art" / "c.png").resolve()


@pytest.mark.parametrize("text, message", [
    ("[feed]\nkeep = 0\n", "feed.keep must be at least 1"),
    ("[feed]\nkeep = \"7\"\n", "feed.keep must be a int"),
    ("[feed]\nowner = \"x\"\n", "unknown setting feed.owner"),
    ("[paper]\nbase_url = \"example.org\"\n", "must be an http:// or https:// URL"),
    ("[feed]\nlocked = \"yes\"\n", "feed.locked must be a bool"),
    ('[feed]\ncopyright = "© {yaer}"\n', "feed.copyright has a bad placeholder"),
    ("[audio]\nlead_in = -1\n", "audio.lead_in must be between 0 and 5"),
    ("[audio]\nlead_in = 9\n", "audio.lead_in must be between 0 and 5"),
])
def test_bad_publishing_settings_fail_when_loaded(tmp_path: Path, text: str, message: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_feed_command_regenerates_everything_from_the_store(tmp_path: Path):
    out = tmp_path / "out"
    publish_episode(make_episode(out, dt.date(2024, 3, 15)), out, settings())
    for name in ("feed.xml", "articles.xml", "index.html"):
        (out / name).unlink()
    config = tmp_path / "c.toml"
    config.write_text('[paper]\ntitle = "新标题 & 更多"\nbase_url = "https://example.org/paper"\n',
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["feed", "--out", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    parsed = feedparser.parse(str(out / "feed.xml"))
    assert parsed.feed.title == "新标题 & 更多" and len(parsed.entries) == 1
    assert len(feedparser.parse(str(out / "articles.xml")).entries) == 3
    assert "新标题 &amp; 更多" in (out / "index.html").read_text(encoding="utf-8")


def test_feed_command_on_an_empty_folder_says_what_to_do(tmp_path: Path):
    result = CliRunner().invoke(cli, ["feed", "--out", str(tmp_path)])
    assert result.exit_code == 5 and "run audiopaper build first" in result.output
    assert "Traceback" not in result.output


def test_serve_refuses_a_missing_folder(tmp_path: Path):
    result = CliRunner().invoke(cli, ["serve", "--out", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 2 and "run audiopaper build first" in result.output


@pytest.mark.slow
def test_build_publishes_with_the_config_file(tmp_path: Path):
    config = tmp_path / "audiopaper.toml"
    config.write_text('[paper]\nname = "测试日报"\nbase_url = "https://example.org/t"\n'
                      '[feed]\nowner_email = "a@example.org"\nkeep = 1\n', encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(EXAMPLE_EDITION), "--out", str(out), "--config", str(config)]
    for day in ("2024-03-14", "2024-03-15"):
        result = CliRunner().invoke(cli, [*args, "--date", day])
        assert result.exit_code == 0, result.output
    parsed = feedparser.parse(str(out / "feed.xml"))
    assert parsed.feed.title == "测试日报有声版"
    assert [e.title for e in parsed.entries] == ["测试日报 2024-03-15"]
    assert linked(parsed.entries[0].enclosures[0].href, "2024-03-15.mp3", "https://example.org/t")
    assert not (out / "2024-03-14.mp3").exists()  # keep = 1
    result = CliRunner().invoke(cli, [*args, "--date", "2024-03-15", "--base-url",
                                      "https://cdn.example.org/t"])
    assert result.exit_code == 0, result.output
    entry = feedparser.parse(str(out / "feed.xml")).entries[0]
    assert linked(entry.enclosures[0].href, "2024-03-15.mp3", "https://cdn.example.org/t")
    assert entry.id == parsed.entries[0].id


def test_a_bad_cover_fails_the_build_before_any_synthesis(tmp_path: Path):
    (tmp_path / "tiny.png").write_bytes(b"not an image")
    config = tmp_path / "audiopaper.toml"
    config.write_text('[feed]\ncover = "tiny.png"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE_EDITION), "--date", "2024-03-15",
                                      "--out", str(tmp_path / "out"), "--config", str(config)])
    assert result.exit_code == 2 and "cannot be read as an image" in result.output
    out = tmp_path / "out"  # the run's lock and report may exist; nothing was synthesized or published
    assert not list(out.rglob("*.mp3")) and not (out / "feed.xml").exists()


def test_feed_command_takes_the_output_folders_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A feed regenerated while a build replaces the store could name files it deletes."""
    out = tmp_path / "out"
    publish_episode(make_episode(out, dt.date(2024, 3, 15)), out, settings())
    before, store = (out / "feed.xml").read_bytes(), (out / "episodes.json").read_bytes()
    with RunLock(out):
        (out / "episodes.json").write_text("half", encoding="utf-8")  # a build mid-publish
        result = CliRunner().invoke(cli, ["feed", "--out", str(out)])
        assert result.exit_code == 5 and "is being built by pid" in result.output, result.output
        assert "--wait" in result.output and (out / "feed.xml").read_bytes() == before
        (out / "episodes.json").write_bytes(store)
    seen = []
    real = pipeline.regenerate
    monkeypatch.setattr(pipeline, "regenerate", lambda o, s: seen.append(is_locked(o)) or real(o, s))
    assert CliRunner().invoke(cli, ["feed", "--out", str(out)]).exit_code == 0
    assert seen == [True] and not is_locked(out)


def test_feed_command_waits_for_a_build_when_told(tmp_path: Path):
    out = tmp_path / "out"
    publish_episode(make_episode(out, dt.date(2024, 3, 15)), out, settings())
    lock = RunLock(out)
    lock.acquire()
    threading.Timer(0.5, lock.release).start()
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["feed", "--out", str(out), "--wait", "20"])
    assert result.exit_code == 0, result.output
    assert 0.4 < time.monotonic() - started < 20
