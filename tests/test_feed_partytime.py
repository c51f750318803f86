"""Both feeds as podcast-partytime reads them: the parser the Podcast Index runs on every feed.

It is run with node from npm (installed into .venv/node by scripts/install --test), through
tests/node/partytime.js, which prints what it found as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import re
from pathlib import Path

import pytest

from audiopaper.feed import publish_episode

from feed_samples import TITLES, make_episode, settings
from paths import REPO

NODE = shutil.which("node")
MODULES = REPO / ".venv" / "node" / "node_modules"
SCRIPT = REPO / "tests" / "node" / "partytime.js"
DAY = dt.date(2024, 3, 15)
pytestmark = pytest.mark.skipif(
    not (NODE and (MODULES / "podcast-partytime").is_dir()),
    reason="node or podcast-partytime is missing (scripts/install --test installs it with npm)")


def partytime(feed: Path) -> dict:
    """What podcast-partytime makes of ``feed``."""
    env = {**os.environ, "NODE_PATH": str(MODULES), "LOG": "silent"}
    done = subprocess.run([NODE, str(SCRIPT), str(feed)], capture_output=True, text=True,
                          env=env, check=True, timeout=60)
    parsed = json.loads(done.stdout)
    assert parsed is not None, f"partytime could not parse {feed.name}: {done.stderr}"
    return parsed


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("partytime") / "out"
    publish_episode(make_episode(out, DAY - dt.timedelta(days=1)), out, settings())
    publish_episode(make_episode(out, DAY, extras=True), out, settings())
    return out


def _channel_checks(feed: dict) -> None:
    assert feed["guid"] and feed["locked"] is True
    assert feed["podcastOwner"] == "podcast@example.org"  # podcast:locked names its owner
    assert feed["owner"] == {"name": "泰安日报社", "email": "podcast@example.org"}
    assert feed["copyright"] == "© 2024 泰安日报" and feed["language"] == "zh-cn"
    assert feed["itunesType"] == "episodic" and feed["explicit"] is False
    assert feed["categories"] == ["News > Daily News"]
    assert feed["itunesImage"] == "https://example.org/paper/cover.png"
    found = {tag for tags in feed["pc20support"].values() for tag in tags}
    assert {"guid", "locked", "chapters", "transcript"} <= found


def _item_checks(item: dict, out: Path) -> None:
    assert item["guid"] and item["episodeType"] == "full"
    assert item["image"] == "https://example.org/paper/cover.png"
    assert item["content"].startswith(item["description"])
    assert item["chapters"]["type"] == "application/json+chapters"
    local = out / item["enclosure"]["url"].removeprefix("https://example.org/paper/")
    assert item["enclosure"]["length"] == local.stat().st_size
    assert item["enclosure"]["type"] == "audio/mpeg"


def _published_as(url: str, out: Path) -> str:
    """The stable name behind a feed link to an immutable copy (media/NAME.<hash>.EXT), which exists."""
    relative = url.removeprefix("https://example.org/paper/")
    assert relative.startswith("media/") and (out / relative).is_file(), url
    return re.sub(r"\.[0-9a-f]{16}(\.\w+)$", r"\1", relative.rsplit("/", 1)[1])


def test_partytime_finds_every_tag_of_the_edition_feed(out: Path):
    feed = partytime(out / "feed.xml")
    _channel_checks(feed)
    assert [i["title"] for i in feed["items"]] == ["泰安日报 2024-03-15", "泰安日报 2024-03-14"]
    for item in feed["items"]:
        _item_checks(item, out)
    newest = feed["items"][0]
    [transcript] = newest["transcripts"]
    assert (transcript["type"], transcript["language"]) == ("text/vtt", "zh-cn")
    assert _published_as(transcript["url"], out) == "2024-03-15.vtt"
    assert all(title in newest["description"] for title in TITLES)


def test_partytime_finds_every_tag_of_the_article_feed(out: Path):
    feed = partytime(out / "articles.xml")
    _channel_checks(feed)
    assert [i["title"] for i in feed["items"]] == [*TITLES, *TITLES]
    for item in feed["items"]:
        _item_checks(item, out)
    assert [_published_as(t["url"], out) for i in feed["items"][:3] for t in i["transcripts"]] == [
        f"2024-03-15-{n:02d}.vtt" for n in (1, 2, 3)]
    feed_guid = partytime(out / "feed.xml")["guid"]
    assert feed["guid"] != feed_guid  # two podcasts, two identities
