// Headline buttons move their edition's player to the article and start it (a user action,
// so this is never autoplay). The current article's button is marked for screen readers.
(function () {
  "use strict";
  function jump(button) {
    var audio = document.getElementById(button.getAttribute("data-audio"));
    if (!audio) { return; }
    audio.currentTime = parseFloat(button.getAttribute("data-start"));
    var playing = audio.play();
    if (playing && playing.catch) { playing.catch(function () {}); }
  }
  function mark(audio) {
    var buttons = document.querySelectorAll('button.jump[data-audio="' + audio.id + '"]');
    var current = null;
    buttons.forEach(function (b) {
      if (parseFloat(b.getAttribute("data-start")) <= audio.currentTime + 0.25) { current = b; }
    });
    buttons.forEach(function (b) {
      if (b === current) { b.setAttribute("aria-current", "true"); }
      else { b.removeAttribute("aria-current"); }
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.jump");
    if (button) { jump(button); }
  });
  document.querySelectorAll("audio").forEach(function (audio) {
    audio.addEventListener("timeupdate", function () { mark(audio); });
  });
}());
