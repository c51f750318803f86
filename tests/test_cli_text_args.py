"""Text that starts with '-' is text in every command that takes text: nobody must know about '--'."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from audiopaper.cli import cli
from faultkit import fake_env  # noqa: F401  (fixture)

DASHED = ["-5℃的早晨", "-0", "--", "-", "—-3", "-o", "--explain-not", "-x 很冷", "--5"]


@pytest.mark.parametrize("text", [t for t in DASHED if t != "--"])
def test_normalize_reads_dashed_text(text: str):
    result = CliRunner().invoke(cli, ["normalize", text])
    assert result.exit_code == 0, result.output
    assert result.output.strip()  # something was read aloud, not an option error


def test_a_leading_minus_is_read_as_a_minus_sign():
    result = CliRunner().invoke(cli, ["normalize", "-5℃的早晨", "--explain"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("零下五摄氏度")


def test_options_before_or_after_dashed_text_still_count(tmp_path: Path):
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("早晨\t早晨\n", encoding="utf-8")
    for args in (["--explain", "-5℃"], ["-5℃", "--explain"], ["-5℃", "--lexicon", str(lexicon)],
                 ["--lexicon=" + str(lexicon), "-5℃"], ["--", "-5℃"]):
        result = CliRunner().invoke(cli, ["normalize", *args])
        assert result.exit_code == 0, (args, result.output)
        assert "零下五摄氏度" in result.output, args
    explained = CliRunner().invoke(cli, ["normalize", "-5℃", "--explain"]).output
    assert explained != CliRunner().invoke(cli, ["normalize", "-5℃"]).output


def test_pinyin_reads_dashed_text():
    result = CliRunner().invoke(cli, ["pinyin", "-5℃的早晨", "--citation"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("- 5 ℃") and "zao3 chen2" in result.output  # one token a character


def test_say_speaks_dashed_text(tmp_path: Path, fake_env):  # noqa: F811
    out = tmp_path / "cold.mp3"
    result = CliRunner().invoke(cli, ["say", "-5℃的早晨", "-o", str(out), "--voice", "fake"])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    # an option value that starts with '-' stays the option's value
    dashed_out = tmp_path / "-dash.mp3"
    result = CliRunner().invoke(cli, ["say", "今天", "--output", str(dashed_out), "--voice", "fake"])
    assert result.exit_code == 0, result.output


def test_a_missing_text_or_unknown_option_value_still_errors():
    result = CliRunner().invoke(cli, ["say", "-5℃"])  # no -o
    assert result.exit_code == 2 and "-o" in result.output
