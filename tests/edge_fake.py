"""A local fake of Microsoft's edge-tts service, written from the wire protocol (facts/edge-tts.md).

It speaks the same websocket protocol as the real service, so the real ``edge_tts`` client talks
to it unchanged, and it misbehaves on demand: HTTP 403/429/503 on the upgrade, ``turn.end`` with
no audio, a connection closed before ``turn.end`` (truncation), or no answer at all (hang).
It counts requests and concurrent connections so tests can check the engine's bounds.

    with FakeEdge() as fake:                     # on 127.0.0.1, a free port
        monkeypatch.setenv("AUDIOPAPER_EDGE_URL", fake.url)
        fake.plan("403", "403", "ok")            # the next three requests, in order
        fake.rule = lambda n: "503" if n % 5 == 0 else "ok"   # afterwards, by request number
        fake.fail_texts["某句"] = "hang"          # always, for a text containing that string
"""

from __future__ import annotations

import asyncio
import collections
import json
import math
import re
import threading
import uuid
from collections.abc import Callable
from html import unescape
from typing import Any

import numpy as np
from aiohttp import WSMsgType, web

from audiopaper.util.ffmpeg import run_ffmpeg

SAMPLE_RATE = 24_000
TICKS = 10_000_000
LEAD = 0.05  # seconds of silence before speech, as the real service has
FRAME_BYTES, FRAME_SECONDS = 144, 576 / SAMPLE_RATE  # one MPEG-2 layer III frame at 48 kbit/s
STATUSES = {"403": 403, "429": 429, "503": 503}
AFTER_UPGRADE = {"ok", "noaudio", "truncate", "hang"}
_VOICE = re.compile(r"<voice name='([^']*)'>")
_PROSODY = re.compile(r"<prosody[^>]*>(.*)</prosody>", re.S)
_SENTENCE = re.compile(r"[^。！？；]+[。！？；]*")
_SPOKEN = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")

VOICES = [
    ("zh-CN-XiaoxiaoNeural", "Female"), ("zh-CN-YunyangNeural", "Male"),
    ("zh-CN-YunxiNeural", "Male"), ("zh-CN-YunjianNeural", "Male"), ("zh-CN-XiaoyiNeural", "Female"),
    ("zh-CN-YunxiaNeural", "Male"), ("zh-CN-liaoning-XiaobeiNeural", "Female"),
    ("zh-CN-shaanxi-XiaoniNeural", "Female"), ("zh-HK-HiuGaaiNeural", "Female"),
    ("zh-HK-HiuMaanNeural", "Female"), ("zh-HK-WanLungNeural", "Male"),
    ("zh-TW-HsiaoChenNeural", "Female"), ("zh-TW-HsiaoYuNeural", "Female"),
    ("zh-TW-YunJheNeural", "Male"), ("en-US-EmmaMultilingualNeural", "Female"),
]


def voice_entry(short_name: str, gender: str) -> dict[str, Any]:
    """One voice as the service lists it."""
    lang, region, rest = short_name.split("-", 2)
    locale = f"{lang}-{region}" + (f"-{rest.split('-')[0]}" if "-" in rest else "")
    name = rest.split("-")[-1]
    return {"Name": f"Microsoft Server Speech Text to Speech Voice ({locale}, {name})",
            "ShortName": short_name, "Gender": gender, "Locale": locale,
            "SuggestedCodec": "audio-24khz-48kbitrate-mono-mp3",
            "FriendlyName": f"Microsoft {name} Online (Natural)", "Status": "GA",
            "VoiceTag": {"ContentCategories": ["News"], "VoicePersonalities": ["Warm"]}}


def ssml_voice_name(short_name: str) -> str:
    """The long voice name the client writes into its SSML."""
    return voice_entry(short_name, "")["Name"]


def tone_pcm(seconds: float) -> np.ndarray:
    """A quiet 220 Hz tone standing in for speech."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (np.sin(2 * np.pi * 220 * t) * 6000).astype(np.int16)


def encode_mp3(pcm: np.ndarray) -> bytes:
    """24 kHz mono 48 kbit/s CBR MP3, the service's only format (6,000 bytes a second)."""
    return run_ffmpeg(["-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "pipe:0",
                       "-c:a", "libmp3lame", "-b:a", "48k", "-ar", str(SAMPLE_RATE), "-ac", "1",
                       "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3", "-"],
                      stdin=pcm.astype("<i2").tobytes())


def baker_speech(text: str) -> np.ndarray:
    """The offline voice reading the text (24 kHz, like the service): real speech for demos."""
    from audiopaper.synth.engine import get_engine

    engine = get_engine("baker")
    return engine.synthesize(text, "baker-female", engine.validate_options({})).samples


def spoken_seconds(text: str, per_char: float) -> float:
    return max(0.3, len(_SPOKEN.findall(text)) * per_char)


def text_frame(path: str, body: str, request_id: str) -> str:
    kind = "application/json; charset=utf-8"
    return f"X-RequestId:{request_id}\r\nContent-Type:{kind}\r\nPath:{path}\r\n\r\n{body}"


def audio_frame(data: bytes, request_id: str) -> bytes:
    """2-byte header length, header lines (Path not first), then MP3 bytes."""
    header = f"X-RequestId:{request_id}\r\nContent-Type:audio/mpeg\r\nPath:audio\r\n".encode()
    return len(header).to_bytes(2, "big") + header + data


class FakeEdge:
    """The fake service, on its own event loop in a background thread."""

    def __init__(self, latency: float = 0.0, per_char: float = 0.2,
                 speech: Callable[[str], np.ndarray] | None = None) -> None:
        self.latency = latency
        self.per_char = per_char
        self.speech = speech  # text -> 24 kHz PCM (e.g. the offline voice); default a tone
        self.rule: Callable[[int], str] | None = None
        self.fail_texts: dict[str, str] = {}
        self.voice_list_status = 200
        self.voice_list_requests = 0
        self.requests = 0
        self.served: list[tuple[str, str, str]] = []  # (voice, text, behaviour)
        self.active = 0
        self.max_active = 0
        self._queue: collections.deque[str] = collections.deque()
        self._lock = threading.Lock()
        self._tone = b""
        self._loop = asyncio.new_event_loop()
        self._release: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- control ------------------------------------------------------------------------

    def plan(self, *behaviours: str) -> None:
        """The next requests' behaviours, in order; then ``rule`` (or "ok") decides."""
        unknown = set(behaviours) - AFTER_UPGRADE - set(STATUSES)
        assert not unknown, f"unknown behaviour {unknown}"
        with self._lock:
            self._queue.extend(behaviours)

    @property
    def url(self) -> str:
        return (f"ws://127.0.0.1:{self.port}/consumer/speech/synthesize/readaloud/edge/v1"
                f"?TrustedClientToken=fake")

    def count(self, behaviour: str) -> int:
        return sum(1 for _, _, b in self.served if b == behaviour)

    def __enter__(self) -> FakeEdge:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def start(self) -> FakeEdge:
        if self.speech is None:
            self._tone = encode_mp3(tone_pcm(30.0))
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    # -- the server -----------------------------------------------------------------------

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._startup())
        ready.set()
        self._loop.run_forever()

    async def _startup(self) -> None:
        self._release = asyncio.Event()
        app = web.Application()
        app.router.add_get("/consumer/speech/synthesize/readaloud/edge/v1", self._synthesis)
        app.router.add_get("/consumer/speech/synthesize/readaloud/voices/list", self._voices)
        self._runner = web.AppRunner(app, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _shutdown(self) -> None:
        assert self._release is not None and self._runner is not None
        self._release.set()
        await self._runner.cleanup()

    async def _voices(self, _request: web.Request) -> web.Response:
        self.voice_list_requests += 1
        if self.voice_list_status != 200:
            return web.Response(status=self.voice_list_status)
        return web.json_response([voice_entry(n, g) for n, g in VOICES])

    def _next(self) -> str:
        with self._lock:
            self.requests += 1
            if self._queue:
                return self._queue.popleft()
            return self.rule(self.requests) if self.rule else "ok"

    async def _synthesis(self, request: web.Request) -> web.StreamResponse:
        behaviour = self._next()
        if behaviour in STATUSES:
            with self._lock:
                self.served.append(("", "", behaviour))
            return web.Response(status=STATUSES[behaviour], text="refused by the fake")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._enter()
        try:
            voice, text = await self._read_request(ws)
            behaviour = next((b for s, b in self.fail_texts.items() if s in text), behaviour)
            with self._lock:
                self.served.append((voice, text, behaviour))
            await asyncio.sleep(self.latency)
            await self._answer(ws, behaviour, voice, text)
        finally:
            self._leave()
        return ws

    def _enter(self) -> None:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def _leave(self) -> None:
        with self._lock:
            self.active -= 1

    async def _read_request(self, ws: web.WebSocketResponse) -> tuple[str, str]:
        """The two text frames the client sends: speech.config, then the SSML."""
        while True:
            message = await ws.receive()
            if message.type != WSMsgType.TEXT:
                return "", ""
            if "Path:ssml" in message.data:
                ssml = message.data.split("\r\n\r\n", 1)[1]
                voice = _VOICE.search(ssml)
                body = _PROSODY.search(ssml)
                return (voice.group(1) if voice else "", unescape(body.group(1)) if body else "")

    async def _answer(self, ws: web.WebSocketResponse, behaviour: str, voice: str,
                      text: str) -> None:
        rid = uuid.uuid4().hex
        if behaviour == "hang":
            await self._hang(ws)
            return
        await ws.send_str(text_frame("turn.start", "{}", rid))
        known = {ssml_voice_name(n) for n, _ in VOICES}
        if behaviour == "noaudio" or voice not in known:
            await ws.send_str(text_frame("turn.end", "{}", rid))
            await ws.close()
            return
        mp3, marks = await self._speech(text)
        for offset, duration, sentence in marks:
            await ws.send_str(text_frame("audio.metadata", _metadata(offset, duration, sentence), rid))
        if behaviour == "truncate":
            mp3 = mp3[: len(mp3) // 3]
        for start in range(0, len(mp3), 4096):
            await ws.send_bytes(audio_frame(mp3[start:start + 4096], rid))
        if behaviour != "truncate":
            await ws.send_str(text_frame("turn.end", "{}", rid))
        await ws.close()

    async def _hang(self, ws: web.WebSocketResponse) -> None:
        """Say nothing until the client gives up (closes) or the fake stops."""
        assert self._release is not None
        waits = {asyncio.ensure_future(self._release.wait()), asyncio.ensure_future(ws.receive())}
        _, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()

    async def _speech(self, text: str) -> tuple[bytes, list[tuple[int, int, str]]]:
        """MP3 for the text and one SentenceBoundary per sentence, proportional to length."""
        loop = asyncio.get_running_loop()
        mp3 = await loop.run_in_executor(None, self._mp3_for, text)
        sentences = _SENTENCE.findall(text) or [text]
        seconds = [spoken_seconds(s, self.per_char) for s in sentences]
        total = len(mp3) / 6000 - 2 * LEAD
        scale = total / sum(seconds)
        marks, position = [], LEAD
        for sentence, length in zip(sentences, seconds):
            marks.append((int(position * TICKS), int(length * scale * TICKS), sentence))
            position += length * scale
        return mp3, marks

    def _mp3_for(self, text: str) -> bytes:
        """The offline voice's speech when asked for, else a slice of one long encoded tone.

        A CBR MP3 with no header is a run of equal frames, so any whole number of them is a
        valid file: the fake then answers without running its encoder per request.
        """
        if self.speech is not None:
            lead = np.zeros(int(LEAD * SAMPLE_RATE), dtype=np.int16)
            return encode_mp3(np.concatenate([lead, self.speech(text), lead]))
        frames = math.ceil((spoken_seconds(text, self.per_char) + 2 * LEAD) / FRAME_SECONDS)
        repeats = frames * FRAME_BYTES // len(self._tone) + 1
        return (self._tone * repeats)[: frames * FRAME_BYTES]


def _metadata(offset: int, duration: int, sentence: str) -> str:
    data = {"Offset": offset, "Duration": duration,
            "text": {"Text": sentence, "Length": len(sentence), "BoundaryType": "SentenceBoundary"}}
    return json.dumps({"Metadata": [{"Type": "SentenceBoundary", "Data": data}]}, ensure_ascii=False)
