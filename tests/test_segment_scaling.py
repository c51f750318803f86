"""Segmentation is linear in the number of paragraphs (it was quadratic: 20,000 took 83 s).

Timing on a shared machine is noisy, so the checks are wide: a generous bound on a large input,
and a size ratio far from what a quadratic reader would show (8x the input: linear ~8x the
time, quadratic ~64x).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from audiopaper.segment import segment


pytestmark = pytest.mark.slow  # the full tier: large inputs


def one_long_article(n: int) -> str:
    return "长文\n\n" + "\n\n".join(f"这是第{i}段短文。" for i in range(n))


def cut_sentences(n: int) -> str:
    return "长文\n\n" + "\n\n".join(f"这是第{i}段被栏" for i in range(n)) + "。"


def interview(n: int) -> str:
    return "专访\n\n" + "\n\n".join(("记者：" if i % 2 else "张青：") + f"第{i}段。" for i in range(n))


def jumps(n: int) -> str:
    half = n // 2
    first = "\n\n".join(f"标题{i}\n\n本报讯 第{i}条简讯。（下转02版）" for i in range(half))
    later = "\n\n".join(f"（上接01版）续{i}。" for i in range(half))
    return f"第01版\n\n{first}\n\n第02版\n\n{later}"


SHAPES = [one_long_article, cut_sentences, interview, jumps]


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        segment(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_twenty_thousand_short_paragraphs_segment_in_seconds():
    start = time.perf_counter()
    [article] = [a for a in segment(one_long_article(20_000)) if a.is_spoken]
    assert len(article.paragraphs) == 20_000
    assert time.perf_counter() - start < 30  # 83 s before the fix


@pytest.mark.parametrize("shape", SHAPES, ids=lambda f: f.__name__)
def test_time_grows_linearly_with_paragraphs(shape: Callable[[int], str]):
    small, large = _seconds(shape(2_000)), _seconds(shape(16_000))
    assert large < 24 * max(small, 0.005), (small, large)
