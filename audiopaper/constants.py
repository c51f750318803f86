"""Defaults in one place, so that a producer can find every number the product assumes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _builtin_voices() -> Path:
    """The shipped voice profiles: ``voices/`` at the repository root, which the build maps into
    the wheel as ``audiopaper.voices`` (setup.py); a source checkout on sys.path has it beside us."""
    try:
        spec = importlib.util.find_spec("audiopaper.voices")
    except ImportError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return PACKAGE_DIR.parent / "voices"


#: Voice profiles shipped with the project (``voices/`` at the repository root).
BUILTIN_VOICES_DIR = _builtin_voices()

DEFAULT_OUTPUT_DIR = Path("output")
#: The built-in engines' ids: the offline voice on the CPU, and Microsoft's online voices.
OFFLINE_ENGINE = "baker"
EDGE_ENGINE = "edge"
#: The default offline voice profile (voices/baker.toml, of the offline engine).
DEFAULT_VOICE = "baker"
#: The Kokoro engine (Apache-2.0 offline voices) and its voices when none is named (docs/voices.md).
KOKORO_ENGINE = "kokoro"
DEFAULT_KOKORO_VOICE = "kokoro-xiaoxiao"
DEFAULT_KOKORO_HEADLINE_VOICE = "kokoro-yunjian"
DEFAULT_PAPER = "泰安日报"

#: The engines' entry point group; built-in engines register through it like third-party ones.
ENGINE_ENTRY_POINT_GROUP = "audiopaper.engines"

#: Environment variables a producer may set.
ENV_CACHE_DIR = "AUDIOPAPER_CACHE_DIR"
ENV_VOICES_DIR = "AUDIOPAPER_VOICES_DIR"
#: Engines registered without packaging: ``id=module:factory[,id=module:factory]`` (tests use it).
ENV_ENGINES = "AUDIOPAPER_ENGINES"

#: Run control (docs/nightly.md): the output folder's lock, run reports, doctor's free-space floor.
LOCK_FILE = ".audiopaper.lock"
REPORTS_DIR = "reports"
LAST_RUN_FILE = "last-run.json"
MIN_FREE_BYTES = 500 * 1024 * 1024  # two long editions at 96 kbit/s, plus per-article copies

#: What is read of captions ([reading] captions): "skip" shows them in `segment` only, "end"
#: reads each after its article.
CAPTION_MODES = ("skip", "end")
#: What is read of tables ([reading] tables): "skip" lists them in `segment` and the run report,
#: "list" reads each whole as a spoken list.
TABLE_MODES = ("skip", "list")
#: What is read of paid notices (寻物启事, 讣告, 遗失声明 …) and of lottery results ([reading]
#: paid_notices, lottery): "skip" lists them in `segment` and the run report, "read" reads them.
NOTICE_MODES = ("skip", "read")

#: Working sample rate for all speech before the final encode.
SAMPLE_RATE = 24_000

#: Pauses in seconds, chosen for older listeners (see ../shared/facts/podcast.md).
PAUSE_AFTER_CLAUSE = 0.25
PAUSE_AFTER_SENTENCE = 0.6
PAUSE_AFTER_PARAGRAPH = 1.0
PAUSE_AFTER_HEADLINE = 1.0
PAUSE_BETWEEN_ARTICLES = 2.0
PAUSE_AFTER_INTRO = 1.5
#: The morning edition's nominal publication hour, local (UTC+8): feed dates, BWF origination.
PUBLISH_HOUR = 6
#: Silence before the first sound of every file: car and Bluetooth players wake up late.
LEAD_IN = 0.5
MAX_LEAD_IN = 5.0
#: The feeds' copyright line ({year}: the newest edition's, {paper}: its name).
COPYRIGHT_TEXT = "© {year} {paper}"
MAX_PAUSE = 10.0

#: What the programme says around the articles ({paper}, {date}, {count} are filled in).
INTRO_TEXT = "这里是{paper}有声版。今天是{date}。本期共有{count}篇文章。"
CONTENTS_TEXT = "主要内容有："
OUTRO_TEXT = "以上是{paper}本期的全部内容。感谢您的收听，我们明天再会。"

#: Loudness profiles: integrated LUFS, true-peak ceiling dBTP and output sample rate.
LOUDNESS_PROFILES = {"podcast": (-16.0, -1.0, 44_100), "broadcast": (-23.0, -1.0, 48_000)}
BROADCAST_BITRATE = "192k"

#: Output encoding of podcast files.
MP3_BITRATE = "96k"

#: Longest speech text sent to an engine in one call, in characters.
MAX_SEGMENT_CHARS = 120  # engines may take less (engine.max_chars)

#: The edge-tts engine (Microsoft's online voices); see docs/voices.md.
ENV_EDGE_URL = "AUDIOPAPER_EDGE_URL"  # ws:// or wss:// synthesis endpoint (proxies, tests)
ENV_EDGE_CONCURRENCY = "AUDIOPAPER_EDGE_CONCURRENCY"
DEFAULT_EDGE_VOICE = "xiaoxiao"
DEFAULT_EDGE_HEADLINE_VOICE = "yunyang"
EDGE_CONCURRENCY = 3  # requests at once; users saw 503s from 4 parallel jobs
EDGE_ATTEMPTS = 3  # per segment, before the fallback voice speaks it
EDGE_REQUEST_TIMEOUT = 10.0  # seconds per request, plus EDGE_TIMEOUT_PER_CHAR per character
EDGE_TIMEOUT_PER_CHAR = 0.08
EDGE_SEGMENT_DEADLINE = 40.0  # seconds for all attempts at one segment
EDGE_BACKOFF = 1.0  # first retry waits up to this long, doubling, with jitter
EDGE_BACKOFF_CAP = 8.0
EDGE_BREAKER_FAILURES = 4  # failed requests in a row that open the circuit breaker
EDGE_BREAKER_COOLDOWN = 60.0  # seconds the engine stops calling the service once it is open
EDGE_PROBE_TIMEOUT = 4.0  # seconds for the once-per-run availability check

#: The cluster (docs/cluster.md): Celery workers behind a Redis broker.
ENV_BROKER = "AUDIOPAPER_BROKER"  # redis://[:PASSWORD@]HOST:6379/0 or rediss://…
CLUSTER_QUEUE_PREFIX = "audiopaper."  # one queue per engine: audiopaper.baker, audiopaper.edge
CLUSTER_TASK = "audiopaper.speak"
CLUSTER_CLIP_PREFIX = "audiopaper:clip:"  # a spoken clip waits in Redis under its cache key
CLUSTER_CLIP_TTL = 3600  # seconds a clip no coordinator fetched stays in Redis
CLUSTER_FETCHED_TTL = 300  # seconds a fetched clip stays (a re-sent duplicate is then free)
CLUSTER_VISIBILITY = 30  # seconds before a taken, unacknowledged task goes back to its queue
CLUSTER_RESTORE_INTERVAL = 5  # seconds between the workers' sweeps for such tasks
CLUSTER_IN_FLIGHT = 64  # segments one build has sent and not yet received
CLUSTER_POLL = 0.05  # seconds between the coordinator's looks at its results
CLUSTER_BROKER_RETRIES = 6  # tries (waiting 1, 2, 4, 8, 8, 8 s) before a lost broker stops a run
CLUSTER_STALL = 600.0  # seconds with segments sent and no clip back before the run stops
CLUSTER_CONNECT_TIMEOUT = 3.0  # seconds to reach the broker
CLUSTER_EDGE_CONCURRENCY = 8  # requests in flight per edge worker by default
