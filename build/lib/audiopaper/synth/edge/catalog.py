"""Where the edge-tts service is, and which Chinese voices it offers.

The endpoint can be moved with ``$AUDIOPAPER_EDGE_URL`` (a proxy, or a local fake in tests).
edge-tts reads its URLs from module globals copied at import, so those are the ones patched.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import edge_tts
import edge_tts.communicate
import edge_tts.voices

from ...constants import ENV_EDGE_URL
from ...errors import ConfigError
from ..engine import EngineVoice

_DEFAULT_WSS = edge_tts.communicate.WSS_URL
_DEFAULT_VOICES = edge_tts.voices.VOICE_LIST

#: The Chinese voices known to speak through edge-tts (Azure-only ones return no audio).
CHINESE_VOICES: tuple[EngineVoice, ...] = (
    EngineVoice("zh-CN-XiaoxiaoNeural", "zh-CN", "Female", "news, novel; warm"),
    EngineVoice("zh-CN-YunyangNeural", "zh-CN", "Male", "news; professional"),
    EngineVoice("zh-CN-YunxiNeural", "zh-CN", "Male", "novel; lively"),
    EngineVoice("zh-CN-YunjianNeural", "zh-CN", "Male", "sports, novel; passionate"),
    EngineVoice("zh-CN-XiaoyiNeural", "zh-CN", "Female", "cartoon, novel; lively"),
    EngineVoice("zh-CN-YunxiaNeural", "zh-CN", "Male", "cartoon, novel; cute"),
    EngineVoice("zh-CN-liaoning-XiaobeiNeural", "zh-CN-liaoning", "Female", "Northeastern dialect"),
    EngineVoice("zh-CN-shaanxi-XiaoniNeural", "zh-CN-shaanxi", "Female", "Shaanxi dialect"),
    EngineVoice("zh-HK-HiuGaaiNeural", "zh-HK", "Female", "Cantonese; friendly"),
    EngineVoice("zh-HK-HiuMaanNeural", "zh-HK", "Female", "Cantonese; friendly"),
    EngineVoice("zh-HK-WanLungNeural", "zh-HK", "Male", "Cantonese; friendly"),
    EngineVoice("zh-TW-HsiaoChenNeural", "zh-TW", "Female", "Taiwanese Mandarin; friendly"),
    EngineVoice("zh-TW-HsiaoYuNeural", "zh-TW", "Female", "Taiwanese Mandarin; friendly"),
    EngineVoice("zh-TW-YunJheNeural", "zh-TW", "Male", "Taiwanese Mandarin; friendly"),
)


def endpoint_from_env() -> str:
    """The synthesis websocket URL: ``$AUDIOPAPER_EDGE_URL`` checked, else edge-tts's own."""
    url = os.environ.get(ENV_EDGE_URL, "").strip()
    if not url:
        return _DEFAULT_WSS
    parts = urlsplit(url)
    if parts.scheme not in ("ws", "wss") or not parts.netloc:
        raise ConfigError(f"{ENV_EDGE_URL}={url!r} is not a websocket URL: write it as "
                          f"ws://host:port/path or wss://host/path")
    # edge-tts appends "&ConnectionId=…", so the URL must already carry a query.
    return url if "?" in url else url + "?"


def voice_list_url(endpoint: str) -> str:
    """The voice list beside a synthesis endpoint: http(s), path ``…/voices/list``."""
    if endpoint == _DEFAULT_WSS:
        return _DEFAULT_VOICES
    parts = urlsplit(endpoint)
    scheme = "https" if parts.scheme == "wss" else "http"
    path = parts.path
    if path.rstrip("/").endswith("edge/v1"):
        path = path.rstrip("/")[: -len("edge/v1")] + "voices/list"
    else:
        path = path.rsplit("/", 1)[0] + "/voices/list"
    return urlunsplit((scheme, parts.netloc, path, parts.query or "", ""))


def use_endpoint(endpoint: str) -> None:
    """Point the edge-tts client at ``endpoint`` (and its voice list) for this process."""
    edge_tts.communicate.WSS_URL = endpoint
    edge_tts.voices.VOICE_LIST = voice_list_url(endpoint)


def describe_endpoint(endpoint: str) -> str:
    """Host and path only: the query carries the client token, which need not be printed."""
    parts = urlsplit(endpoint)
    return f"{parts.netloc}{parts.path}"


def chinese_voices(listing: list[dict[str, Any]]) -> list[EngineVoice]:
    """The service's voice list reduced to its Chinese voices."""
    return [EngineVoice(str(v["ShortName"]), str(v.get("Locale", "")), str(v.get("Gender", "")),
                        str(v.get("FriendlyName", "")))
            for v in listing if str(v.get("Locale", "")).startswith("zh-")]
