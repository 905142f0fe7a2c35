// 受理核对清单: the browser says in Chinese which item is still unchecked (its own message
// follows the browser's language), and the page keeps the server's rule: all items, or nothing.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input.check-item");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("invalid", function () {
      box.setCustomValidity(box.checked ? "" : box.getAttribute("data-missing") || "请勾选");
    });
    box.addEventListener("change", function () {
      box.setCustomValidity("");
    });
  });
})();
