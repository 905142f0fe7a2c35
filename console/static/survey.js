// The survey form: live 合计 of the level rows, more demand lines on request, and the 盖章
// picture shrunk in the browser before it is sent (a phone photo is several MB: the server
// would refuse the whole post, and the typed form with it).
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
  var seal = form.querySelector('input[type="file"][name="seal"]');
  // Longest side of the picture sent; the server keeps 600 px, so nothing shown is lost.
  var SIDE = 1600;
  var pending = null;
  function sealMessage(text) {
    var label = seal.closest("label");
    var err = label.querySelector(".err");
    if (!text) {
      if (err) { err.remove(); }
      label.classList.remove("bad");
      return;
    }
    if (!err) {
      err = document.createElement("span");
      err.className = "err";
      label.appendChild(err);
    }
    err.id = "seal-error";
    err.textContent = text;
    label.classList.add("bad");
  }
  function shrink(file) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, SIDE / Math.max(img.naturalWidth, img.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
        var ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";  // a transparent PNG turns white in JPEG, not black
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) { resolve(blob); }, "image/jpeg", 0.85);
      };
      // A picture this browser cannot draw goes as chosen; the server says what is wrong.
      img.onerror = function () { URL.revokeObjectURL(url); resolve(null); };
      img.src = url;
    });
  }
  if (seal && window.Promise && window.DataTransfer) {
    seal.addEventListener("change", function () {
      var limit = parseInt(seal.getAttribute("data-max-bytes"), 10);
      var file = seal.files && seal.files[0];
      sealMessage("");
      if (!file) { return; }
      pending = shrink(file).then(function (blob) {
        var chosen = file;
        if (blob && blob.size < file.size) {
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          chosen = new File([blob], name, { type: "image/jpeg" });
          var list = new DataTransfer();
          list.items.add(chosen);
          seal.files = list.files;
        }
        if (chosen.size > limit) {
          seal.value = "";
          sealMessage(seal.getAttribute("data-too-large"));
        }
        pending = null;
      });
    });
    form.addEventListener("submit", function (event) {
      if (!pending) { return; }
      // Still shrinking: send once it is done, with the button the person pressed.
      event.preventDefault();
      var button = event.submitter;
      pending.then(function () {
        if (form.requestSubmit) { form.requestSubmit(button || undefined); } else { form.submit(); }
      });
    });
  }
})();
