// storyline article page: click a highlighted passage to see what was extracted from it,
// click an item in the panel to find its words in the text. No framework, no network.
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  if (!body) { return; }
  var selectedBox = document.getElementById("selected");
  var selectedItems = document.getElementById("selected-items");
  var LAYER = { q: "quotes", f: "figures", t: "dates", e: "entities", v: "events" };

  function layerOn(key) {
    return body.classList.contains("show-" + LAYER[key.charAt(0)]);
  }

  function segmentsOf(key) {
    return body.querySelectorAll('[data-items~="' + key + '"]');
  }

  function clear() {
    body.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll(".item.current").forEach(function (el) { el.classList.remove("current"); });
    selectedItems.replaceChildren();
  }

  function select(keys, scrollToText) {
    clear();
    keys.forEach(function (key) {
      segmentsOf(key).forEach(function (el) { el.classList.add("active"); });
      var card = document.getElementById("item-" + key);
      if (!card) { return; }
      card.classList.add("current");
      var copy = card.cloneNode(true);  // the server-rendered, escaped card: no HTML is built here
      copy.removeAttribute("id");
      copy.classList.remove("current");
      selectedItems.appendChild(copy);
    });
    selectedBox.hidden = keys.length === 0;
    if (scrollToText && keys.length) {
      var first = segmentsOf(keys[0])[0];
      if (first) { first.scrollIntoView({ block: "center" }); }
    } else if (keys.length) {
      selectedBox.scrollIntoView({ block: "nearest" });
    }
  }

  body.addEventListener("click", function (event) {
    var segment = event.target.closest("[data-items]");
    if (!segment) { clear(); selectedBox.hidden = true; return; }
    select(segment.getAttribute("data-items").split(" ").filter(layerOn), false);
  });

  document.querySelectorAll(".panel .item").forEach(function (card) {
    function pick(event) {
      if (event.target.closest("a")) { return; }
      var details = card.closest("details");
      if (details) { body.classList.add("show-" + details.className.replace(/.*group-(\w+).*/, "$1")); }
      select([card.getAttribute("data-key")], true);
    }
    card.addEventListener("click", pick);
    card.addEventListener("keydown", function (event) { if (event.key === "Enter") { pick(event); } });
  });

  document.querySelectorAll("[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      body.classList.toggle("show-" + box.getAttribute("data-layer"), box.checked);
    });
  });

  function fromHash() {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (!hash) { return; }
    var card = document.getElementById("item-" + hash) || document.querySelector('.item[data-span="' + hash.replace(/[^0-9-]/g, "") + '"]');
    if (card) {
      var details = card.closest("details");
      if (details) { details.open = true; }
      select([card.getAttribute("data-key")], true);
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
