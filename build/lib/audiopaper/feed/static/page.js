// The listener page's player. Nothing plays until the listener presses a button (no autoplay).
// The speed and the position in each edition are kept in localStorage, so a listener who comes
// back today continues where they stopped, and tomorrow starts the new edition from the top.
(function () {
  "use strict";
  var audio = document.getElementById("audio");
  if (!audio) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var play = $("play"), seek = $("seek"), now = $("now"), clockText = $("clock");
  var editions = Array.prototype.slice.call(document.querySelectorAll("section.edition"));
  var prefix = "audiopaper:" + location.pathname + ":";
  var current = null, chapterIndex = -1, lastSaved = 0, seeking = false;

  function store(key, value) {
    try { localStorage.setItem(prefix + key, String(value)); } catch (e) { /* private mode */ }
  }
  function stored(key) {
    try { return localStorage.getItem(prefix + key); } catch (e) { return null; }
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function hms(t, long) {  // m:ss under an hour, h:mm:ss from one
    t = Math.max(0, Math.floor(t || 0));
    var m = Math.floor(t % 3600 / 60);
    return long ? Math.floor(t / 3600) + ":" + pad(m) + ":" + pad(t % 60) : m + ":" + pad(t % 60);
  }
  function spoken(t) {
    t = Math.max(0, Math.floor(t || 0));
    var h = Math.floor(t / 3600), m = Math.floor(t % 3600 / 60), s = t % 60;
    return h ? h + "小时" + m + "分" : (m ? m + "分" + s + "秒" : s + "秒");
  }
  function chapters() {
    return current ? Array.prototype.slice.call(current.querySelectorAll("button.jump")) : [];
  }
  function startOf(button) { return parseFloat(button.getAttribute("data-start")); }

  function start() {
    var playing = audio.play();
    if (playing && playing.catch) { playing.catch(function () {}); }
  }
  function moveTo(seconds, thenPlay) {
    var end = isFinite(audio.duration) ? audio.duration : seconds;
    audio.currentTime = Math.max(0, Math.min(seconds, end));
    update();
    if (thenPlay) { start(); }
  }

  // The chapter being heard: marked for screen readers, and announced once when it changes.
  function markChapter() {
    var list = chapters(), found = 0;
    list.forEach(function (b, i) { if (startOf(b) <= audio.currentTime + 0.25) { found = i; } });
    if (found === chapterIndex || !list.length) { return; }
    chapterIndex = found;
    list.forEach(function (b, i) {
      if (i === found) { b.setAttribute("aria-current", "true"); }
      else { b.removeAttribute("aria-current"); }
    });
    now.textContent = list[found].getAttribute("data-name");
  }
  function update() {
    var duration = isFinite(audio.duration) ? audio.duration : 0;
    if (!seeking) {
      seek.max = String(Math.floor(duration));
      seek.value = String(Math.floor(audio.currentTime));
    }
    seek.setAttribute("aria-valuetext", spoken(audio.currentTime) + "，共" + spoken(duration));
    clockText.textContent = hms(audio.currentTime, duration >= 3600) + " / " + hms(duration, duration >= 3600);
    markChapter();
  }
  function showState() {
    var paused = audio.paused;
    play.querySelector(".label").textContent = paused ? "播放" : "暂停";
    play.querySelector(".icon").textContent = paused ? "\u25B6" : "\u275A\u275A";
    play.classList.toggle("playing", !paused);
  }
  function savePosition(force) {
    if (!current) { return; }
    var t = audio.currentTime;
    if (force || Math.abs(t - lastSaved) >= 2) {
      lastSaved = t;
      store("position:" + current.getAttribute("data-date"), t.toFixed(1));
    }
  }
  function restorePosition() {
    var saved = parseFloat(stored("position:" + current.getAttribute("data-date")));
    var duration = audio.duration;
    if (saved > 1 && (!isFinite(duration) || saved < duration - 2)) {
      audio.currentTime = saved;
      lastSaved = saved;
    }
    update();
  }

  // One edition in the player at a time; the others' lists are hidden until chosen.
  function choose(date, announce) {
    var next = editions.filter(function (e) { return e.getAttribute("data-date") === date; })[0];
    if (!next) { return; }
    if (current && current !== next) { savePosition(true); }
    editions.forEach(function (e) { e.hidden = e !== next; });
    document.querySelectorAll("button.edition-pick").forEach(function (b) {
      if (b.getAttribute("data-edition") === date) { b.setAttribute("aria-current", "true"); }
      else { b.removeAttribute("aria-current"); }
    });
    var changed = current !== next;
    current = next;
    chapterIndex = -1;
    $("player-heading").textContent = next.getAttribute("data-title");
    $("player-summary").textContent = next.getAttribute("data-summary");
    if (changed && audio.getAttribute("data-edition") !== date) {
      audio.setAttribute("data-edition", date);
      audio.src = next.getAttribute("data-src");
      audio.playbackRate = audio.defaultPlaybackRate;
    }
    if (audio.readyState >= 1) { restorePosition(); }
    update();
    if (announce) { now.textContent = next.getAttribute("data-title") + "，" + now.textContent; }
  }

  function setRate(rate) {
    audio.defaultPlaybackRate = rate;
    audio.playbackRate = rate;
    document.querySelectorAll("button.speed").forEach(function (b) {
      b.setAttribute("aria-pressed", parseFloat(b.getAttribute("data-rate")) === rate ? "true" : "false");
    });
    store("rate", rate);
  }
  function step(direction) {
    var list = chapters();
    if (!list.length) { return; }
    var index = Math.max(chapterIndex, 0);
    // "previous" first goes back to the start of the article being heard, like a CD player
    if (direction < 0 && audio.currentTime - startOf(list[index]) > 3) { direction = 0; }
    index = Math.max(0, Math.min(list.length - 1, index + direction));
    moveTo(startOf(list[index]), true);
  }

  // Our own controls replace the browser's small player.
  audio.removeAttribute("controls");
  document.querySelector(".controls").hidden = false;
  play.addEventListener("click", function () { if (audio.paused) { start(); } else { audio.pause(); } });
  $("back").addEventListener("click", function () { moveTo(audio.currentTime - 15, false); });
  $("forward").addEventListener("click", function () { moveTo(audio.currentTime + 30, false); });
  $("prev").addEventListener("click", function () { step(-1); });
  $("next").addEventListener("click", function () { step(1); });
  seek.addEventListener("input", function () { seeking = true; audio.currentTime = parseFloat(seek.value); });
  seek.addEventListener("change", function () { seeking = false; update(); });
  document.addEventListener("click", function (event) {
    var jump = event.target.closest("button.jump");
    if (jump) { moveTo(startOf(jump), true); return; }
    var speed = event.target.closest("button.speed");
    if (speed) { setRate(parseFloat(speed.getAttribute("data-rate"))); return; }
    var pick = event.target.closest("button.edition-pick");
    if (pick) { choose(pick.getAttribute("data-edition"), true); play.focus(); }
  });
  // The space bar plays and pauses anywhere a button or field does not take it itself.
  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.target.closest && event.target.closest("button, a, input, select, textarea, summary, [contenteditable]")) { return; }
    event.preventDefault();
    play.click();
  });
  audio.addEventListener("loadedmetadata", restorePosition);
  audio.addEventListener("timeupdate", function () { update(); savePosition(false); });
  audio.addEventListener("play", showState);
  audio.addEventListener("pause", function () { showState(); savePosition(true); });
  audio.addEventListener("ended", function () { showState(); store("position:" + current.getAttribute("data-date"), 0); });
  window.addEventListener("pagehide", function () { savePosition(true); });

  // positions of editions no longer on the page are forgotten
  try {
    var dates = editions.map(function (e) { return prefix + "position:" + e.getAttribute("data-date"); });
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf(prefix + "position:") === 0 && dates.indexOf(key) < 0) { localStorage.removeItem(key); }
    });
  } catch (e) { /* no storage: nothing to forget */ }
  var rate = parseFloat(stored("rate"));
  setRate([0.8, 1, 1.25].indexOf(rate) >= 0 ? rate : 1);
  var wanted = (location.hash.match(/^#edition-(\d{4}-\d\d-\d\d)$/) || [])[1];
  choose(wanted && editions.some(function (e) { return e.getAttribute("data-date") === wanted; })
    ? wanted : editions[0].getAttribute("data-date"), false);
  showState();
}());
