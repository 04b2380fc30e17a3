// Citing a reference from the library with one click: ticking its box adds its line at the
// end of the references box (so it becomes the next number) and says which number it got;
// unticking takes the line out. A box stays ticked while a line names its reference, however
// the line got there. Without JavaScript the server adds the ticked references instead.
(function () {
  "use strict";

  var PREFIXES = ["https://doi.org/", "http://doi.org/", "doi:", "pmid:"];

  // The identifier a line names, as the server reads it (lower case).
  function identifier(line) {
    var text = line.split("|")[0].trim().toLowerCase();
    for (var i = 0; i < PREFIXES.length; i++) {
      if (text.indexOf(PREFIXES[i]) === 0) {
        return text.slice(PREFIXES[i].length).trim();
      }
    }
    return text;
  }

  function lines(textarea) {
    return textarea.value.split("\n").filter(function (line) {
      return line.trim() !== "";
    });
  }

  // The number of the line naming the box's reference, or 0.
  function numberOf(box, textarea) {
    var names = box.dataset.citeNames.split(" ");
    var found = lines(textarea).findIndex(function (line) {
      return names.indexOf(identifier(line)) !== -1;
    });
    return found + 1;
  }

  function labelText(box) {
    var label = box.closest("label");
    return label ? label.lastChild : null;
  }

  function show(box, number) {
    box.checked = number > 0;
    var text = labelText(box);
    if (text) {
      text.textContent =
        " " + box.dataset.citeLabel + (number ? " (in your list as reference (" + number + "))" : "");
    }
  }

  function setUp(boxes, textarea) {
    var group = boxes[0].closest("fieldset");
    var status = document.createElement("p");
    status.className = "small";
    status.setAttribute("role", "status");
    group.appendChild(status);

    function refresh() {
      boxes.forEach(function (box) {
        show(box, numberOf(box, textarea));
      });
    }

    boxes.forEach(function (box) {
      var text = labelText(box);
      // The label without the server's "in your list" note, which this script keeps current.
      box.dataset.citeLabel = text ? text.textContent.replace(/ \(in your list as reference \(\d+\)\)$/, "").trim() : "";
      box.addEventListener("change", function () {
        var kept = lines(textarea);
        if (box.checked) {
          if (!numberOf(box, textarea)) {
            kept.push(box.dataset.citeLine);
          }
        } else {
          var names = box.dataset.citeNames.split(" ");
          kept = kept.filter(function (line) {
            return names.indexOf(identifier(line)) === -1;
          });
        }
        textarea.value = kept.join("\n");
        refresh();
        var number = numberOf(box, textarea);
        status.textContent = number
          ? "Added to the references as (" + number + "): " + box.dataset.citeLabel
          : "Taken out of the references: " + box.dataset.citeLabel;
      });
    });
    textarea.addEventListener("input", refresh);
    refresh();
  }

  function setUpAll() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-cite-line]"));
    if (!boxes.length) {
      return;
    }
    var textarea = document.getElementById(boxes[0].dataset.citeInto);
    if (textarea) {
      setUp(boxes, textarea);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
