"""The audio edition with the real offline voice: both profiles, chapters and transcripts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from audiopaper import pipeline
from audiopaper.config import load_config
from audiopaper.util.ffmpeg import measure_loudness

from paths import EXAMPLE_EDITION


pytestmark = pytest.mark.slow  # the full tier: the real voice


@pytest.mark.slow
def test_example_edition_with_the_baker_voice(tmp_path: Path):
    config = tmp_path / "audiopaper.toml"
    config.write_text('[audio]\nprofiles = ["podcast", "broadcast"]\n', encoding="utf-8")
    out = tmp_path / "out"
    report = pipeline.build(EXAMPLE_EDITION, pipeline.BuildOptions(
        date=dt.date(2024, 3, 15), out_dir=out, config=load_config(config)))
    episode = report.episode
    for folder, target in ((out, -16.0), (out / "broadcast", -23.0)):
        loudness = measure_loudness(folder / "2024-03-15.mp3")
        assert loudness.integrated == pytest.approx(target, abs=1.0)
        assert loudness.true_peak <= -1.0
    chaps = ID3(episode.path).getall("CHAP")
    assert [str(c.sub_frames["TIT2"]) for c in chaps][1:3] == [a.title for a in episode.articles]
    vtt = episode.transcript_file.read_text("utf-8")
    assert "城东新建社区图书馆正式开放" in vtt and "记者王晓林" in vtt
    manifest = json.loads((out / "2024-03-15.manifest.json").read_text("utf-8"))
    assert {f["profile"] for f in manifest["files"] if "profile" in f} == {"podcast", "broadcast"}
