// The survey form: live 合计 of the level rows, and more demand lines on request.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var HIGH = ["高级工", "技师", "高级技师"];
  function num(input) { var v = parseInt(input.value, 10); return isNaN(v) ? 0 : v; }
  function recount() {
    var total = 0, high = 0;
    form.querySelectorAll("fieldset.level").forEach(function (fs) {
      var input = fs.querySelector('input[data-sum="count"]');
      var n = input ? num(input) : 0;
      total += n;
      if (HIGH.indexOf(fs.getAttribute("data-level")) >= 0) { high += n; }
    });
    form.querySelector('[data-total="count"]').textContent = total;
    form.querySelector('[data-total="high"]').textContent = high;
  }
  form.addEventListener("input", recount);
  recount();
  var box = document.getElementById("demands");
  var add = document.getElementById("add-demand");
  if (box && add) {
    add.hidden = false;
    add.addEventListener("click", function () {
      var sets = box.querySelectorAll("fieldset.demand");
      var last = sets[sets.length - 1];
      var copy = last.cloneNode(true);
      var i = sets.length;
      copy.querySelector("legend").textContent = "需求 " + (i + 1);
      copy.querySelectorAll("input, select").forEach(function (el) {
        el.name = el.name.replace(/^demands\.\d+\./, "demands." + i + ".");
        if (el.tagName === "INPUT") { el.value = ""; }
      });
      copy.querySelectorAll(".err").forEach(function (el) { el.remove(); });
      box.appendChild(copy);
    });
  }
})();
