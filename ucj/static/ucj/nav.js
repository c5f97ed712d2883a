/* The navigation's groups (issue 19): each is a <details> disclosure, which keyboards and
   browsers without JS open natively. This script only adds comfort: one group open at a
   time, Escape or a click outside closes, and on a phone a menu button shows the bar. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.getElementById("main-nav");
    if (!nav) { return; }
    var groups = Array.prototype.slice.call(nav.querySelectorAll("details"));
    var button = document.querySelector(".menu-toggle");
    function closeAll(except) {
      groups.forEach(function (group) { if (group !== except) { group.open = false; } });
    }
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () { if (group.open) { closeAll(group); } });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      groups.forEach(function (group) {
        if (group.open) {
          var inside = group.contains(document.activeElement);
          group.open = false;
          if (inside) { group.querySelector("summary").focus(); }
        }
      });
    });
    document.addEventListener("click", function (event) {
      groups.forEach(function (group) {
        if (group.open && !group.contains(event.target)) { group.open = false; }
      });
    });
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        nav.classList.toggle("open", open);
      });
    }
  });
})();
