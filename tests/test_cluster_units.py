"""The cluster's rules that need no broker: URLs, redaction, clip checks, settings, group files."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pytest

from audiopaper.config import load_config
from audiopaper.errors import ClusterRefused, ConfigError
from audiopaper.run.group import Paper, due_order, group_exit_code, load_group, PaperOutcome
from audiopaper.pipeline import BuildOptions
from audiopaper.synth.cluster.app import check_url, make_app, queue_for, redact
from audiopaper.synth.cluster.clips import check, pack, unpack
from audiopaper.types import Audio

REDACTED = [
    ("redis://:s3cret@host:6379/0", "redis://:***@host:6379/0"),
    ("redis://user:s3cret@host:6379/0", "redis://user:***@host:6379/0"),
    ("rediss://:p%40ss@queue.example:6380/0?ssl_cert_reqs=required",
     "rediss://:***@queue.example:6380/0?ssl_cert_reqs=required"),
    ("redis://s3cret@host/0", "redis://***@host/0"),
    ("redis://host:6379/0?password=s3cret&db=1", "redis://host:6379/0?password=***&db=1"),
    ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
    ("the broker at redis://:a:b@h/0 failed", "the broker at redis://:***@h/0 failed"),
]


@pytest.mark.parametrize("url, shown", REDACTED)
def test_a_url_is_shown_without_its_password(url, shown):
    assert redact(url) == shown


@pytest.mark.parametrize("url", ["amqp://guest@host//", "http://host", "redis://", "host:6379"])
def test_only_redis_urls_are_brokers(url):
    with pytest.raises(ConfigError, match="not a Redis URL"):
        check_url(url)


def test_the_app_speaks_json_only_and_acknowledges_late():
    conf = make_app("redis://127.0.0.1:1/0").conf
    assert conf.accept_content == ["json"] and conf.result_accept_content == ["json"]
    assert conf.task_serializer == conf.result_serializer == "json"
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.broker_transport_options["visibility_timeout"] <= 60
    assert queue_for("baker") != queue_for("edge")


def _packed(samples, rate=24_000, text="你好。"):
    audio = Audio(np.asarray(samples, dtype=np.int16), rate)
    return {k.encode(): (v if isinstance(v, bytes) else str(v).encode())
            for k, v in pack(audio).items()}, text


def test_a_clip_travels_intact():
    fields, text = _packed(np.arange(2400) % 100)
    audio = unpack(fields, text)
    assert audio.sample_rate == 24_000 and len(audio.samples) == 2400
    assert np.array_equal(audio.samples, np.arange(2400) % 100)


BAD_CLIPS = [
    ("no audio", lambda f: f.update({b"pcm": b"", b"sha256": hashlib.sha256(b"").hexdigest().encode()})),
    ("checksum", lambda f: f.update({b"pcm": f[b"pcm"][:-2] + b"\x02\x00"})),
    ("checksum", lambda f: f.update({b"pcm": f[b"pcm"] + b"\x00"})),
    ("sample rate", lambda f: f.update({b"rate": b"100"})),
    ("malformed", lambda f: f.pop(b"rate")),
    ("malformed", lambda f: f.update({b"sha256": b"\xff"})),
]


@pytest.mark.parametrize("problem, spoil", BAD_CLIPS)
def test_a_damaged_clip_is_refused(problem, spoil):
    fields, text = _packed(np.ones(2400))
    spoil(fields)
    with pytest.raises(ClusterRefused, match=problem):
        unpack(fields, text)


def test_silence_is_a_clip_only_for_text_without_words():
    empty = b""
    check(empty, 24_000, hashlib.sha256(empty).hexdigest(), "——")
    with pytest.raises(ClusterRefused, match="no audio"):
        check(empty, 24_000, hashlib.sha256(empty).hexdigest(), "第一篇")


def test_a_clip_far_too_long_for_its_text_is_refused():
    pcm = np.zeros(24_000 * 30, dtype="<i2").tobytes()
    with pytest.raises(ClusterRefused, match="30 s of audio for 3 characters"):
        check(pcm, 24_000, hashlib.sha256(pcm).hexdigest(), "你好。")


def test_the_broker_comes_from_the_flag_else_the_config(tmp_path: Path):
    config_file = tmp_path / "audiopaper.toml"
    config_file.write_text('[cluster]\nbroker = "redis://queue:6379/0"\n', encoding="utf-8")
    config = load_config(config_file)
    day = dt.date(2024, 3, 15)
    assert BuildOptions.from_flags(config, day).broker == "redis://queue:6379/0"
    assert BuildOptions.from_flags(config, day, broker="redis://other/1").broker == "redis://other/1"
    assert BuildOptions.from_flags(load_config(None), day).broker == ""


def test_a_config_broker_must_be_redis(tmp_path: Path):
    bad = tmp_path / "audiopaper.toml"
    bad.write_text('[cluster]\nbroker = "amqp://x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="cluster.broker"):
        load_config(bad)


def test_the_broker_env_var_reaches_build(monkeypatch):
    from click.testing import CliRunner

    from audiopaper.cli import cli

    monkeypatch.setenv("AUDIOPAPER_BROKER", "redis://:pw@127.0.0.1:1/0")
    result = CliRunner().invoke(cli, ["build", "nothing.txt", "--date", "2024-03-15"])
    assert result.exit_code != 0
    assert "pw@" not in result.output


GROUP = """
[cluster]
parallel = 2

[[paper]]
name = "b"
edition = "in/{date}-b.txt"
out = "out/b"
due = "06:00"

[[paper]]
name = "a"
edition = "/abs/a.txt"
config = "a.toml"
out = "out/a"
due = "05:00"
engine = "baker"
"""


def test_a_group_file_is_read_with_paths_beside_it(tmp_path: Path):
    path = tmp_path / "group.toml"
    path.write_text(GROUP, encoding="utf-8")
    group = load_group(path, dt.date(2024, 3, 15))
    assert group.parallel == 2 and group.broker == ""
    b, a = group.papers
    assert b.edition == tmp_path / "in" / "2024-03-15-b.txt" and b.out == tmp_path / "out" / "b"
    assert a.edition == Path("/abs/a.txt") and a.config == tmp_path / "a.toml"
    assert [p.name for p in due_order(group.papers)] == ["a", "b"]


@pytest.mark.parametrize("text, message", [
    ("", "lists no paper"),
    ("[[paper]]\nname = 'x'\nout = 'o'\n", "missing key edition"),
    ("[[paper]]\nname = 'x'\nedition = 'e'\nout = 'o'\nvoices = 'v'\n", "unknown key voices"),
    ("[[paper]]\nname = 'x'\nedition = 'e'\nout = 'o'\ndue = '5am'\n", "not a time"),
    ("[[paper]]\nname = 'x'\nedition = 'e'\nout = 'o'\nengine = 'gpu'\n", "engine must be"),
    ("[papers]\n", "unknown section"),
    ("[cluster]\nparallel = 0\n[[paper]]\nname = 'x'\nedition = 'e'\nout = 'o'\n", "parallel"),
    ("[[paper]]\nname = 'x'\nedition = 'e'\nout = 'o'\n[[paper]]\nname = 'x'\nedition = 'f'\nout = 'p'\n",
     "named alike"),
    ("[[paper]\n", "not valid TOML"),
])
def test_a_bad_group_file_names_the_fix(tmp_path: Path, text, message):
    path = tmp_path / "group.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_group(path, dt.date(2024, 3, 15))


@pytest.mark.parametrize("codes, expected", [
    ([0, 0], 0), ([0, 4], 4), ([4, 4], 4), ([0, 5], 5), ([4, 3], 5), ([2, 0], 5), ([130], 5),
])
def test_the_group_exit_code_says_whether_all_published(codes, expected):
    outcomes = [PaperOutcome(str(n), "05:00", c, "") for n, c in enumerate(codes)]
    assert group_exit_code(outcomes) == expected


def test_papers_due_alike_keep_the_file_order():
    papers = tuple(Paper(n, Path(n), None, Path(n), due=d)
                   for n, d in [("x", "06:00"), ("y", "05:00"), ("z", "06:00")])
    assert [p.name for p in due_order(papers)] == ["y", "x", "z"]


@pytest.mark.parametrize("args, message", [
    (["--broker", "redis://127.0.0.1:1/0", "--engine", "nope"], "unknown engine 'nope'"),
    (["--broker", "amqp://guest@host//", "--engine", "baker"], "not a Redis URL"),
])
def test_a_worker_that_cannot_start_says_why(args, message):
    from click.testing import CliRunner

    from audiopaper.cli import cli

    result = CliRunner().invoke(cli, ["worker", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_offline_workers_take_a_core_each_and_online_ones_many_requests():
    from audiopaper.synth.cluster.worker import default_concurrency
    from audiopaper.synth.engine import get_engine

    import os

    assert not get_engine("baker").online  # declared by the engine (the Engine contract)
    assert default_concurrency(get_engine("baker")) == len(os.sched_getaffinity(0))
    assert get_engine("edge").online and default_concurrency(get_engine("edge")) > 3
