"""The engine contract: what an engine declares, the defaults it gets, and how the registry and
the engine modes use the declarations (a third-party engine can be the online or offline choice)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from audiopaper.cli import cli
from audiopaper.errors import ConfigError, EngineUnavailable, UsageError
from audiopaper.synth import synthesize
from audiopaper.synth.cache import AudioCache
from audiopaper.synth.engine import (Engine, EngineVoice, Option, engine_ids, get_engine,
                                     registered, unregister_engine)
from audiopaper.synth.select import choose_voices, engine_modes
from audiopaper.synth.voices import load_profile
from audiopaper.types import Audio, Segment


class Quiet(Engine):
    """A third-party offline engine that records what it is given."""

    id = "quiet"
    max_chars = 12
    options = {"pace": Option(0, -20, 20, whole=True)}

    def __init__(self) -> None:
        self.texts: list[str] = []

    def voices(self) -> list[EngineVoice]:
        return [EngineVoice("q", "zh-CN")]

    def synthesize(self, text: str, voice: str, options: Mapping[str, Any]) -> Audio:
        self.texts.append(text)
        return Audio(np.zeros(240 * len(text), dtype=np.int16), 24_000)


class Cloud(Quiet):
    """A third-party online engine whose service is down."""

    id = "cloud"
    online = True

    def check(self) -> None:
        raise EngineUnavailable("the cloud service does not answer: check the network")


@pytest.fixture
def third_party(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Both engines registered, with a voice each; cloud's fallback is the quiet voice."""
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "hush.toml").write_text('name = "hush"\nengine = "quiet"\nengine_voice = "q"\n')
    (voices / "sky.toml").write_text('name = "sky"\nengine = "cloud"\nengine_voice = "q"\n'
                                     'fallback = "hush"\n')
    monkeypatch.setenv("AUDIOPAPER_VOICES_DIR", str(voices))
    quiet = Quiet()
    with registered("quiet", lambda: quiet), registered("cloud", Cloud):
        yield quiet


def test_an_engine_that_declares_nothing_gets_the_defaults():
    class Bare(Engine):
        id = "bare"

    bare = Bare()
    assert (bare.version, bare.concurrency, bare.accepts_pinyin, bare.online) == ("1", 1, False, False)
    assert bare.max_chars == 120 and bare.validate_options({}) == {}
    bare.check()  # nothing to check, nothing to cancel or resume: none of them raises
    bare.cancel()
    bare.resume()
    with pytest.raises(ConfigError, match="unknown bare option.*use only none"):
        bare.validate_options({"pace": 1})


def test_declared_options_are_validated_once_for_every_engine():
    quiet = Quiet()
    assert quiet.validate_options({"pace": 9.6}) == {"pace": 10}
    with pytest.raises(ConfigError, match="quiet option 'pace' must be a number of percent from "
                                          "-20 to 20, not 30"):
        quiet.validate_options({"pace": 30})
    with pytest.raises(ConfigError, match="not True"):
        quiet.validate_options({"pace": True})


def test_registered_is_undone_and_restores_what_was_there(third_party):
    assert {"quiet", "cloud"} <= set(engine_modes())
    replacement = Quiet()
    with registered("quiet", lambda: replacement):
        assert get_engine("quiet") is replacement
    assert get_engine("quiet") is third_party
    with registered("gone", Quiet):
        assert "gone" in engine_ids()
    assert "gone" not in engine_ids()
    unregister_engine("never-there")  # forgetting an unknown engine is fine


def test_the_registry_refuses_what_is_not_an_engine():
    with registered("odd", object), pytest.raises(ConfigError, match="subclass"):
        get_engine("odd")


def test_a_third_party_offline_engine_is_an_engine_mode(third_party):
    choice = choose_voices("quiet", "sky")  # an online voice asked for, offline only wanted
    assert (choice.body, choice.headline, choice.notice) == ("hush", "hush", "")
    assert choose_voices("quiet").body == "hush"  # its own voice when none is named


def test_auto_stands_the_offline_voice_in_for_a_third_party_online_engine(third_party):
    choice = choose_voices("auto", "sky")
    assert choice.body == "hush" and "cloud service does not answer" in choice.notice
    with pytest.raises(EngineUnavailable, match="cloud"):
        choose_voices("cloud", "sky")
    with pytest.raises(UsageError, match="uses the quiet engine, not cloud"):
        choose_voices("cloud", "hush")


def test_the_synthesis_stage_alone_cuts_to_max_chars(third_party, tmp_path: Path):
    text = "第一句话很短。第二句话要长一些，有逗号。"
    synthesize([Segment(text=text, speech=text, voice="hush")], {"hush": load_profile("hush")},
               AudioCache(tmp_path / "cache"))
    assert all(len(t) <= Quiet.max_chars for t in third_party.texts)
    assert "".join(third_party.texts) == text


def test_the_cli_offers_registered_engines(third_party, tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text("桃花节启幕\n\n本报讯 第二十三届桃花节将于3月25日启幕，十万亩桃花盛开。\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["script", str(page), "--engine", "quiet", "--date",
                                      "2024-03-15"])
    assert result.exit_code == 0, result.output
    assert all(len(line) <= Quiet.max_chars for line in result.stdout.splitlines())
    assert "quiet" in CliRunner().invoke(cli, ["build", "--help"]).output
    wrong = CliRunner().invoke(cli, ["script", str(page), "--engine", "nope"])
    assert wrong.exit_code == 2 and "'nope' is not one of 'auto'" in wrong.output
