/*
 * Numbers as a Persian clerk types and reads them (no inline script: it runs under the CSP).
 *
 * - A money box (input.vMoneyField) groups its digits by thousands as the clerk types, in the
 *   page's digits: ۲۱۰۰۰۰۰ becomes ۲٬۱۰۰٬۰۰۰ under Persian, 2100000 becomes 2,100,000 under
 *   English, whichever digits were typed (Persian, Arabic-Indic or Latin). The server reads every
 *   one of these forms (registry/text.py). A box holding anything else is left alone for the
 *   server to explain.
 * - A quantity box (input.vQuantityField: an area, a tonnage) does the same with its whole part and
 *   keeps its decimals after the page's decimal point: ۱۲۵۰۰٫۵ becomes ۱۲٬۵۰۰٫۵, 12500.5 becomes
 *   12,500.5 (a point typed as "." or "٫" under either language).
 * - The action bar's "N of M selected", which Django's actions.js rewrites on every tick, is kept
 *   in the page's digits.
 */
(function () {
  "use strict";

  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var ARABIC = "٠١٢٣٤٥٦٧٨٩";
  var persian = (document.documentElement.lang || "").slice(0, 2) === "fa";
  var separator = persian ? "٬" : ",";
  var point = persian ? "٫" : ".";
  // Digits of any of the three scripts, separators and spaces: what a grouped amount is made of.
  var AMOUNT = /^[0-9۰-۹٠-٩٬,\s\u00a0\u202f]*$/;
  // A quantity: the same, then perhaps a decimal point of either script and more digits.
  var QUANTITY = /^[0-9۰-۹٠-٩٬,\s\u00a0\u202f]*([.٫][0-9۰-۹٠-٩]*)?$/;
  // What the caret keeps its place after: a digit, or a quantity's decimal point.
  var DIGIT = /[0-9۰-۹٠-٩.٫]/;

  function toLatin(text) {
    return text.replace(/[۰-۹٠-٩]/g, function (digit) {
      var index = PERSIAN.indexOf(digit);
      return String(index >= 0 ? index : ARABIC.indexOf(digit));
    });
  }

  function toPage(text) {
    return persian ? text.replace(/[0-9]/g, function (digit) { return PERSIAN[Number(digit)]; }) : text;
  }

  function grouped(value) {
    var digits = toLatin(value).replace(/[^0-9]/g, "").replace(/^0+(?=[0-9])/, "");
    return toPage(digits.replace(/\B(?=([0-9]{3})+$)/g, separator));
  }

  function groupedQuantity(value) {
    var parts = value.split(/[.٫]/);
    if (parts.length === 1) {
      return grouped(value);
    }
    return grouped(parts[0]) + point + toPage(toLatin(parts[1]));
  }

  function regroup(input) {
    var value = input.value;
    var quantity = input.matches("input.vQuantityField");
    if (!(quantity ? QUANTITY : AMOUNT).test(value)) {
      return;
    }
    var next = quantity ? groupedQuantity(value) : grouped(value);
    if (next === value) {
      return;
    }
    // The caret stays after the same digit it followed.
    var caret = input.selectionStart === null ? value.length : input.selectionStart;
    var digitsBefore = value.slice(0, caret).split("").filter(function (c) { return DIGIT.test(c); }).length;
    var position = 0;
    for (var seen = 0; position < next.length && seen < digitsBefore; position += 1) {
      if (DIGIT.test(next[position])) {
        seen += 1;
      }
    }
    input.value = next;
    if (document.activeElement === input) {
      input.setSelectionRange(position, position);
    }
  }

  function keepDigits(counter) {
    var text = toPage(counter.textContent);
    if (text !== counter.textContent) {
      counter.textContent = text;
    }
  }

  // Delegated, so that the rows an inline adds later are grouped too.
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input.vMoneyField, input.vQuantityField")) {
      regroup(event.target);
    }
  });

  function start() {
    document.querySelectorAll("input.vMoneyField, input.vQuantityField").forEach(regroup);
    document.querySelectorAll(".action-counter").forEach(function (counter) {
      keepDigits(counter);
      new MutationObserver(function () { keepDigits(counter); }).observe(counter, {childList: true, characterData: true, subtree: true});
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
