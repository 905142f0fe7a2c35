// Scan box: a USB scanner (keyboard wedge) types the code and presses Enter, which submits
// the form by itself. This script only keeps the box focused and, where the browser has the
// BarcodeDetector API, offers the camera; elsewhere the text box is the way in.
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  var input = document.getElementById("code");
  var button = document.getElementById("camera-start");
  var note = document.getElementById("camera-note");
  var video = document.getElementById("camera");
  if (!form || !input) { return; }
  input.focus();
  input.select();
  // Back to the box after clicking elsewhere, so the next scan lands in it.
  window.addEventListener("focus", function () { input.focus(); });

  var supported = "BarcodeDetector" in window && navigator.mediaDevices &&
    typeof navigator.mediaDevices.getUserMedia === "function";
  if (!supported) { return; }
  button.hidden = false;
  note.hidden = true;

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play().then(function () { return stream; });
      })
      .then(function (stream) {
        var done = false;
        function stop() {
          done = true;
          stream.getTracks().forEach(function (track) { track.stop(); });
          video.hidden = true;
        }
        function tick() {
          if (done) { return; }
          detector.detect(video).then(function (codes) {
            if (codes.length > 0 && codes[0].rawValue) {
              stop();
              input.value = codes[0].rawValue;
              form.submit();
            } else {
              setTimeout(tick, 250);
            }
          }).catch(function () { setTimeout(tick, 500); });
        }
        tick();
      })
      .catch(function () {
        note.textContent = "无法打开摄像头，请使用扫码枪或粘贴二维码内容。";
        note.hidden = false;
      });
  });
}());
