"""`audiopaper cluster status`: the workers that answer, their engines and versions, the queues."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import constants as C
from .app import make_app, queue_for, transport_options
from . import ClusterBackend


@dataclass(frozen=True)
class WorkerInfo:
    """One worker as it answers a broadcast: its name, engine, version and slots."""

    name: str
    engine: str
    version: str
    concurrency: int
    active: int


@dataclass(frozen=True)
class ClusterStatus:
    workers: tuple[WorkerInfo, ...]
    queues: dict[str, int]  # queue => tasks waiting (all priorities)
    unacked: int  # tasks taken by a worker and not yet done


def _queue_names(client: Any) -> list[str]:
    names = {k.decode() for k in client.scan_iter(f"{C.CLUSTER_QUEUE_PREFIX}*", count=500)}
    return sorted({n.split(transport_options()["sep"])[0] for n in names})


def queue_length(client: Any, queue: str) -> int:
    """Waiting tasks of a queue: one Redis list per priority step."""
    sep = transport_options()["sep"]
    return sum(client.llen(f"{queue}{sep}{p}" if p else queue)
               for p in transport_options()["priority_steps"])


def cluster_status(url: str, timeout: float = 2.0) -> ClusterStatus:
    """Ask every worker (a broadcast answered within ``timeout``) and count the queues."""
    ClusterBackend(url).connect()
    app = make_app(url)
    inspect = app.control.inspect(timeout=timeout)
    confs = inspect.conf() or {}
    active = inspect.active() or {}
    workers = []
    for name, conf in sorted(confs.items()):
        info = conf.get("audiopaper_worker") or {}
        workers.append(WorkerInfo(name, str(info.get("engine", "?")), str(info.get("version", "?")),
                                  int(info.get("concurrency", 0)), len(active.get(name, []))))
    client = app.backend.client
    names = set(_queue_names(client)) | {queue_for(w.engine) for w in workers}
    return ClusterStatus(tuple(workers), {q: queue_length(client, q) for q in sorted(names)},
                         int(client.hlen("unacked")))
