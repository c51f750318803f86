"""The Celery application both sides share: JSON only, late acks, one queue per engine.

A broker that others can reach must never run code on a worker, so no pickle is accepted
anywhere; tasks are acknowledged after they ran and come back to their queue when a worker
dies (its pool child: at once; the whole worker: after the visibility timeout).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from celery import Celery

from ... import constants as C
from ...errors import ConfigError

_SCHEMES = ("redis", "rediss")
_PRIORITIES = list(range(10))  # Redis serves priority 0 first


def redact(url: str) -> str:
    """The URL with any password replaced by ***, for every line a person may read."""
    def userinfo(match: re.Match[str]) -> str:
        user, colon, _secret = match.group(1).partition(":")
        return f"://{user}:***@" if colon else "://***@"

    url = re.sub(r"://([^@/?#]*)@", userinfo, url)
    return re.sub(r"(?i)([?&](?:password|pass|ssl_keyfile_password)=)[^&#]*", r"\1***", url)


def check_url(url: str) -> str:
    """The broker URL, or a ConfigError naming the fix."""
    parts = urlsplit(url)
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise ConfigError(f"broker '{redact(url)}' is not a Redis URL: write "
                          f"redis://[:PASSWORD@]HOST:6379/0 (or rediss:// for TLS)")
    return url


def queue_for(engine_id: str) -> str:
    """Each engine has its own queue, so CPU-bound and I/O-bound workers scale apart."""
    return f"{C.CLUSTER_QUEUE_PREFIX}{engine_id}"


def transport_options() -> dict[str, Any]:
    return {"visibility_timeout": C.CLUSTER_VISIBILITY,
            "unacked_restore_interval": C.CLUSTER_RESTORE_INTERVAL,
            "unacked_restore_throttle": 1, "priority_steps": _PRIORITIES, "sep": ":",
            "queue_order_strategy": "priority",
            "socket_connect_timeout": C.CLUSTER_CONNECT_TIMEOUT}


def make_app(url: str) -> Celery:
    """A Celery app on the broker at url (also its result backend)."""
    app = Celery("audiopaper", broker=check_url(url), backend=url, set_as_current=False)
    app.conf.update(
        task_serializer="json", result_serializer="json", accept_content=["json"],
        result_accept_content=["json"], event_serializer="json",
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        broker_transport_options=transport_options(),
        result_backend_transport_options={"visibility_timeout": C.CLUSTER_VISIBILITY},
        result_expires=C.CLUSTER_CLIP_TTL, task_default_queue=queue_for("default"),
        redis_socket_connect_timeout=C.CLUSTER_CONNECT_TIMEOUT,
        redis_socket_timeout=30.0, redis_retry_on_timeout=True,
        broker_connection_retry_on_startup=True, broker_connection_timeout=C.CLUSTER_CONNECT_TIMEOUT,
        worker_send_task_events=True, task_send_sent_event=True,  # Flower shows each segment
        worker_hijack_root_logger=False,
    )
    return app
