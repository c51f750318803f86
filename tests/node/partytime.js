// Parse a feed with podcast-partytime (the parser Podcast Index uses) and print what it found,
// as JSON, for tests/test_feed_partytime.py. Usage: node partytime.js FEED.xml
"use strict";
const fs = require("fs");
const { parseFeed } = require("podcast-partytime");

const feed = parseFeed(fs.readFileSync(process.argv[2], "utf8"), { allowMissingGuid: false });
if (!feed) {
  console.log(JSON.stringify(null));
  process.exit(0);
}
const items = feed.items.map((item) => ({
  title: item.title,
  guid: item.guid,
  enclosure: item.enclosure,
  duration: item.duration,
  episodeType: item.itunesEpisodeType || null,
  image: item.itunesImage || item.image || null,
  description: item.description || null,
  content: item.content || null,
  chapters: item.podcastChapters || null,
  transcripts: item.podcastTranscripts || [],
}));
console.log(JSON.stringify({
  title: feed.title,
  language: feed.language,
  copyright: feed.copyright || null,
  guid: feed.guid || null,
  locked: feed.locked === undefined ? null : feed.locked,
  podcastOwner: feed.podcastOwner || null,
  owner: feed.owner || null,
  itunesType: feed.itunesType || null,
  itunesImage: feed.itunesImage || null,
  categories: feed.itunesCategory || [],
  explicit: feed.explicit,
  pc20support: feed.pc20support,
  items,
}, null, 1));
