// A long list of checkboxes (the topics of an article or a video, its related articles) gets
// a box to filter it by name. Without JavaScript the whole list shows and works as before.
(function () {
  "use strict";

  var LONG_LIST = 8;

  function setUp(group) {
    var boxes = group.querySelectorAll('input[type="checkbox"]');
    if (boxes.length <= LONG_LIST || group.querySelector(".choice-filter")) {
      return;
    }
    var legend = group.querySelector("legend");
    var name = legend ? legend.textContent.trim().toLowerCase() : "choices";
    var id = group.id + "-filter";
    var wrapper = document.createElement("div");
    wrapper.className = "choice-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Filter the " + name + " by name";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "small";
    status.setAttribute("aria-live", "polite");
    wrapper.append(label, input, status);
    (legend || group.firstChild).after(wrapper);

    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      var shown = 0;
      boxes.forEach(function (box) {
        var row = box.closest("div") || box.parentElement;
        var text = (box.closest("label") || row).textContent.toLowerCase();
        // A chosen item stays in sight, so nothing is chosen without being seen.
        var match = !words || text.indexOf(words) !== -1 || box.checked;
        row.hidden = !match;
        shown += match ? 1 : 0;
      });
      status.textContent = words ? shown + " of " + boxes.length + " shown" : "";
    });
  }

  function setUpAll() {
    document.querySelectorAll("fieldset").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
