"""The audio edition end to end with a fake voice: files, chapters, loudness, transcripts, manifest."""

from __future__ import annotations

from dataclasses import replace

import datetime as dt
import json
import re
import io
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from audiopaper import pipeline
from audiopaper.constants import LEAD_IN
from audiopaper.util.ffmpeg import Encoder, decode, measure_loudness, wav_args
from audiopaper.stitch.sections import MP3_LEAD
from audiopaper.types import Episode

from PIL import Image

from audiopaper.config import load_config
from fake_voice import fake_voices, speech_like
from id3v23 import NotV23, read_v23
from paths import EXAMPLE_EDITION, SEED_EDITION

DATE = dt.date(2024, 3, 15)
CONFIG = """
[programme]
intro_jingle = "jingle.wav"
[audio]
profiles = ["podcast", "broadcast"]
broadcast_format = "{fmt}"
{audio}
[feed]
cover = "cover.png"
"""


pytestmark = pytest.mark.slow  # the full tier: real ffmpeg builds


@dataclass(frozen=True)
class Built:
    """One build's output folder, episode and manifest."""

    out: Path
    episode: Episode
    manifest: dict


def _jingle(path: Path) -> None:
    with Encoder(path, 24_000, wav_args(24_000)) as encoder:
        encoder.write(np.zeros(2400, dtype=np.int16))  # leading silence pydub trims
        encoder.write(speech_like(99, 2.0))


def build(root: Path, out_name: str, fmt: str = "mp3", edition: Path = SEED_EDITION,
          audio: str = "") -> Built:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(CONFIG.format(fmt=fmt, audio=audio), encoding="utf-8")
    Image.new("RGB", (1400, 1400), (20, 40, 90)).save(root / "cover.png")
    if not (root / "jingle.wav").exists():
        _jingle(root / "jingle.wav")
    options = replace(pipeline.BuildOptions.from_flags(
        load_config(root / "config.toml"), DATE, root / out_name, voice="fake",
        headline_voice="fake-headline"), cache_dir=root / "cache")
    with fake_voices(root / "voices"):
        report = pipeline.build(edition, options)
    manifest = json.loads((root / out_name / "2024-03-15.manifest.json").read_text("utf-8"))
    return Built(root / out_name, report.episode, manifest)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("stitch"), "out")


def _files(built: Built, kind: str, profile: str = "podcast") -> list[dict]:
    return [f for f in built.manifest["files"] if f["kind"] == kind and f.get("profile") == profile]


def test_files_are_where_the_feed_and_stations_look(built: Built):
    ep = built.episode
    assert ep.path == built.out / "2024-03-15.mp3"
    assert ep.chapters_file == built.out / "2024-03-15.chapters.json"
    assert ep.transcript_file == built.out / "2024-03-15.vtt"
    assert len(ep.articles) == 8  # the seed page holds 8 spoken articles (tests/golden)
    for article in ep.articles:
        assert article.path.is_file() and article.transcript_file and article.transcript_file.is_file()
        assert re.fullmatch(r"2024-03-15-\d\d-[a-z0-9-]+\.mp3", article.path.name)
    assert (built.out / "broadcast" / "2024-03-15.mp3").is_file()
    assert len(list((built.out / "broadcast" / "articles").glob("*.mp3"))) == 8
    assert not list(built.out.rglob("*.part"))


def test_formats_of_both_profiles(built: Built):
    podcast = MP3(built.episode.path).info
    broadcast = MP3(built.out / "broadcast" / "2024-03-15.mp3").info
    assert (podcast.sample_rate, podcast.channels) == (44_100, 1)
    assert (broadcast.sample_rate, broadcast.channels) == (48_000, 1)


def test_id3_tags(built: Built):
    edition = ID3(built.episode.path)
    assert edition.version[:2] == (2, 3)
    assert str(edition["TPE1"]) == "泰安日报" and str(edition["TDRC"]) == "2024-03-15"
    assert str(edition["TLAN"]) == "chi" and edition.getall("APIC")[0].mime == "image/jpeg"
    third = ID3(built.episode.articles[2].path)
    assert str(third["TIT2"]) == built.episode.articles[2].title
    assert str(third["TRCK"]) == "3/8"


def _mp3s(built: Built) -> list[Path]:
    """Every published MP3 by its stable name (media/ holds the feed's links to the same files)."""
    return sorted(p for p in built.out.rglob("*.mp3") if "media" not in p.relative_to(built.out).parts)


def test_every_mp3_reads_in_a_strict_id3v23_reader_with_date_cover_and_description(built: Built):
    files = _mp3s(built)
    assert len(files) == 2 * 9  # edition and 8 articles, in both profiles
    for path in files:
        frames = read_v23(path)
        assert frames["TYER"] == ["2024"] and frames["TDAT"] == ["1503"], path
        [art] = frames["APIC"]
        assert art["mime"] == "image/jpeg" and art["type"] == 3
        with Image.open(io.BytesIO(art["data"])) as image:
            assert image.format == "JPEG" and image.size == (600, 600)
        [comment] = frames["COMM"]
        assert comment["lang"] == "chi" and comment["text"]
    edition = read_v23(built.episode.path)
    contents = edition["COMM"][0]["text"].splitlines()
    assert contents == [f"{a.number}. {a.title}" for a in built.episode.articles]
    for article in built.episode.articles:
        comment = read_v23(article.path)["COMM"][0]["text"]
        assert comment == f"{article.title}：{article.lead}" and len(article.lead) > 5
        assert article.lead in "".join(_cue_texts(article.transcript_file))


def test_the_strict_reader_refuses_what_a_v23_player_cannot_read(tmp_path: Path):
    from mutagen.id3 import TDRC, TIT2

    path = tmp_path / "v24.mp3"
    path.write_bytes(b"\xff\xfb\x90\x00" + b"\0" * 400)
    tags = ID3()
    tags.add(TIT2(encoding=3, text="标题"))
    tags.add(TDRC(encoding=3, text="2024-03-15"))
    tags.save(path, v2_version=4)
    with pytest.raises(NotV23, match="2.4"):
        read_v23(path)
    tags.save(path, v2_version=3)  # without update_to_v23, as audiopaper used to write it
    with pytest.raises(NotV23, match="TDRC"):
        read_v23(path)


def test_chapters_read_back_with_mutagen_match_the_articles(built: Built):
    tags = ID3(built.episode.path)
    toc = tags.getall("CTOC")[0]
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    ordered = [chaps[i] for i in toc.child_element_ids]
    titles = [str(c.sub_frames["TIT2"]) for c in ordered]
    assert titles == ["开篇", *(a.title for a in built.episode.articles), "结束语"]
    starts = [c.start_time / 1000 for c in ordered]
    assert starts == [c.start for c in built.episode.chapters] and starts == sorted(starts)
    assert ordered[-1].end_time / 1000 == pytest.approx(built.episode.duration, abs=0.002)


@pytest.mark.skipif(not shutil.which("ffprobe"), reason="needs Debian's ffprobe")
def test_chapters_read_back_with_ffprobe_match_the_articles(built: Built):
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json",
                            str(built.episode.path)], capture_output=True, check=True, text=True)
    chapters = json.loads(probe.stdout)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [c.title for c in built.episode.chapters]
    assert [float(c["start_time"]) for c in chapters] == \
        pytest.approx([c.start for c in built.episode.chapters], abs=0.001)


def test_chapters_json_is_podcasting_2_0(built: Built):
    document = json.loads(built.episode.chapters_file.read_text("utf-8"))
    assert document["version"] == "1.2.0"
    assert [c["title"] for c in document["chapters"]] == [c.title for c in built.episode.chapters]
    assert document["chapters"][0]["startTime"] == 0


@pytest.mark.parametrize("profile, target", [("podcast", -16.0), ("broadcast", -23.0)])
def test_loudness_of_both_profiles(built: Built, profile: str, target: float):
    folder = built.out / ("broadcast" if profile == "broadcast" else "")
    edition = measure_loudness(folder / "2024-03-15.mp3")
    assert edition.integrated == pytest.approx(target, abs=1.0)
    assert edition.true_peak <= -1.0
    paths = sorted((folder / "articles").glob("*.mp3"))
    articles = [measure_loudness(p) for p in (paths[0], paths[len(paths) // 2], paths[-1])]
    levels = [a.integrated for a in articles]
    assert max(levels) - min(levels) <= 1.0, levels  # no article quieter than another (all in
    # test_manifest_reports_loudness_within_tolerance, measured by ebur128 as they were encoded)
    assert all(abs(level - target) <= 1.0 for level in levels)
    assert all(a.true_peak <= -1.0 for a in articles)


def test_manifest_reports_loudness_within_tolerance(built: Built):
    for profile, target in (("podcast", -16.0), ("broadcast", -23.0)):
        for entry in _files(built, "edition", profile) + _files(built, "article", profile):
            assert entry["loudness"]["integrated_lufs"] == pytest.approx(target, abs=1.0)
            assert entry["loudness"]["true_peak_dbtp"] <= -1.0
            assert entry["size"] == (built.out / entry["path"]).stat().st_size


def test_article_durations_add_up_to_the_edition_body(built: Built):
    chapters = built.episode.chapters
    body = chapters[-1].start - chapters[1].start  # first headline to the closing
    articles = _files(built, "article")
    assert sum(a["duration"] for a in articles) == pytest.approx(body, abs=0.001 * len(articles))
    decoded = sum(MP3(built.out / a["path"]).info.length for a in articles)
    assert decoded == pytest.approx(body, abs=0.06 * len(articles))  # MP3 frame rounding
    assert MP3(built.episode.path).info.length == pytest.approx(built.episode.duration, abs=0.06)


def _cues(path: Path) -> list[tuple[float, float, str]]:
    text = path.read_text("utf-8")
    assert text.startswith("WEBVTT\n")
    found = re.findall(r"(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})\n(.+)", text)
    return [(int(a) * 3600 + int(b) * 60 + float(c), int(d) * 3600 + int(e) * 60 + float(f), t)
            for a, b, c, d, e, f, t in found]


def test_transcripts_are_monotonic_and_cover_the_text(built: Built):
    cues = _cues(built.episode.transcript_file)
    assert all(start < end for start, end, _ in cues)
    assert all(a[1] <= b[0] for a, b in zip(cues, cues[1:]))
    assert cues[0][0] > 2.0  # the jingle plays first and has no cue
    assert cues[-1][1] <= built.episode.duration
    spoken = "".join(t for _, _, t in cues)
    for article in built.episode.articles:
        assert f"第{article.number}篇，{article.title.rstrip('。')}" in spoken
        own = _cues(article.transcript_file)
        # speech starts after the MP3 decoder's lead (what a listener hears: see the test below)
        # and after the lead-in of silence every file starts with
        assert own[0][0] == round(MP3_LEAD / 44_100 + LEAD_IN, 3)
        assert own[-1][1] <= article.duration
        assert "".join(t for _, _, t in own) in spoken


def _cue_texts(path: Path) -> list[str]:
    return [text for _, _, text in _cues(path)]


def test_the_lead_in_comes_out_of_the_pause_between_articles(built: Built):
    """Each article file starts with the lead-in, yet the edition's pauses stay as configured."""
    cues = _cues(built.episode.transcript_file)
    firsts = [next(c for c in cues if c[0] >= chapter.start)
              for chapter in built.episode.chapters[2:-1]]
    assert all(c[2].startswith(f"第{n}篇，") for n, c in enumerate(firsts, 2))
    for first in firsts:
        before = cues[cues.index(first) - 1]
        # pause_between_articles, plus under 60 ms of MP3 framing where two sections meet
        assert 2.0 <= first[0] - before[1] < 2.06
    for chapter, first in zip(built.episode.chapters[2:-1], firsts):
        assert first[0] - chapter.start == pytest.approx(LEAD_IN + MP3_LEAD / 44_100, abs=0.002)


@pytest.mark.parametrize("lead_in", [0.0, 1.5])
def test_the_lead_in_is_set_in_the_config(tmp_path: Path, lead_in: float):
    built = build(tmp_path, "out", edition=EXAMPLE_EDITION, audio=f"lead_in = {lead_in}")
    for article in built.episode.articles:
        assert _cues(article.transcript_file)[0][0] == round(MP3_LEAD / 44_100 + lead_in, 3)


def test_same_edition_built_twice_gives_identical_manifest_and_chapters(built: Built):
    again = build(built.out.parent, "again")
    for name in ("2024-03-15.manifest.json", "2024-03-15.chapters.json", "2024-03-15.vtt"):
        assert (again.out / name).read_bytes() == (built.out / name).read_bytes(), name


def test_broadcast_as_wav(tmp_path: Path):
    wav = build(tmp_path, "out", fmt="wav", edition=EXAMPLE_EDITION)
    edition = wav.out / "broadcast" / "2024-03-15.wav"
    assert edition.read_bytes()[:4] == b"RIFF"
    loudness = measure_loudness(edition)
    assert loudness.integrated == pytest.approx(-23.0, abs=1.0) and loudness.true_peak <= -1.0
    assert [f["path"] for f in _files(wav, "edition", "broadcast")] == ["broadcast/2024-03-15.wav"]
    for entry in _files(wav, "edition", "broadcast") + _files(wav, "article", "broadcast"):
        path = wav.out / entry["path"]
        title = entry.get("title") or "泰安日报 2024-03-15"
        reference = f"20240315-{entry.get('article', 0):02d}"
        _check_bext(path, title, reference, entry["loudness"])
        pcm = decode(path, 48_000)
        lead = round(LEAD_IN * 48_000)
        # silence (the resampler's ringing aside) until the lead-in ends, then sound
        assert np.abs(pcm[:lead - 480]).max() <= 2 and np.abs(pcm[lead:lead + 4800]).max() > 1000
    names = [f["path"] for f in _files(wav, "article", "broadcast")]
    assert names == sorted(names) and all(re.fullmatch(
        rf"broadcast/articles/2024-03-15-{n:02d}-[a-z0-9-]+\.wav", name)
        for n, name in enumerate(names, 1))


def _check_bext(path: Path, title: str, reference: str, loudness: dict) -> None:
    """ffprobe reads the bext text fields; the loudness fields are read from the chunk itself."""
    if shutil.which("ffprobe"):
        probe = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-of", "json",
                                str(path)], capture_output=True, check=True, text=True)
        tags = json.loads(probe.stdout)["format"]["tags"]
        # ffmpeg names them comment (Description), encoded_by (Originator), date and
        # creation_time (OriginationDate and OriginationTime)
        assert tags["comment"] == title and tags["encoded_by"] == "泰安日报"
        assert tags["date"] == "2024-03-15" and tags["creation_time"] == "06:00:00"
        assert tags["originator_reference"] == reference
        assert tags["coding_history"].startswith("A=PCM,F=48000,W=16,M=mono")
    data = path.read_bytes()
    assert data[12:16] == b"bext"
    version, = struct.unpack_from("<H", data, 20 + 346)
    value, lra, peak, momentary, short = struct.unpack_from("<hhhhh", data, 20 + 412)
    assert version == 2 and (lra, short) == (0x7FFF, 0x7FFF)
    assert value / 100 == pytest.approx(loudness["integrated_lufs"], abs=0.011)
    assert peak / 100 == pytest.approx(loudness["true_peak_dbtp"], abs=0.011)
    assert value / 100 < momentary / 100 < 0


def test_a_failed_build_publishes_nothing_and_keeps_the_last_edition(built: Built, monkeypatch):
    from audiopaper.errors import MediaError
    from audiopaper.stitch import writer

    copy = built.out.parent / "failing"
    shutil.copytree(built.out, copy)
    sections = built.out.parent / "cache" / "sections"
    shutil.rmtree(sections)  # or every section would come from the store, encoded before
    (copy / "2024-03-15.manifest.json").unlink()  # or the unchanged edition would simply be kept
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    calls = [0]
    real = writer.samples

    def breaks_midway(piece):
        calls[0] += 1
        if calls[0] == 60:
            raise MediaError("disk full: free some space")
        return real(piece)

    monkeypatch.setattr(writer, "samples", breaks_midway)
    with pytest.raises(MediaError):
        build(built.out.parent, "failing")
    assert calls[0] == 60
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before
    assert not list(sections.rglob("*.part"))  # the section being encoded was dropped


def _count_encodes(monkeypatch) -> list[int]:
    """Sections encoded from now on (each call encodes one section in every profile)."""
    from audiopaper.stitch import writer

    encoded: list[int] = []
    real = writer._encode

    def counting(section, *args, **kwargs):
        encoded.append(section.article)
        return real(section, *args, **kwargs)

    monkeypatch.setattr(writer, "_encode", counting)
    return encoded


def test_an_unchanged_rebuild_keeps_the_files_and_a_damaged_one_is_rejoined(tmp_path: Path,
                                                                          monkeypatch):
    first = build(tmp_path, "out")
    before = {p: p.read_bytes() for p in first.out.rglob("*") if p.is_file()}
    encoded = _count_encodes(monkeypatch)
    again = build(tmp_path, "out")
    assert encoded == [] and again.episode == first.episode  # nothing encoded, same episode
    kept = [p for p in before if p.suffix in (".mp3", ".vtt", ".json") and "manifest" not in p.name
            and p.parent.name != "reports" and p.name not in ("episodes.json", "last-run.json")]
    assert kept and all(p.read_bytes() == before[p] for p in kept)
    (tmp_path / "out" / "2024-03-15.mp3").write_bytes(b"damaged")  # a file no longer matches
    build(tmp_path, "out")
    assert encoded == []  # joined again from the stored sections, nothing encoded
    assert (tmp_path / "out" / "2024-03-15.mp3").read_bytes() == before[first.episode.path]


def test_a_one_sentence_correction_encodes_only_its_article(tmp_path: Path, monkeypatch):
    first = build(tmp_path, "out", edition=EXAMPLE_EDITION)
    articles = {a.number: a.path.read_bytes() for a in first.episode.articles}
    text = EXAMPLE_EDITION.read_text("utf-8")
    sentence = next(s for s in re.findall(r"[^。\n]{8,40}。", text)
                    if text.count(s) == 1 and s not in first.episode.articles[0].title)
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(text.replace(sentence, "据了解，" + sentence), "utf-8")
    encoded = _count_encodes(monkeypatch)
    second = build(tmp_path, "out", edition=corrected)
    changed = [n for n, data in articles.items()
               if second.episode.articles[n - 1].path.read_bytes() != data]
    assert len(changed) == 1 and encoded == changed  # one article, once for both profiles
    number = changed[0]
    assert "据了解" in second.episode.articles[number - 1].transcript_file.read_text("utf-8")


def test_an_article_file_is_its_chapter_of_the_edition_to_the_sample(built: Built):
    """Sections are joined byte for byte: the edition decodes to the article files in order."""
    from audiopaper.util.ffmpeg import decode

    edition = decode(built.episode.path, 44_100).astype(np.int32)
    for article, chapter in zip(built.episode.articles, built.episode.chapters[1:]):
        own = decode(article.path, 44_100).astype(np.int32)
        start = round(chapter.start * 44_100)
        assert abs(len(own) - (chapter.end - chapter.start) * 44_100) <= 45  # ms rounding
        # within the chapter time's rounding, the article is found in the edition unchanged
        # (after its first frame, whose overlap comes from silence either way)
        best = min(np.abs(own[1152:] - edition[at + 1152:at + len(own)]).max()
                   for at in range(start - 45, start + 46))
        assert best <= 2


def test_mp3_lead_is_what_ffmpeg_decodes(tmp_path: Path):
    """An impulse at sample N of a section is heard at N + MP3_LEAD in the decoded stream."""
    from audiopaper.util.ffmpeg import decode, mp3_args

    pcm = np.zeros(24_000, dtype=np.int16)
    pcm[12_000] = 20_000
    path = tmp_path / "impulse.mp3"
    with Encoder(path, 24_000, mp3_args(44_100, "96k", frames_only=True)) as encoder:
        encoder.write(pcm)
    decoded = decode(path, 44_100)
    assert int(np.argmax(np.abs(decoded))) == 22_050 + MP3_LEAD


def test_sections_are_encoded_while_later_segments_are_still_synthesized(tmp_path: Path,
                                                                         monkeypatch):
    import time

    from audiopaper import synth
    from audiopaper.stitch import writer

    events: list[tuple[float, str]] = []
    speak, encode = synth.synthesize_segment, writer._encode

    def slow_speech(*args, **kwargs):
        time.sleep(0.02)  # a voice slower than the fake one, as every real voice is
        clip = speak(*args, **kwargs)
        events.append((time.monotonic(), "spoken"))
        return clip

    def encoding(section, *args, **kwargs):
        events.append((time.monotonic(), "encoding"))
        return encode(section, *args, **kwargs)

    monkeypatch.setattr(synth, "synthesize_segment", slow_speech)
    monkeypatch.setattr(writer, "_encode", encoding)
    built = build(tmp_path, "out", edition=EXAMPLE_EDITION)
    first_encode = min(t for t, what in events if what == "encoding")
    last_spoken = max(t for t, what in events if what == "spoken")
    assert first_encode < last_spoken
    # one encoding per section, and the chapters are the sections
    assert sum(1 for _, what in events if what == "encoding") == len(built.episode.chapters)
