"""The e-paper from the command line: `fetch`, and `segment`/`script`/`build` given a URL, a saved
sources folder or nothing at all ([source] url in audiopaper.toml); one line and its own exit
code when a site cannot be read; a fetch killed with SIGKILL resumes from what it saved."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiopaper.cli import cli
from audiopaper.errors import EXIT_NO_TEXT, EXIT_NOT_YET, EXIT_USAGE

from epaper_site import DATE, Faults, SiteServer, render, spoken_titles
from faultkit import fake_env, start_cli  # noqa: F401  (fixture)

SOURCES = Path("sources") / DATE.isoformat()


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_fetch_saves_the_edition_and_segment_reads_the_folder_offline():
    site = render("founder-classic")
    with SiteServer(site) as server:
        fetched = _run("fetch", server.url(site.index))
        assert fetched.exit_code == 0, fetched.output
        assert "founder-classic: 4 pages, 9 articles" in fetched.output
        asked = len(server.log)
    shown = _run("segment", str(SOURCES), "--json")  # the server is gone: the folder suffices
    assert shown.exit_code == 0, shown.output
    titles = [a["title"] for a in json.loads(shown.output) if a["kind"] in ("article", "brief", "notice")]
    assert titles == spoken_titles() and asked == 15  # index, page 1 twice, 3 pages, 9 articles


def test_segment_takes_the_url_and_explain_shows_where_each_item_came_from():
    site = render("founder-pc")
    with SiteServer(site) as server:
        shown = _run("segment", server.url(site.entry), "--explain")
    assert shown.exit_code == 0, shown.output
    rows = [line.split("\t") for line in shown.output.splitlines()]
    assert all(row[-1].startswith(server.base + "/epaper/pc/content/") for row in rows)
    assert ["staff", "founder-pc staff:editor"] in [row[1:3] for row in rows]


@pytest.mark.parametrize("render_kw, faults, code, words", [
    ({}, Faults(hidden={"/paper/html/2024-03/15/node_2.htm": 99}), EXIT_NOT_YET, "--wait"),
    ({"scripted": True}, Faults(), EXIT_NO_TEXT, "JavaScript"),
    ({"images_only": True}, Faults(), EXIT_NO_TEXT, "page PDFs"),
], ids=["not-out-yet", "javascript", "images-only"])
def test_a_site_that_cannot_be_read_gets_one_line_and_its_exit_code(render_kw, faults, code, words):
    site = render("founder-classic", **render_kw)
    with SiteServer(site, faults) as server:
        for command in ("fetch", "segment"):
            result = _run(command, server.url(site.entry))
            assert result.exit_code == code, result.output
            lines = result.output.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0]


def test_build_with_no_edition_and_no_source_names_the_fix():
    result = _run("build", "--date", "2024-03-15")
    assert result.exit_code == EXIT_USAGE and "[source] url" in result.output


def test_a_url_of_another_date_than_date_is_refused():
    site = render("founder-classic")
    with SiteServer(site) as server:
        result = _run("fetch", server.url(site.entry), "--date", "2024-03-16")
    assert result.exit_code == EXIT_USAGE and "--date 2024-03-15" in result.output


@pytest.mark.slow
def test_build_from_the_configured_source_needs_no_path(tmp_path, fake_env):
    site = render("issue-folder")
    with SiteServer(site) as server:
        template = server.url("/{date:%Y}/{date:%Y%m%d}/{date:%Y%m%d}_001/{date:%Y%m%d}_001.html")
        Path("audiopaper.toml").write_text(f'[source]\nurl = "{template}"\n', encoding="utf-8")
        result = _run("build", "--date", DATE.isoformat(), "--voice", "fake", "--out", "out")
    assert result.exit_code == 0, result.output
    chapters = json.loads(next(Path("out").glob("*.chapters.json")).read_text("utf-8"))
    heard = [c["title"] for c in chapters["chapters"] if c["title"] in spoken_titles()]
    assert heard == spoken_titles()
    assert "skipped: 2 ads, 1 photo, 1 staff line" in result.output
    assert (SOURCES / "manifest.json").is_file()


@pytest.mark.slow
def test_a_killed_fetch_resumes_from_what_it_saved(fake_env):
    site = render("founder-classic")
    stuck = "/paper/html/2024-03/15/content_5009.htm"  # the last article hangs the first fetch
    faults = Faults(slow={stuck: 1}, slow_seconds=120.0)
    with SiteServer(site, faults) as server:
        first = start_cli(["fetch", server.url(site.entry)], fake_env)
        try:
            deadline = time.monotonic() + 120
            while stuck not in server.arrivals and time.monotonic() < deadline:
                time.sleep(0.05)
            assert stuck in server.arrivals, first.stderr.read() if first.poll() is not None else ""
            while time.monotonic() < deadline and _saved() < 12:  # every page but the stuck one
                time.sleep(0.05)
        finally:
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
        saved = _saved()
        server.log.clear()
        again = _run("fetch", server.url(site.entry))
    assert again.exit_code == 0, again.output
    assert saved == 12 and "1 fetched, 12 unchanged" in again.output
    assert [p for p, s, _h in server.log if s == 200] == [site.entry, stuck]  # the probe, the rest


def _saved() -> int:
    try:
        data = json.loads((SOURCES / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(1 for row in data.get("files", []) if row["status"] == 200)


@pytest.mark.slow
def test_build_all_reads_each_paper_from_its_configured_source(fake_env):
    site = render("founder-people")
    with SiteServer(site) as server:
        url = server.url(site.entry.replace(f"{DATE:%Y-%m}/{DATE:%d}", "{date:%Y-%m}/{date:%d}"))
        Path("paper.toml").write_text(f'[source]\nurl = "{url}"\n', encoding="utf-8")
        Path("group.toml").write_text("[[paper]]\nname = 'xczb'\nconfig = 'paper.toml'\n"
                                      "out = 'out'\nvoice = 'fake'\n", encoding="utf-8")
        result = _run("build-all", "group.toml", "--date", DATE.isoformat())
    assert result.exit_code == 0, result.output
    assert "xczb\tdue 23:59\texit 0" in result.output
    chapters = json.loads(next(Path("out").glob("*.chapters.json")).read_text("utf-8"))
    assert [c["title"] for c in chapters["chapters"] if c["title"] in spoken_titles()] == spoken_titles()


@pytest.mark.slow
def test_a_rebuild_after_a_correction_speaks_only_the_corrected_sentence(fake_env, monkeypatch):
    log = Path("engine.log")
    monkeypatch.setenv("FAKE_ENGINE_LOG", str(log.resolve()))
    site = render("founder-classic")
    with SiteServer(site) as server:
        args = ["build", server.url(site.index), "--date", DATE.isoformat(), "--voice", "fake",
                "--out", "out"]
        assert _run(*args).exit_code == 0
        first = log.read_text("utf-8").splitlines()
        log.unlink()
        path = f"/paper/html/{DATE:%Y-%m}/{DATE:%d}/content_5007.htm"  # 老街早市搬进新市场
        body, kind = site.files[path]
        site.files[path] = (body.replace("120".encode("gbk"), "150".encode("gbk")), kind)
        again = _run(*args)
    assert again.exit_code == 0, again.output
    spoken = log.read_text("utf-8").splitlines()
    assert first and spoken and len(spoken) <= 2 < len(first)
    assert all("一百五十" in line or "150" in line for line in spoken)
