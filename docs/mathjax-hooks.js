// Runs in every page when MathJax starts (Doxygen's MATHJAX_CODEFILE).
// Doxygen passes formulas to MathJax unchecked, and MathJax draws a TeX error as SVG
// glyphs that no text search can find. These hooks write each error into the page as
// text, and mark the page when typesetting has finished, so that
// docs/check-formulas.sh (headless Chromium) can tell a good page from a broken one.
// Formulas are only what Doxygen marked with \f$ and \f[. Quoted code keeps its TeX
// comments as source text: without this, MathJax would typeset a \begin{cases} it finds
// inside a code fragment.
// The formulas have no context menu and no zoom (showMathMenu: false), so MathJax does not
// load its MathMenu and MathZoom extensions, and it shows no "Loading ..." or "Processing
// ..." box while it works (messageStyle: "none").
MathJax.Hub.Config({
  tex2jax: { processEnvironments: false, ignoreClass: "fragment" },
  showMathMenu: false,
  messageStyle: "none"
});
function nnrefMathError(text) {
  var box = document.getElementById("nnref-math-errors");
  if (!box) {
    box = document.createElement("div");
    box.id = "nnref-math-errors";
    box.style.color = "#b00";
    document.body.insertBefore(box, document.body.firstChild);
  }
  var line = document.createElement("div");
  line.className = "nnref-math-error";
  line.textContent = text;
  box.appendChild(line);
}
MathJax.Hub.Register.MessageHook("TeX Jax - parse error", function (message) {
  // message = ["TeX Jax - parse error", error text, TeX source, display?, script]
  nnrefMathError("TeX parse error: " + message[1] + " in: " + message[2]);
});
MathJax.Hub.Register.MessageHook("Math Processing Error", function (message) {
  // message = ["Math Processing Error", script, error]
  var tex = message[1] && message[1].text ? message[1].text : "";
  nnrefMathError("Math Processing Error: " + message[2] + " in: " + tex);
});
MathJax.Hub.Register.StartupHook("End", function () {
  document.documentElement.setAttribute("data-nnref-mathjax", "typeset");
});
MathJax.Hub.Register.MessageHook("file load error", function (message) {
  // A part of MathJax that docs/CMakeLists.txt did not copy into html/mathjax.
  nnrefMathError("MathJax file load error: " + message[1]);
});
