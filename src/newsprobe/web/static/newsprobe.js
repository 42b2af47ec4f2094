// newsprobe article page: clicking a quote (or Enter / Space on it) shows its details in the side panel.
// Everything the panel shows is already in the page (server-rendered, escaped); this only shows and hides it.
(function () {
  "use strict";
  // The analyse page: the example button fills the box with the built-in example (GET /api/example).
  var example = document.getElementById("load-example");
  if (example) {
    example.addEventListener("click", function () {
      fetch(example.getAttribute("data-example")).then(function (response) { return response.json(); })
        .then(function (data) { document.getElementById("text").value = data.text; });
    });
  }
  var text = document.querySelector(".text");
  if (!text) { return; }
  var empty = document.getElementById("detail-empty");

  function select(index) {
    var details = document.querySelectorAll(".detail[data-detail]");
    for (var i = 0; i < details.length; i++) {
      details[i].hidden = details[i].getAttribute("data-detail") !== String(index);
    }
    if (empty) { empty.hidden = true; }
    var pieces = text.querySelectorAll("[data-attr]");
    for (var j = 0; j < pieces.length; j++) {
      pieces[j].classList.toggle("selected", pieces[j].getAttribute("data-attr") === String(index));
    }
    var opener = document.getElementById("q-" + index);
    if (opener) { opener.setAttribute("aria-expanded", "true"); }
  }

  text.addEventListener("click", function (event) {
    var piece = event.target.closest("[data-attr]");
    if (piece) { select(piece.getAttribute("data-attr")); }
  });
  text.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") { return; }
    var piece = event.target.closest("[data-attr]");
    if (piece) { event.preventDefault(); select(piece.getAttribute("data-attr")); }
  });
  // "show in text" links in the side panel select the quote they point at.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-goto]");
    if (!link) { return; }
    var index = link.getAttribute("data-goto");
    select(index);
    var opener = document.getElementById("q-" + index);
    if (opener) { event.preventDefault(); opener.focus(); opener.scrollIntoView({block: "center"}); }
  });
})();
