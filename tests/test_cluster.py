"""The synthesis cluster with its real parts: Debian's redis-server and `audiopaper worker`s.

Faults tried: a worker killed with kill -9 mid-segment (whole, or its pool child only), Redis stopped and started mid-run, Redis
lost for good (clean stop, then a rerun resumes), the build killed (the rerun reuses every clip),
a worker of another engine version, the broker down at start, a pickled message.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

import pytest

from clusterkit import (RedisServer, Worker, broker, needs_redis, redis_server,  # noqa: F401
                        spoken, start_workers, workers)
from faultkit import build_args, fake_env, published, run_cli, start_cli  # noqa: F401
from paths import EXAMPLE_EDITION, REPO

pytestmark = [needs_redis, pytest.mark.slow]
SECOND_EDITION = REPO / "examples" / "pages" / "2024-03-17-city-life.txt"
_BUILD_DATE = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>")


def comparable(out: Path) -> dict[str, bytes]:
    """The published files; the feeds' lastBuildDate is the time of the build, not its content."""
    return {k: _BUILD_DATE.sub(b"", v) for k, v in published(out).items()}


@pytest.fixture(scope="module")
def local_reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Each edition built on this machine alone, with the fake engine, once for the module."""
    root = tmp_path_factory.mktemp("local")
    voices = root / "voices"
    voices.mkdir()
    from fake_engine import PROFILE

    (voices / "fake.toml").write_text(PROFILE, encoding="utf-8")
    env = {**os.environ, "AUDIOPAPER_VOICES_DIR": str(voices),
           "AUDIOPAPER_CACHE_DIR": str(root / "cache"), "AUDIOPAPER_ENGINES": "fake=fake_engine:create",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "tests"),
                                                       os.environ.get("PYTHONPATH")]))}
    env.pop("AUDIOPAPER_BROKER", None)
    built = {}
    for edition in (EXAMPLE_EDITION, SECOND_EDITION):
        out = root / edition.stem
        done = run_cli(build_args(edition, out), env)
        assert done.returncode == 0, done.stderr
        built[edition.stem] = comparable(out)
    return built


def _cluster_env(fake_env: dict[str, str], tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**fake_env, "AUDIOPAPER_CACHE_DIR": str(tmp_path / "coordinator-cache"), **extra}


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _faulted_build(broker, env: dict[str, str], out: Path, ready, what: str, fault,
                   timeout: float = 120) -> tuple[int, str, float]:
    """A cluster build of the example edition with ``fault()`` done once ``ready()`` holds.

    Returns the build's exit code, its stderr and the seconds from the fault to its end;
    the build is killed whatever happens, so no test leaves it running.
    """
    build = start_cli(build_args(EXAMPLE_EDITION, out, "--broker", broker.url), env)
    try:
        _wait_for(ready, 60, what)
        fault()
        faulted_at = time.monotonic()
        _stdout, stderr = build.communicate(timeout=timeout)
    finally:
        build.kill()
    return build.returncode, stderr, time.monotonic() - faulted_at


def test_cluster_build_is_the_local_build_byte_for_byte(broker, workers, fake_env, tmp_path,
                                                        local_reference):
    start_workers(workers, broker.url, fake_env, tmp_path, count=2)
    env = _cluster_env(fake_env, tmp_path)
    out = tmp_path / "out"
    done = run_cli(build_args(EXAMPLE_EDITION, out, "--broker", broker.url), env)
    assert done.returncode == 0, done.stderr
    assert comparable(out) == local_reference[EXAMPLE_EDITION.stem]
    texts = spoken(tmp_path)
    assert len(texts) == len(set(texts)), "a segment was spoken twice"
    total = int(re.search(r"/(\d+) segments from cache", done.stdout).group(1))
    assert 5 < len(texts) < total  # repeats (headlines in the contents) come from the cache
    again = run_cli(build_args(EXAMPLE_EDITION, out), {**env, "AUDIOPAPER_BROKER": broker.url})
    assert again.returncode == 0, again.stderr
    assert f"{total}/{total} segments from cache" in again.stdout
    assert spoken(tmp_path) == texts  # the rerun sent nothing: every clip was cached locally


def test_a_worker_killed_mid_segment_loses_nothing(broker, workers, fake_env, tmp_path,
                                                    local_reference):
    slow, spare = start_workers(workers, broker.url, fake_env, tmp_path, count=2,
                                FAKE_ENGINE_DELAY="0.4")
    env = _cluster_env(fake_env, tmp_path)
    out = tmp_path / "out"

    def kill_mid_segment() -> None:
        time.sleep(0.2)  # into its next segment (each takes 0.4 s)
        assert "received" in slow.text().rsplit("succeeded", 1)[-1], "the worker is idle"
        slow.kill()  # kill -9 of the worker and its pool child, mid-segment

    code, stderr, after = _faulted_build(broker, env, out, lambda: spoken(tmp_path, "engine-0.log"),
                                         "the first worker to speak", kill_mid_segment)
    assert code == 0, stderr
    assert after < 60, "the lost segments took longer than a minute"
    assert comparable(out) == local_reference[EXAMPLE_EDITION.stem]
    assert spare.proc.poll() is None
    lost = re.findall(r"speak\[([0-9a-f-]+)\] received", slow.text())[-1]
    assert not re.search(rf"{lost}\] succeeded", slow.text())
    assert re.search(rf"{lost}\] succeeded", spare.text()), "the lost segment came back"


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_a_pool_child_killed_mid_segment_is_requeued_at_once(broker, workers, fake_env, tmp_path,
                                                             local_reference):
    (worker,) = start_workers(workers, broker.url, fake_env, tmp_path, FAKE_ENGINE_DELAY="0.4")
    env = _cluster_env(fake_env, tmp_path)
    out = tmp_path / "out"

    def kill_the_pool_child() -> None:
        time.sleep(0.2)
        (child,) = _children(worker.proc.pid)
        os.kill(child, signal.SIGKILL)  # the OOM killer's way: the pool child only

    code, stderr, after = _faulted_build(broker, env, out, lambda: len(spoken(tmp_path)) >= 2,
                                         "two segments spoken", kill_the_pool_child)
    assert code == 0, stderr
    assert after < 25, "the child's segment waited for the visibility timeout"
    assert "WorkerLostError" in worker.text()
    assert comparable(out) == local_reference[EXAMPLE_EDITION.stem]


def test_redis_restarted_mid_run_loses_nothing(broker, workers, fake_env, tmp_path,
                                               local_reference):
    start_workers(workers, broker.url, fake_env, tmp_path, count=1, FAKE_ENGINE_DELAY="0.2")
    env = _cluster_env(fake_env, tmp_path)
    out = tmp_path / "out"

    def restart_empty() -> None:
        broker.stop()  # an empty Redis comes back: queued tasks and results are gone
        time.sleep(2)
        broker.start()

    code, stderr, _after = _faulted_build(broker, env, out, lambda: len(spoken(tmp_path)) >= 3,
                                          "three segments spoken", restart_empty, timeout=150)
    assert code == 0, stderr
    assert comparable(out) == local_reference[EXAMPLE_EDITION.stem]


def test_redis_lost_stops_cleanly_and_the_rerun_resumes(broker, workers, fake_env, tmp_path,
                                                        local_reference):
    start_workers(workers, broker.url, fake_env, tmp_path, count=1, FAKE_ENGINE_DELAY="0.2")
    env = _cluster_env(fake_env, tmp_path)
    out = tmp_path / "out"
    code, stderr, after = _faulted_build(broker, env, out, lambda: len(spoken(tmp_path)) >= 4,
                                         "four segments spoken", broker.stop)
    assert code == 5, stderr
    assert after < 60, "the retries are not bounded"
    assert "lost the broker at redis://127.0.0.1" in stderr and "rerun" in stderr
    assert not (out / "2024-03-15.mp3").exists()
    kept = len(list((tmp_path / "coordinator-cache").glob("*/*.wav")))
    assert kept >= 2, "clips received before the loss were not kept"
    before = len(spoken(tmp_path))
    broker.start()
    rerun = run_cli(build_args(EXAMPLE_EDITION, out, "--broker", broker.url), env, timeout=150)
    assert rerun.returncode == 0, rerun.stderr
    assert comparable(out) == local_reference[EXAMPLE_EDITION.stem]
    resent = len(spoken(tmp_path)) - before
    total = int(re.search(r"/(\d+) segments from cache", rerun.stdout).group(1))
    assert resent <= total - kept, "the rerun spoke again clips it had"


def test_a_killed_build_reruns_from_every_clip_and_waits_for_no_lost_result(
        broker, workers, fake_env, tmp_path, local_reference):
    start_workers(workers, broker.url, fake_env, tmp_path, count=1, FAKE_ENGINE_DELAY="0.15")
    env = _cluster_env(fake_env, tmp_path)
    out = tmp_path / "out"
    build = start_cli(build_args(EXAMPLE_EDITION, out, "--broker", broker.url), env)
    try:
        _wait_for(lambda: len(spoken(tmp_path)) >= 5, 60, "five segments spoken")
        build.send_signal(signal.SIGKILL)
        build.wait(10)
    finally:
        build.kill()
    mark = time.monotonic()
    rerun = run_cli(build_args(EXAMPLE_EDITION, out, "--broker", broker.url), env, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert time.monotonic() - mark < 40
    assert comparable(out) == local_reference[EXAMPLE_EDITION.stem]
    texts = spoken(tmp_path)
    assert len(texts) == len(set(texts)), "a clip spoken for the killed build was spoken again"


def test_a_stopped_build_stops_at_once_though_segments_are_out(broker, workers, fake_env,
                                                                tmp_path):
    start_workers(workers, broker.url, fake_env, tmp_path, FAKE_ENGINE_DELAY="1.0")
    build = start_cli(build_args(EXAMPLE_EDITION, tmp_path / "out", "--broker", broker.url),
                      _cluster_env(fake_env, tmp_path))
    try:
        _wait_for(lambda: spoken(tmp_path), 60, "a segment spoken")
        build.send_signal(signal.SIGTERM)  # cron's or systemd's stop; Ctrl-C is the same
        stopped_at = time.monotonic()
        _stdout, stderr = build.communicate(timeout=60)
    finally:
        build.kill()
    assert build.returncode == 130, stderr
    assert time.monotonic() - stopped_at < 10, "the build waited for the queue"
    assert "run the same command again to resume" in stderr


def test_a_worker_of_another_engine_version_refuses(broker, workers, fake_env, tmp_path):
    start_workers(workers, broker.url, fake_env, tmp_path, FAKE_ENGINE_VERSION="2")
    out = tmp_path / "out"
    done = run_cli(build_args(EXAMPLE_EDITION, out, "--broker", broker.url),
                   _cluster_env(fake_env, tmp_path), timeout=120)
    assert done.returncode == 5
    assert re.search(r"has fake version 2, the build asked for 1", done.stderr), done.stderr
    assert not (out / "2024-03-15.mp3").exists()
    assert spoken(tmp_path) == []


def test_broker_down_at_start_says_so_in_one_line_and_publishes_nothing(fake_env, tmp_path):
    from clusterkit import free_port

    url = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    out = tmp_path / "out"
    done = run_cli(build_args(EXAMPLE_EDITION, out, "--broker", url), fake_env, timeout=60)
    assert done.returncode == 5
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "cannot reach the broker at redis://:***@127.0.0.1" in errors[0]
    assert "start Redis" in errors[0]
    assert "s3cret" not in done.stderr + done.stdout
    assert "s3cret" not in "".join(p.read_text() for p in out.rglob("*.json"))
    assert not list(out.glob("*.mp3")) and not (out / "feed.xml").exists()


def test_a_pickled_task_is_never_run(broker, workers, fake_env, tmp_path):
    from audiopaper.synth.cluster.app import make_app

    (worker,) = start_workers(workers, broker.url, fake_env, tmp_path)
    app = make_app(broker.url)
    payload = {"engine": "fake", "version": "1", "voice": "tone", "options": {}, "text": "好",
               "key": "x"}
    app.send_task("audiopaper.speak", args=[payload], queue="audiopaper.fake",
                  serializer="pickle")
    _wait_for(lambda: "pickle" in worker.text(), 30, "the worker to refuse the pickle")
    assert "untrusted content" in worker.text() or "ContentDisallowed" in worker.text()
    assert spoken(tmp_path) == []


def test_cluster_status_names_workers_engines_versions_and_queues(broker, workers, fake_env,
                                                                   tmp_path):
    start_workers(workers, broker.url, fake_env, tmp_path, count=1, concurrency=2)
    done = run_cli(["cluster", "status", "--broker", broker.url], fake_env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert re.search(r"fake@\S+\tfake 1\t2 slots\t0 busy", done.stdout), done.stdout
    assert "queue audiopaper.fake: 0 waiting" in done.stdout
    assert "workers: 1" in done.stdout


def _group(tmp_path: Path, broker_url: str = "") -> Path:
    config = tmp_path / "evening.toml"
    config.write_text('[paper]\nname = "泰山晚报"\n', encoding="utf-8")
    cluster = f'[cluster]\nbroker = "{broker_url}"\n\n' if broker_url else ""
    group = tmp_path / "group.toml"
    group.write_text(cluster + f"""
[[paper]]
name = "late"
edition = "{SECOND_EDITION}"
config = "evening.toml"
out = "papers/late"
due = "06:30"
voice = "fake"

[[paper]]
name = "broken"
edition = "missing/{{date}}.txt"
out = "papers/broken"
due = "05:00"
voice = "fake"

[[paper]]
name = "early"
edition = "{EXAMPLE_EDITION}"
out = "papers/early"
due = "05:30"
voice = "fake"
""", encoding="utf-8")
    return group


def _check_group_run(done, tmp_path: Path, local_reference) -> dict:
    assert done.returncode == 5, done.stderr  # one paper published nothing
    lines = [line for line in done.stdout.splitlines() if "\tdue " in line]
    assert [line.split("\t")[0] for line in lines] == ["broken", "early", "late"]
    assert "exit 3" in lines[0] and "exit 0" in lines[1] and "exit 0" in lines[2]
    report_path = Path(done.stdout.split("report: ")[1].strip())
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert [p["outcome"] for p in report["papers"]] == ["bad input", "published", "published"]
    assert report["exit_code"] == 5
    assert comparable(tmp_path / "papers" / "early") == local_reference[EXAMPLE_EDITION.stem]
    late = (tmp_path / "papers" / "late" / "feed.xml").read_text(encoding="utf-8")
    assert "泰山晚报" in late  # its own config
    return report


def test_build_all_on_the_cluster_serves_the_paper_due_first_first(broker, workers, fake_env,
                                                                   tmp_path, local_reference):
    start_workers(workers, broker.url, fake_env, tmp_path, count=1, FAKE_ENGINE_DELAY="0.05")
    group = _group(tmp_path, broker.url)
    done = run_cli(["build-all", str(group), "--date", "2024-03-15"],
                   _cluster_env(fake_env, tmp_path), timeout=240)
    _check_group_run(done, tmp_path, local_reference)
    order = spoken(tmp_path)
    early = [i for i, t in enumerate(order) if "泰安日报" in t]
    late = [i for i, t in enumerate(order) if "泰山晚报" in t]
    assert early and late and max(early) < max(late)


def test_build_all_without_a_broker_builds_here(fake_env, tmp_path, local_reference):
    env = {k: v for k, v in fake_env.items() if k != "AUDIOPAPER_BROKER"}
    done = run_cli(["build-all", str(_group(tmp_path)), "--date", "2024-03-15"],
                   {**env, "AUDIOPAPER_CACHE_DIR": str(tmp_path / "cache")}, timeout=240)
    _check_group_run(done, tmp_path, local_reference)


def test_a_redis_password_is_never_printed(workers, fake_env, tmp_path, local_reference):
    secret = "pw-7c1e-never-shown"
    server = RedisServer(tmp_path / "redis-auth", password=secret)
    server.start()
    try:
        (worker,) = start_workers(workers, server.url, fake_env, tmp_path)
        out = tmp_path / "out"
        env = _cluster_env(fake_env, tmp_path, AUDIOPAPER_BROKER=server.url)
        done = run_cli(build_args(EXAMPLE_EDITION, out, "--verbose"), env)
        assert done.returncode == 0, done.stderr
        assert comparable(out) == local_reference[EXAMPLE_EDITION.stem]
        status = run_cli(["cluster", "status"], env, timeout=60)
        assert status.returncode == 0 and "broker: redis://:***@127.0.0.1" in status.stdout
        wrong = run_cli(["cluster", "status", "--broker", server.url.replace(secret, "bad-" + secret)],
                        env, timeout=60)
        assert wrong.returncode == 5
        printed = [done.stdout, done.stderr, status.stdout, status.stderr, wrong.stdout,
                   wrong.stderr, worker.text(), *(p.read_text() for p in out.rglob("*.json"))]
        assert not [text for text in printed if secret in text]
    finally:
        for started in workers:
            started.stop()
        server.stop()


def test_doctor_checks_the_broker_and_the_workers_of_the_engines_in_use(broker, workers,
                                                                        fake_env, tmp_path):
    env = {**fake_env, "AUDIOPAPER_BROKER": broker.url}
    none = run_cli(["doctor", "--voice", "fake", "--out", str(tmp_path / "out")], env, timeout=120)
    assert re.search(r"WARN +cluster: redis://127.0.0.1:\d+/0: 0 worker\(s\) \(none\); none for "
                     r"fake -> fix: start `audiopaper worker", none.stdout), none.stdout
    start_workers(workers, broker.url, fake_env, tmp_path)
    served = run_cli(["doctor", "--voice", "fake", "--out", str(tmp_path / "out")], env, timeout=120)
    assert re.search(r"OK +cluster: .*1 worker\(s\) \(fake 1\)", served.stdout), served.stdout
