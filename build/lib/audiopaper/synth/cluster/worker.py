"""`audiopaper worker`: a Celery worker that speaks one engine's segments.

The voice is loaded once per process (each prefork child for offline engines, which are bound
by cores; the one process of a threads pool for online ones, which wait on the service). A task
carries exactly what the cache key is made of; a worker whose engine version differs refuses it.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from celery import Celery
from celery.signals import worker_init, worker_process_init

from ... import constants as C
from ...errors import AudiopaperError, ConfigError
from .. import speak_text
from ..cache import cache_key
from ..engine import Engine, engine_ids, get_engine
from .app import make_app, queue_for, redact
from .clips import clip_key, pack

#: What each built-in engine is told so that one worker process holds one in-process voice.
_ENGINE_ENV = {C.OFFLINE_ENGINE: {"AUDIOPAPER_BAKER_WORKERS": "1"},
               C.EDGE_ENGINE: {C.ENV_EDGE_CONCURRENCY: "{concurrency}"}}
WARM_TEXT = "好。"


def default_concurrency(engine: Engine) -> int:
    """Online engines wait on a service (many in flight); the others need a core each."""
    return C.CLUSTER_EDGE_CONCURRENCY if engine.online else len(os.sched_getaffinity(0))


def speak_payload(engine: Engine, payload: dict[str, Any], client: Any,
                  worker: str) -> dict[str, Any]:
    """Speak one task's text and store the clip under its key; refusals are results, not raises."""
    if payload.get("version") != engine.version:
        return {"refused": f"worker {worker} has {engine.id} version {engine.version}, the build "
                           f"asked for {payload.get('version')}: run the same audiopaper version on "
                           f"the build machine and every worker"}
    key = cache_key(engine.id, engine.version, payload["voice"], payload["options"],
                    payload["text"])
    if key != payload.get("key"):
        return {"refused": f"worker {worker} computes another cache key for this segment: run "
                           f"the same audiopaper version everywhere"}
    name = clip_key(key)
    if not client.exists(name):  # a re-sent segment that was already spoken costs nothing
        try:
            audio = speak_text(engine, payload["text"], payload["voice"], payload["options"])
        except AudiopaperError as exc:
            return {"error": f"{worker}: {exc}"}
        client.pipeline().hset(name, mapping=pack(audio)).expire(name, C.CLUSTER_CLIP_TTL).execute()
    return {"clip": name, "worker": worker}


def _environment(engine_id: str, concurrency: int) -> None:
    for name, value in _ENGINE_ENV.get(engine_id, {}).items():
        os.environ[name] = value.format(concurrency=min(concurrency, 16))


def _warm(engine_id: str) -> None:
    """Load the voice now, not on the first segment (offline voices only: no service call)."""
    engine = get_engine(engine_id)
    engine.check()
    if not engine.online:
        voice = engine.voices()[0].id
        engine.synthesize(WARM_TEXT, voice, engine.validate_options({}))


def build_worker_app(url: str, engine_id: str, concurrency: int) -> Celery:
    """The app with the speak task, and this worker's engine and version for `cluster status`."""
    app = make_app(url)
    engine = get_engine(engine_id)
    worker = f"{engine_id}@{socket.gethostname()}-{os.getpid()}"

    @app.task(name=C.CLUSTER_TASK, acks_late=True, reject_on_worker_lost=True)
    def speak(payload: dict[str, Any]) -> dict[str, Any]:
        return speak_payload(get_engine(engine_id), payload, app.backend.client, worker)

    app.conf.audiopaper_worker = {"engine": engine.id, "version": engine.version,
                                  "concurrency": concurrency, "online": engine.online,
                                  "task": speak.name}
    return app


def run_worker(url: str, engine_id: str, concurrency: int | None = None,
               loglevel: str = "INFO") -> None:
    """Serve the engine's queue until stopped (SIGTERM finishes the segments in progress)."""
    if engine_id not in engine_ids():
        raise ConfigError(f"unknown engine '{engine_id}' (known: {', '.join(engine_ids())}): "
                          f"use --engine with one of them")
    _environment(engine_id, concurrency or C.CLUSTER_EDGE_CONCURRENCY)  # before the engine exists
    engine = get_engine(engine_id)
    count = concurrency or default_concurrency(engine)
    engine.check()
    app = build_worker_app(url, engine_id, count)
    pool = "threads" if engine.online else "prefork"
    hook = worker_init if pool == "threads" else worker_process_init
    hook.connect(lambda **_kw: _warm(engine_id), weak=False)
    print(f"audiopaper worker: {engine.id} {engine.version}, {count} x {pool}, queue "
          f"{queue_for(engine_id)}, broker {redact(url)}", flush=True)
    app.worker_main(["worker", "-Q", queue_for(engine_id), "-c", str(count), "-P", pool,
                     "-n", f"{engine_id}@%h-{os.getpid()}", f"--loglevel={loglevel}",
                     "--without-gossip", "--without-mingle"])

