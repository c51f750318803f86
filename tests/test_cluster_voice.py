"""The real offline voices on the cluster: the same edition built here and by a worker (baker, kokoro).

Byte for byte the same MP3s, chapters and transcripts: the worker speaks through the same
function as the local build (``synth.speak_text``), with the same engine version.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audiopaper.synth.engine import engine_available, engine_ids
from clusterkit import broker, needs_redis, redis_server, start_workers, workers  # noqa: F401
from faultkit import published, run_cli
from test_cluster import comparable

pytestmark = [needs_redis, pytest.mark.slow]
TINY = """社区图书馆正式开放
本报讯 十四日上午，位于城东街道的社区图书馆正式向居民开放，藏书两万册。

春季植树活动启动
今年全市计划植树十五万株。市民可以报名参加。
"""


@pytest.mark.parametrize("engine", ["baker", "kokoro"])
def test_offline_voice_cluster_build_equals_local_build(broker, workers, tmp_path: Path, engine):
    if engine not in engine_ids() or not engine_available(engine)[0]:
        pytest.skip(f"the {engine} engine is not installed here")
    edition = tmp_path / "tiny.txt"
    edition.write_text(TINY, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "AUDIOPAPER_BROKER"}
    args = ["build", str(edition), "--date", "2024-03-15", "--engine", engine]
    local = run_cli([*args, "--out", str(tmp_path / "local")],
                    {**env, "AUDIOPAPER_CACHE_DIR": str(tmp_path / "cache-local")})
    assert local.returncode == 0, local.stderr
    start_workers(workers, broker.url, env, tmp_path, engine=engine, concurrency=1)
    cluster = run_cli([*args, "--out", str(tmp_path / "cluster"), "--broker", broker.url],
                      {**env, "AUDIOPAPER_CACHE_DIR": str(tmp_path / "cache-cluster")})
    assert cluster.returncode == 0, cluster.stderr
    here, there = comparable(tmp_path / "local"), comparable(tmp_path / "cluster")
    assert sorted(here) == sorted(there)
    assert [k for k in here if here[k] != there[k]] == []
    assert published(tmp_path / "cluster")["2024-03-15.mp3"] == \
        published(tmp_path / "local")["2024-03-15.mp3"]
