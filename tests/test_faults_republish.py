"""kill -9 during a same-date rebuild: the feeds never lie, whatever the moment.

A podcast app reads ``feed.xml`` and then fetches what it names. At each of 12 random publishing
points of a republish (``tests/crashpoint.py`` kills the real CLI just before or after its Nth
rename into the folder), every enclosure the feeds name must exist with the length they give,
every chapters and transcript link must resolve, and the page's players must find their files.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree, html

from faultkit import TESTS, fake_world_env, build_args, run_cli
from paths import EXAMPLE_EDITION

BASE_URL = "http://127.0.0.1:8000"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
KILLS = 12


pytestmark = pytest.mark.slow  # the full tier: kills of real republishes


@pytest.fixture(scope="module")
def republish(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Today's edition published, and a corrected version of it (every article file changes)."""
    root = tmp_path_factory.mktemp("republish")
    env = fake_world_env(root)
    published = root / "published"
    assert run_cli(build_args(EXAMPLE_EDITION, published), env).returncode == 0
    corrected = root / "corrected.txt"
    text = EXAMPLE_EDITION.read_text(encoding="utf-8")
    corrected.write_text(text.replace("。\n", "。本报记者补充报道。\n"), encoding="utf-8")
    probe = root / "probe"
    shutil.copytree(published, probe)
    count = root / "count"
    assert _crash(probe, corrected, env, 0, "before", count) == 0  # warms the cache, too
    assert json.loads((probe / "episodes.json").read_text())["editions"][0]["size"] != \
        json.loads((published / "episodes.json").read_text())["editions"][0]["size"]
    return {"env": env, "published": published, "corrected": corrected,
            "steps": int(count.read_text())}


def _crash(out: Path, edition: Path, env: dict[str, str], at: int, when: str,
           count: Path | None = None) -> int:
    crash = {"CRASH_DIR": str(out), "CRASH_AT": str(at), "CRASH_WHEN": when,
             "CRASH_COUNT_FILE": str(count or "")}
    args = [sys.executable, str(TESTS / "crashpoint.py"), *build_args(edition, out)]
    return subprocess.run(args, env={**env, **crash}, capture_output=True, timeout=300,
                          check=False).returncode


def _local(out: Path, url: str) -> Path:
    assert url.startswith(BASE_URL + "/"), url
    return out / unquote(url.removeprefix(BASE_URL + "/"))


def feed_lies(out: Path) -> list[str]:
    """What a podcast app would find wrong fetching what each feed and the page name now."""
    problems = []
    for name in ("feed.xml", "articles.xml"):
        for item in etree.parse(str(out / name)).iter("item"):
            enclosure = item.find("enclosure")
            path = _local(out, enclosure.get("url"))
            if not path.is_file() or path.stat().st_size != int(enclosure.get("length")):
                problems.append(f"{name}: {enclosure.get('url')} is not {enclosure.get('length')} bytes")
            for link in [*item.iter(f"{PODCAST}chapters"), *item.iter(f"{PODCAST}transcript")]:
                if not _local(out, link.get("url")).is_file():
                    problems.append(f"{name}: {link.get('url')} is missing")
    page = html.parse(str(out / "index.html"))
    for link in page.xpath("//audio/@src | //a/@href"):
        if "://" not in link and not link.startswith("#") and not (out / unquote(link)).is_file():
            problems.append(f"index.html: {link} is missing")
    return problems


def test_a_republished_feed_names_only_whole_files(republish):
    """The fixture's folders themselves: the check sees what it should."""
    assert feed_lies(republish["published"]) == []  # type: ignore[arg-type]


def test_12_kills_at_random_points_of_a_republish_leave_a_feed_that_does_not_lie(republish,
                                                                                 tmp_path: Path):
    steps = republish["steps"]
    assert isinstance(steps, int) and steps >= KILLS // 2
    rng = random.Random(19)
    points = [(at, when) for at in range(1, steps + 1) for when in ("before", "after")]
    chosen = sorted(rng.sample(points, KILLS))
    for number, (at, when) in enumerate(chosen):
        out = tmp_path / f"kill-{number}"
        shutil.copytree(republish["published"], out)  # type: ignore[arg-type]
        code = _crash(out, republish["corrected"], republish["env"], at, when)  # type: ignore[arg-type]
        assert code == -signal.SIGKILL, (at, when, code)
        assert feed_lies(out) == [], f"killed {when} rename {at} of {steps}"
    last = tmp_path / f"kill-{KILLS - 1}"
    assert run_cli(build_args(republish["corrected"], last), republish["env"]).returncode == 0  # type: ignore[arg-type]
    assert feed_lies(last) == []
    assert not [p for p in (last / "media").iterdir()
                if p.name not in {Path(u).name for u in _linked(last)}], "an orphan copy is left"


def _linked(out: Path) -> set[str]:
    store = json.loads((out / "episodes.json").read_text(encoding="utf-8"))
    return {v for edition in store["editions"] for v in edition["media"].values()}
