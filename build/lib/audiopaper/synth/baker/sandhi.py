"""Tone sandhi: citation tones to the tones a Mandarin reader says (3-3, 一 and 不)."""

from __future__ import annotations

_NUMERALS = set("零〇一二两三四五六七八九十百千万亿点第")


def _tone(syllable: str) -> str:
    return syllable[-1:]


def _lower(syllable: str) -> str:
    return syllable[:-1] + "2"


def third_tone_sandhi(words: list[list[str]]) -> list[list[str]]:
    """Apply the 3-3 rule inside words and from a one-syllable word onto the next.

    Inside a word every third tone before another third tone rises (展览馆 zhan2 lan2 guan3);
    a lone third-tone word before a third tone rises too (很 好 hen2 hao3), which is how a
    careful reader groups them.
    """
    result = [list(w) for w in words]
    for word in result:
        for i in range(len(word) - 1):
            if _tone(word[i]) == "3" and _tone(word[i + 1]) == "3":
                word[i] = _lower(word[i])
    for prev, nxt in zip(result, result[1:]):
        if len(prev) == 1 and nxt and _tone(prev[0]) == "3" and _tone(nxt[0]) == "3":
            prev[0] = _lower(prev[0])
    return result


def yi_bu_sandhi(chars: str, syllables: list[str]) -> list[str]:
    """一 and 不 take their tone from the next syllable (一天 yi4, 一个 yi2, 不是 bu2).

    一 keeps its first tone when it is a digit (一九四五, 第一, 十一) or ends the phrase.
    """
    out = list(syllables)
    for i, char in enumerate(chars[:-1]):
        if char not in "一不" or not out[i][:-1] in ("yi", "bu"):
            continue
        nxt = chars[i + 1]
        if char == "一" and (nxt in _NUMERALS or (i > 0 and chars[i - 1] in _NUMERALS)):
            continue
        next_tone = _tone(out[i + 1])
        if i > 0 and chars[i - 1] == nxt:  # 看一看, 好不好: the middle is light
            out[i] = out[i][:-1] + "5"
            continue
        if next_tone == "5":
            continue
        if char == "一":
            out[i] = "yi2" if next_tone == "4" else "yi4"
        else:
            out[i] = "bu2" if next_tone == "4" else "bu4"
    return out
