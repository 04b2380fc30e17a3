// "3 hours ago" for each <time data-relative>: the page says the date and time (true however
// long a stored page is served, lib/pagecache.py); the browser says how long ago, on load and
// after htmx swaps new content in. The date stays in the tooltip.
(function () {
  "use strict";
  const units = [
    ["year", 365 * 24 * 3600],
    ["month", 30 * 24 * 3600],
    ["week", 7 * 24 * 3600],
    ["day", 24 * 3600],
    ["hour", 3600],
    ["minute", 60],
  ];
  function ago(when) {
    const seconds = Math.max(0, (Date.now() - when.getTime()) / 1000);
    const [unit, size] = units.find(([, size]) => seconds >= size) || ["minute", 60];
    const count = Math.floor(seconds / size);
    return `${count} ${unit}${count === 1 ? "" : "s"} ago`;
  }

  function update(root) {
    root.querySelectorAll("time[data-relative]").forEach(function (element) {
      const when = new Date(element.getAttribute("datetime"));
      if (!Number.isNaN(when.getTime())) {
        element.textContent = ago(when);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    update(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    update(event.target);
  });
})();
