// Suggestions as you type, as the ARIA combobox pattern has them: ArrowDown and ArrowUp move
// through the list, Enter opens the suggestion shown as chosen, Escape closes the list.
// htmx fetches the list into the box's `.search-suggestions`; this script only adds the
// keyboard. Without JavaScript there are no suggestions and the box is a plain search form.
(function () {
  "use strict";

  function partsOf(input) {
    var container = input.form && input.form.querySelector(".search-suggestions");
    if (!container) {
      return null;
    }
    return {
      container: container,
      listbox: container.querySelector('[role="listbox"]'),
      options: Array.prototype.slice.call(container.querySelectorAll('[role="option"]')),
    };
  }

  function activeIndex(input, parts) {
    var id = input.getAttribute("aria-activedescendant");
    for (var i = 0; i < parts.options.length; i++) {
      if (parts.options[i].id === id) {
        return i;
      }
    }
    return -1;
  }

  function choose(input, parts, index) {
    parts.options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-activedescendant", parts.options[index].id);
    parts.options[index].scrollIntoView({ block: "nearest" });
  }

  function open(input, parts) {
    parts.container.hidden = false;
    var expanded = parts.options.length > 0;
    input.setAttribute("aria-expanded", expanded ? "true" : "false");
    // aria-controls names the list while there is one, else the box that will hold it.
    input.setAttribute("aria-controls", expanded ? parts.listbox.id : parts.container.id);
  }

  function close(input, parts) {
    choose(input, parts, -1);
    parts.container.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", parts.container.id);
  }

  // A new list arrived: give it and its options ids the combobox can point at, and show it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var container = event.detail && event.detail.target;
    if (!container || !container.classList || !container.classList.contains("search-suggestions")) {
      return;
    }
    var form = container.closest("form");
    var input = form && form.querySelector('input[role="combobox"]');
    if (!input) {
      return;
    }
    var parts = partsOf(input);
    if (parts.listbox) {
      parts.listbox.id = input.id + "-listbox";
      parts.options.forEach(function (option, i) {
        option.id = input.id + "-option-" + (i + 1);
      });
    }
    choose(input, parts, -1);
    open(input, parts);
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches('input[role="combobox"]')) {
      return;
    }
    var parts = partsOf(input);
    if (!parts) {
      return;
    }
    var shown = !parts.container.hidden;
    var index = activeIndex(input, parts);
    var count = parts.options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) {
        return;
      }
      event.preventDefault();
      if (!shown) {
        open(input, parts);
      }
      var step = event.key === "ArrowDown" ? 1 : -1;
      // From the box, Down goes to the first suggestion and Up to the last; both wrap.
      var next = index < 0 ? (step > 0 ? 0 : count - 1) : (index + step + count) % count;
      choose(input, parts, next);
    } else if (event.key === "Enter" && shown && index >= 0) {
      event.preventDefault();
      window.location.assign(parts.options[index].href);
    } else if (event.key === "Escape" && shown && parts.container.childElementCount) {
      // Closes the list and keeps what was typed (a search box would otherwise clear it).
      event.preventDefault();
      close(input, parts);
    }
  });

  // Leaving the box closes the list; clicking a suggestion moves focus into it, not away.
  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches('input[role="combobox"]')) {
      return;
    }
    var parts = partsOf(input);
    if (parts && !(event.relatedTarget && parts.container.contains(event.relatedTarget))) {
      close(input, parts);
    }
  });
})();
