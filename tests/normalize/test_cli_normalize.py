"""`audiopaper normalize`: arguments, standard input line by line, --explain, --lexicon."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from audiopaper.cli import cli


def test_arguments_are_read_as_one_line() -> None:
    result = CliRunner().invoke(cli, ["normalize", "2024年3月14日,", "气温-5℃"])
    assert result.exit_code == 0, result.output
    assert result.output == "二零二四年三月十四日, 气温零下五摄氏度\n"


def test_standard_input_gives_one_line_per_line() -> None:
    text = "12333服务热线\n\n没有数字的一行\n增长5%-10%\n"
    result = CliRunner().invoke(cli, ["normalize"], input=text)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["幺二三三三服务热线", "", "没有数字的一行", "增长百分之五到百分之十"]


def test_explain_shows_raw_rule_and_spoken() -> None:
    result = CliRunner().invoke(cli, ["normalize", "--explain", "3-5天后拨打12345"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "三到五天后拨打幺二三四五",
        "  3\tcardinal\t三",
        "  -\trange\t到",
        "  5\tcardinal\t五",
        "  拨打12345\tphone\t拨打幺二三四五",
    ]


def test_lexicon_option_and_its_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.tsv"
    good.write_text("985\t九八五\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["normalize", "--lexicon", str(good), "985高校"])
    assert result.output == "九八五高校\n"
    result = CliRunner().invoke(cli, ["normalize", "--lexicon", str(good), "--explain", "985高校"])
    assert result.output.splitlines() == ["九八五高校", "  985\tlexicon\t九八五"]
    bad = tmp_path / "bad.tsv"
    bad.write_text("985\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["normalize", "--lexicon", str(bad), "985高校"])
    assert result.exit_code == 2 and "bad.tsv:1" in result.output and "Traceback" not in result.output


def test_explain_names_the_class_that_read_each_number() -> None:
    text = "1．泰政办发〔2023〕12号：比赛于20:45开球，主队以3:2战胜对手，运-20亮相，详见www.gov.cn"
    result = CliRunner().invoke(cli, ["normalize", "--explain", text])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "一、泰政办发二零二三十二号：比赛于二十点四十五分开球，主队以三比二战胜对手，运二十亮相，详见www点gov点cn",
        "  1．\tlistnum\t一、",
        "  〔2023〕12号\tdocnum\t二零二三十二号",
        "  20:45\ttime\t二十点四十五分",
        "  3:2\tscore\t三比二",
        "  -20\tcode\t二十",
        "  www.gov.cn\turl\twww点gov点cn",
    ]


def test_a_text_that_starts_with_a_minus_sign_is_read_not_taken_for_an_option():
    from click.testing import CliRunner

    from audiopaper.cli import cli

    result = CliRunner().invoke(cli, ["normalize", "-5℃的早晨，风力2级", "--explain"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "零下五摄氏度的早晨，风力二级"
    assert any("\tgrade\t" in line for line in lines[1:])
