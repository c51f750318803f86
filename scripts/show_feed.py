"""Print what podcast apps see in a published feed, as feedparser and gPodder's podcastparser read it.

Usage: .venv/bin/python scripts/show_feed.py output/feed.xml
(needs the test extras: scripts/install --test)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import feedparser
import podcastparser


def main(path: Path) -> None:
    parsed = feedparser.parse(str(path))
    print(f"feedparser: bozo={parsed.bozo} title={parsed.feed.title!r} "
          f"language={parsed.feed.language} image={parsed.feed.image.href}")
    with path.open("rb") as stream:
        gpodder = podcastparser.parse(path.as_uri(), stream)
    for entry, seen in zip(parsed.entries, gpodder["episodes"]):
        enclosure = entry.enclosures[0]
        print(f"\n{entry.title}  guid={entry.id}  published={entry.published}")
        print(f"  enclosure {enclosure.href} {enclosure.length} bytes {enclosure.type}; "
              f"feedparser duration={entry.itunes_duration}s, podcastparser "
              f"total_time={seen['total_time']}s size={seen['enclosures'][0]['file_size']}")
        print("  description (podcastparser):")
        for line in seen["description"].splitlines():
            print(f"    {line}")
        chapters = entry.get("podcast_chapters", {}).get("url")
        local = path.parent / chapters.rsplit("/", 1)[-1] if chapters else None
        if local and local.exists():
            data = json.loads(local.read_text(encoding="utf-8"))
            print(f"  podcast:chapters {chapters}:")
            for chapter in data["chapters"]:
                print(f"    {chapter['startTime']:8.1f}s  {chapter['title']}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
