"""The producer's pronunciation lexicon: whole-word substitutions made before normalization.

Two TSV files are read, the second overriding the first: ``lexicon.tsv`` in the folder the command
runs in (next to ``audiopaper.toml``; the CLI records that folder in the config) and
``EDITION.lexicon.tsv`` beside the edition file. Each line is
``written<TAB>spoken``; ``spoken`` is a homophone or plain text (GDP => 国内生产总值), or pinyin
markup for a polyphone (行长 => {行长|hang2 zhang3}, see ``markup``). Because the audio cache is keyed by
the speech text, changing an entry re-synthesizes only the sentences that contain the word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import ConfigError
from .markup import PATTERN as MARKUP

LEXICON_FILE = "lexicon.tsv"
_HAN = re.compile(r"[\u3400-\u9fff]")
_MARKUP = re.compile(MARKUP)


@dataclass(frozen=True)
class Lexicon:
    """Written word => spoken form, applied longest word first, never inside a Latin word."""

    entries: tuple[tuple[str, str], ...] = ()

    @cached_property
    def _table(self) -> dict[str, str]:
        return dict(self.entries)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.entries:
            return None
        words = sorted(self._table, key=lambda w: (-len(w), w))
        return re.compile("|".join(_whole(w) for w in words))

    def found(self, text: str) -> list[tuple[str, str]]:
        """(word, spoken form) for each lexicon word in ``text``, for ``--explain``."""
        if self._pattern is None:
            return []
        return [(m.group(0), self._table[m.group(0)]) for m in self._pattern.finditer(text)]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, spoken form) of each lexicon word in ``text``, in order."""
        if self._pattern is None:
            return []
        return [(m.start(), m.end(), self._table[m.group(0)]) for m in self._pattern.finditer(text)]

    def apply(self, text: str) -> str:
        """``text`` with every lexicon word replaced by its spoken form."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._table[m.group(0)], text)


def _whole(word: str) -> str:
    """A Latin-edged word must stand alone (GDP, not the GDP in GDPR); Chinese has no spaces."""
    head = r"(?<![A-Za-z0-9])" if word[0].isascii() and word[0].isalnum() else ""
    tail = r"(?![A-Za-z0-9])" if word[-1].isascii() and word[-1].isalnum() else ""
    return head + re.escape(word) + tail


def _check(path: Path, number: int, written: str, spoken: str) -> None:
    where = f"{path}:{number}"
    if not written or not spoken:
        raise ConfigError(f"{where}: an entry needs a word and its reading: write "
                          f"'written<TAB>spoken'")
    for match in re.finditer(r"\{[^{}]*\}", spoken):
        markup = _MARKUP.fullmatch(match.group(0))
        if markup is None:
            raise ConfigError(f"{where}: bad pinyin markup {match.group(0)}: write it as "
                              f"{{行长|hang2 zhang3}} (toned syllables, tones 1-5)")
        word, syllables = markup.group(1), markup.group(2).split()
        if _HAN.fullmatch(word[0]) and len(word) != len(syllables):
            raise ConfigError(f"{where}: {word} has {len(word)} characters but {len(syllables)} "
                              f"syllables: give one syllable per character")


def read_lexicon(path: Path) -> tuple[tuple[str, str], ...]:
    """The entries of one file; ``#`` lines and blank lines are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"the lexicon {path} does not exist: check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the lexicon {path} ({exc}): save it as UTF-8 text") from exc
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        written, _, spoken = line.partition("\t")
        _check(path, number, written.strip(), spoken.strip())
        entries.append((written.strip(), spoken.strip()))
    return tuple(entries)


def lexicon_paths(edition: Path | None = None, folder: Path | None = None) -> list[Path]:
    """Where lexicons are looked for: ``folder``'s (the working folder's), then the edition's own."""
    paths = [folder / LEXICON_FILE] if folder is not None else []
    if edition is not None:
        paths.append(edition.with_name(f"{edition.stem}.lexicon.tsv"))
    return paths


def load_lexicon(edition: Path | None = None, folder: Path | None = None) -> Lexicon:
    """The lexicon for an edition: missing files are fine, later files override earlier ones."""
    merged: dict[str, str] = {}
    for path in lexicon_paths(edition, folder):
        if path.is_file():
            merged.update(read_lexicon(path))
    return Lexicon(tuple(merged.items()))
