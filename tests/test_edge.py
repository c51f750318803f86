"""The edge engine with the real edge-tts client against the local fake service.

Normal synthesis, long texts cut by the synthesis stage (never by the engine), every failure mode the service shows
(403, 429/503, no audio, truncation, hangs), the circuit breaker and the voice list.
"""

from __future__ import annotations

import random
import re
import time

import numpy as np
import pytest

from audiopaper import constants as C
from audiopaper.errors import ConfigError, EngineError, EngineUnavailable, Interrupted
from audiopaper.synth import synthesize_segment
from audiopaper.synth.cache import AudioCache, read_wav
from audiopaper.synth.edge import EdgeEngine, catalog
from audiopaper.synth.edge.request import BadAudio, Boundary, Received, check_audio
from audiopaper.synth.voices import load_profile
from audiopaper.synth.edge.resilience import CircuitBreaker, RetryPolicy
from audiopaper.types import Segment

from edge_fake import FakeEdge, baker_speech, ssml_voice_name
from edge_helpers import FAST, engine, fake, fast_engine, use_engine  # noqa: F401  (fixtures)

XIAOXIAO = "zh-CN-XiaoxiaoNeural"
NEWS = "泰安市第二十届桃花节将于三月二十五日启幕。届时将举办音乐节、书画展等活动！"


def _spoken(text: str, fake: FakeEdge) -> float:
    """How long the fake service speaks ``text`` (per character, plus its lead-out)."""
    return len(re.findall(r"[\u4e00-\u9fff]", text)) * fake.per_char + 0.1


def test_speaks_chinese(fake: FakeEdge, engine: EdgeEngine):
    audio = engine.synthesize(NEWS, XIAOXIAO, {"pace": -10})
    assert audio.sample_rate == 24_000
    assert audio.duration == pytest.approx(_spoken(NEWS, fake), abs=0.1)
    assert fake.served == [(ssml_voice_name(XIAOXIAO), NEWS, "ok")]


def test_the_synthesis_stage_cuts_a_long_text_to_the_engines_limit(fake: FakeEdge,
                                                                   engine: EdgeEngine, tmp_path):
    long_sentence = "这是一个没有任何标点符号而且非常非常长的句子" * 8  # 176 characters, no stop
    article = "。".join(f"第{n}句话讲的是桃花节的第{n}项安排" for n in range(1, 13)) + "。" + long_sentence
    segment = Segment(text=article, speech=article, voice="xiaoxiao")
    clip = synthesize_segment(segment, load_profile("xiaoxiao"), AudioCache(tmp_path))
    texts = [text for _, text, _ in fake.served]
    assert len(texts) > 2 and all(len(t) <= engine.max_chars for t in texts)
    assert "".join(texts) == article  # nothing lost, nothing repeated, in order
    assert read_wav(clip.path).duration > len(article) * fake.per_char * 0.9


@pytest.mark.parametrize("plan, requests", [
    (["403", "ok"], 2),  # the client corrects its clock from the Date header and retries itself
    (["403", "403", "403", "ok"], 4),  # the engine retries when the client's own retry fails
])
def test_403_then_success(fake: FakeEdge, engine: EdgeEngine, plan: list[str], requests: int):
    fake.plan(*plan)
    audio = engine.synthesize(NEWS, XIAOXIAO, {})
    assert audio.duration > 5 and fake.requests == requests


@pytest.mark.parametrize("status", ["429", "503"])
def test_throttling_is_retried_with_backoff(fake: FakeEdge, engine: EdgeEngine, status: str):
    fake.plan(status, status, "ok")
    audio = engine.synthesize(NEWS, XIAOXIAO, {})
    assert audio.duration > 5 and fake.requests == 3


def test_no_audio_is_retried(fake: FakeEdge, engine: EdgeEngine):
    fake.plan("noaudio", "ok")
    assert engine.synthesize(NEWS, XIAOXIAO, {}).duration > 5
    assert [b for _, _, b in fake.served] == ["noaudio", "ok"]


def test_truncated_audio_is_detected_and_retried(fake: FakeEdge, engine: EdgeEngine):
    fake.plan("truncate", "ok")
    audio = engine.synthesize(NEWS, XIAOXIAO, {})
    assert [b for _, _, b in fake.served] == ["truncate", "ok"]
    assert audio.duration == pytest.approx(_spoken(NEWS, fake), abs=0.1)


def test_a_hang_is_bounded_then_retried(fake: FakeEdge, engine: EdgeEngine):
    fake.plan("hang", "ok")
    audio = engine.synthesize(NEWS, XIAOXIAO, {})
    assert audio.duration > 5 and [b for _, _, b in fake.served] == ["hang", "ok"]


@pytest.mark.slow
def test_a_silent_service_costs_a_bounded_time(fake: FakeEdge, engine: EdgeEngine):
    fake.rule = lambda _n: "hang"
    start = time.monotonic()
    with pytest.raises(EngineError, match="no answer within"):
        engine.synthesize(NEWS, XIAOXIAO, {})
    assert fake.requests == FAST.attempts
    assert time.monotonic() - start < FAST.deadline + 5  # generous: the bound is the deadline


def test_persistent_failure_raises_with_the_reason(fake: FakeEdge, engine: EdgeEngine):
    fake.rule = lambda _n: "503"
    with pytest.raises(EngineError, match="HTTP 503"):
        engine.synthesize(NEWS, XIAOXIAO, {})
    assert fake.requests == FAST.attempts


def test_circuit_breaker_stops_calling_a_dead_service(fake: FakeEdge):
    engine = use_engine(fast_engine(breaker_failures=4, breaker_cooldown=0.5))
    fake.rule = lambda _n: "503"
    with pytest.raises(EngineError):
        engine.synthesize(NEWS, XIAOXIAO, {})  # 3 attempts
    with pytest.raises(EngineError):
        engine.synthesize(NEWS, XIAOXIAO, {})  # 1 more opens the breaker
    for _ in range(5):
        with pytest.raises(EngineUnavailable, match="not calling it"):
            engine.synthesize(NEWS, XIAOXIAO, {})
    assert fake.requests == 4
    fake.rule = None
    time.sleep(0.6)  # after the cool-down, one trial request goes through and closes it
    assert engine.synthesize(NEWS, XIAOXIAO, {}).duration > 5
    assert not engine.breaker.is_open and fake.requests == 5


def test_breaker_reopens_when_the_trial_fails():
    now = [0.0]
    breaker = CircuitBreaker(threshold=2, cooldown=10, clock=lambda: now[0])
    breaker.failure("x")
    breaker.before_call()
    breaker.failure("x")
    with pytest.raises(EngineUnavailable):
        breaker.before_call()
    now[0] = 11
    breaker.before_call()  # the trial
    with pytest.raises(EngineUnavailable):
        breaker.before_call()  # only one trial at a time
    breaker.failure("still down")
    now[0] = 15
    with pytest.raises(EngineUnavailable, match="still down"):
        breaker.before_call()


def test_backoff_doubles_with_jitter_and_a_cap():
    policy = RetryPolicy(backoff=1.0, backoff_cap=8.0)
    rng = random.Random(3)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (6, 8.0)]:
        delays = {policy.delay(attempt, rng) for _ in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays) and len(delays) > 1
    assert policy.delay(1, rng, at_least=5.0) == 5.0  # Retry-After is honoured
    assert policy.delay(1, rng, at_least=60.0) == 8.0  # but never beyond the cap


def test_audio_check_catches_empty_cut_and_short_audio():
    text = "泰安市第二十届桃花节将于三月二十五日启幕。"
    marks = (Boundary(text, 0.05, 4.2),)
    with pytest.raises(BadAudio, match="no audio"):
        check_audio(Received(b"", ()), text, 1.0)
    with pytest.raises(BadAudio, match="cut off"):
        check_audio(Received(b"x" * 6000 * 2, marks), text, 1.0)  # 2 s of a 4.2 s sentence
    with pytest.raises(BadAudio, match="too short"):
        check_audio(Received(b"x" * 3000, ()), text, 1.0)  # 0.5 s for 20 characters
    check_audio(Received(b"x" * 6000 * 5, marks), text, 1.0)


def test_cancel_makes_a_waiting_request_give_up(fake: FakeEdge, engine: EdgeEngine):
    fake.rule = lambda _n: "hang"
    engine.cancel()
    with pytest.raises(Interrupted, match="rerun"):
        engine.synthesize(NEWS, XIAOXIAO, {})
    engine.resume()
    fake.rule = None
    assert engine.synthesize(NEWS, XIAOXIAO, {}).duration > 5


def test_bare_punctuation_is_silence_without_a_request(fake: FakeEdge, engine: EdgeEngine):
    assert engine.synthesize("——。", XIAOXIAO, {}).duration == 0
    assert fake.requests == 0


def test_voice_list_from_the_service(fake: FakeEdge, engine: EdgeEngine):
    engine.check()
    ids = {v.id for v in engine.voices()}
    assert {v.id for v in catalog.CHINESE_VOICES} <= ids
    assert "en-US-EmmaMultilingualNeural" not in ids  # only the Chinese voices are offered


def test_unreachable_voice_list_makes_the_engine_unavailable(fake: FakeEdge, engine: EdgeEngine):
    fake.voice_list_status = 503
    with pytest.raises(EngineUnavailable, match="AUDIOPAPER_EDGE_URL"):
        engine.check()
    fake.voice_list_status = 200
    with pytest.raises(EngineUnavailable):
        engine.check()  # checked once per run: the answer is kept


def test_endpoint_override_is_validated(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AUDIOPAPER_EDGE_URL", "http://127.0.0.1:1/edge/v1")
    with pytest.raises(ConfigError, match="ws://"):
        catalog.endpoint_from_env()
    monkeypatch.setenv("AUDIOPAPER_EDGE_URL", "wss://proxy.example/tts/edge/v1")
    assert catalog.endpoint_from_env() == "wss://proxy.example/tts/edge/v1?"
    assert catalog.voice_list_url("wss://proxy.example/tts/edge/v1?") == \
        "https://proxy.example/tts/voices/list"


def test_options_are_validated_in_the_service_units():
    engine = EdgeEngine()
    assert engine.validate_options({"pace": -10}) == {"pace": -10, "pitch": 0, "volume": 0}
    with pytest.raises(ConfigError, match="pitch"):
        engine.validate_options({"pitch": 400})
    with pytest.raises(ConfigError, match="unknown edge option"):
        engine.validate_options({"speed": 1})


def test_default_settings_give_up_on_a_silent_service_within_a_minute():
    """Worst case, one segment at a time: every attempt at the first segment until the deadline,
    then requests at the next ones until the breaker opens; afterwards nothing waits."""
    policy = RetryPolicy()
    longest = policy.request_timeout("字" * EdgeEngine.max_chars)
    extra = C.EDGE_BREAKER_FAILURES - policy.attempts
    assert policy.deadline + extra * longest <= 60
    assert policy.attempts * policy.timeout < policy.deadline  # the deadline is reachable


@pytest.mark.slow
def test_the_fake_can_answer_with_real_speech(baker, monkeypatch: pytest.MonkeyPatch):
    text = "桃花节三月启幕。"
    direct = baker.synthesize(text, "baker-female", baker.validate_options({}))
    with FakeEdge(speech=baker_speech) as service:
        monkeypatch.setenv("AUDIOPAPER_EDGE_URL", service.url)
        audio = use_engine(fast_engine(policy=RetryPolicy(timeout=20, deadline=60))).synthesize(
            text, XIAOXIAO, {})
    # The MP3 round trip keeps the speech: same length (plus the service's lead-in and tail).
    assert audio.duration == pytest.approx(direct.duration + 0.1, abs=0.1)
    # Speech rises and falls where a tone stays level: the loudness of 50 ms windows varies.
    windows = audio.samples[: len(audio.samples) // 1200 * 1200].astype(float).reshape(-1, 1200)
    loudness = np.sqrt((windows ** 2).mean(axis=1))
    assert loudness.std() / loudness.mean() > 0.3
