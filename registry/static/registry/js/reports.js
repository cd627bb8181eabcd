// The reports' print button, and the time printed on the letterhead: a file of its own, since the
// Content-Security-Policy runs no inline script. The letterhead carries the time the server drew
// the page; printing puts the time of printing there, in the page's Jalali format and digits.
(function () {
  "use strict";

  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

  function jalaliNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-US-u-ca-persian-nu-latn", {
      timeZone: "Asia/Tehran", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    var text = parts.year + "/" + parts.month + "/" + parts.day + " " + parts.hour + ":" + parts.minute;
    if (document.documentElement.lang === "fa") {
      text = text.replace(/[0-9]/g, function (digit) { return PERSIAN_DIGITS[digit]; });
    }
    return text;
  }

  function stampPrintTime() {
    try {
      var stamp = jalaliNow();
      document.querySelectorAll("time.printed-at").forEach(function (time) { time.textContent = stamp; });
    } catch (error) {
      // A browser without the Persian calendar keeps the server's time of the page.
    }
  }

  window.addEventListener("beforeprint", stampPrintTime);
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
