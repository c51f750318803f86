"""What a feed says about the podcast as a whole, resolved from audiopaper.toml and the flags."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import constants as C
from ..config import Config, check_base_url, check_text


@dataclass(frozen=True)
class FeedSettings:
    """Channel-level facts and publishing rules (retention, lock)."""

    paper: str
    title: str
    description: str
    base_url: str
    author: str
    owner_name: str
    owner_email: str
    language: str = "zh-cn"
    cover: Path | None = None
    category: str = "News"
    subcategory: str = "Daily News"
    keep: int = 30
    locked: bool = True
    copyright: str = C.COPYRIGHT_TEXT  # {year}: the newest edition's, {paper}: the name

    def url(self, relative: str) -> str:
        """The public URL of a file in the output folder."""
        return f"{self.base_url.rstrip('/')}/{relative.lstrip('/')}"


def feed_settings(config: Config, paper: str | None = None, base_url: str | None = None,
                  ) -> FeedSettings:
    """Settings from the config file, with command-line flags (when given) taking precedence."""
    name = check_text(paper, "--paper") if paper else config.paper.name
    if base_url:
        check_base_url(base_url, "--base-url")
    author = config.paper.author if config.paper.author != "audiopaper" else name
    return FeedSettings(
        paper=name,
        title=config.paper.title or f"{name}有声版",
        description=config.paper.description or f"{name}每日有声版：每天早上朗读当天的报纸。",
        base_url=(base_url or config.paper.base_url).rstrip("/"),
        author=author,
        owner_name=config.feed.owner_name or author,
        owner_email=config.feed.owner_email,
        language=config.paper.language,
        cover=Path(config.feed.cover) if config.feed.cover else None,
        category=config.feed.category,
        subcategory=config.feed.subcategory,
        keep=config.feed.keep,
        locked=config.feed.locked,
        copyright=config.feed.copyright,
    )
