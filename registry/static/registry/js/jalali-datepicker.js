/*
 * Shafaf's Jalali date picker for inputs with the class "vJalaliDateField".
 *
 * No dependencies and no inline script (it runs under a strict Content-Security-Policy). The
 * calendar arithmetic is the standard Jalali algorithm (Borkowski's breaks of the 2820-year
 * cycle), the same one jdatetime uses on the server. Typing stays possible: the picker only
 * fills the box with YYYY/MM/DD, which the server parses.
 */
(function () {
  "use strict";

  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192,
    2262, 2324, 2394, 2456, 3178];
  var MONTHS = {
    fa: ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
      "بهمن", "اسفند"],
    en: ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban",
      "Azar", "Dey", "Bahman", "Esfand"]
  };
  var WEEKDAYS = {fa: ["ش", "ی", "د", "س", "چ", "پ", "ج"], en: ["Sa", "Su", "Mo", "Tu", "We", "Th", "Fr"]};
  var LABELS = {
    fa: {today: "امروز", previous: "ماه قبل", next: "ماه بعد", open: "تقویم", close: "بستن"},
    en: {today: "Today", previous: "Previous month", next: "Next month", open: "Calendar", close: "Close"}
  };

  function div(a, b) { return ~~(a / b); }
  function mod(a, b) { return a - ~~(a / b) * b; }

  function jalCal(jy) {
    var gy = jy + 621, leapJ = -14, jp = BREAKS[0], jm, jump = 0, n, i;
    for (i = 1; i < BREAKS.length; i += 1) {
      jm = BREAKS[i];
      jump = jm - jp;
      if (jy < jm) { break; }
      leapJ = leapJ + div(jump, 33) * 8 + div(mod(jump, 33), 4);
      jp = jm;
    }
    n = jy - jp;
    leapJ = leapJ + div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) { leapJ += 1; }
    var leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    var march = 20 + leapJ - leapG;
    if (jump - n < 6) { n = n - jump + div(jump + 4, 33) * 33; }
    var leap = mod(mod(n + 1, 33) - 1, 4);
    if (leap === -1) { leap = 4; }
    return {leap: leap, gy: gy, march: march};
  }

  function g2d(gy, gm, gd) {
    var d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) + gd - 34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  }

  function d2g(jdn) {
    var j = 4 * jdn + 139361631;
    j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    var i = div(mod(j, 1461), 4) * 5 + 308;
    var gd = div(mod(i, 153), 5) + 1;
    var gm = mod(div(i, 153), 12) + 1;
    return {gy: div(j, 1461) - 100100 + div(8 - gm, 6), gm: gm, gd: gd};
  }

  function j2d(jy, jm, jd) {
    var r = jalCal(jy);
    return g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
  }

  function d2j(jdn) {
    var gy = d2g(jdn).gy, jy = gy - 621, r = jalCal(jy), k = jdn - g2d(gy, 3, r.march);
    if (k >= 0) {
      if (k <= 185) { return {jy: jy, jm: 1 + div(k, 31), jd: mod(k, 31) + 1}; }
      k -= 186;
    } else {
      jy -= 1;
      k += 179;
      if (r.leap === 1) { k += 1; }
    }
    return {jy: jy, jm: 7 + div(k, 30), jd: mod(k, 30) + 1};
  }

  function monthLength(jy, jm) {
    if (jm <= 6) { return 31; }
    if (jm <= 11) { return 30; }
    return jalCal(jy).leap === 0 ? 30 : 29;
  }

  // Saturday = 0 … Friday = 6, the Iranian week.
  function weekday(jy, jm, jd) { return mod(j2d(jy, jm, jd) + 2, 7); }

  function language() { return (document.documentElement.lang || "fa").slice(0, 2) === "en" ? "en" : "fa"; }

  function localDigits(text) {
    return language() === "fa" ? String(text).replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }) : String(text);
  }

  function asciiDigits(text) {
    return String(text).replace(/[۰-۹]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹".indexOf(d); })
      .replace(/[٠-٩]/g, function (d) { return "٠١٢٣٤٥٦٧٨٩".indexOf(d); });
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function todayJalali() {
    var now = new Date();
    return d2j(g2d(now.getFullYear(), now.getMonth() + 1, now.getDate()));
  }

  // The Jalali date in an input, or null (ISO Gregorian input is converted).
  function readInput(input) {
    var m = /^(\d{4})\s*[\/\-.]\s*(\d{1,2})\s*[\/\-.]\s*(\d{1,2})$/.exec(asciiDigits(input.value).trim());
    if (!m) { return null; }
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y >= 1700) { return d2j(g2d(y, mo, d)); }
    if (mo < 1 || mo > 12 || d < 1 || d > monthLength(y, mo)) { return null; }
    return {jy: y, jm: mo, jd: d};
  }

  var popup = null;
  var target = null;
  var shown = null;

  function close() {
    if (popup) { popup.remove(); }
    popup = null;
    target = null;
  }

  function button(label, className, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    b.addEventListener("click", function (event) { event.preventDefault(); onClick(); });
    return b;
  }

  function choose(jy, jm, jd) {
    target.value = localDigits(jy + "/" + pad(jm) + "/" + pad(jd));
    target.dispatchEvent(new Event("change", {bubbles: true}));
    var input = target;
    close();
    input.focus();
  }

  function render() {
    var lang = language(), labels = LABELS[lang];
    var selected = readInput(target), today = todayJalali();
    popup.textContent = "";

    var header = document.createElement("div");
    header.className = "jdp-header";
    header.appendChild(button("›", "jdp-prev", function () {
      shown = shown.jm === 1 ? {jy: shown.jy - 1, jm: 12} : {jy: shown.jy, jm: shown.jm - 1};
      render();
    }));
    header.lastChild.setAttribute("aria-label", labels.previous);
    var title = document.createElement("span");
    title.className = "jdp-title";
    title.textContent = MONTHS[lang][shown.jm - 1] + " " + localDigits(shown.jy);
    header.appendChild(title);
    header.appendChild(button("‹", "jdp-next", function () {
      shown = shown.jm === 12 ? {jy: shown.jy + 1, jm: 1} : {jy: shown.jy, jm: shown.jm + 1};
      render();
    }));
    header.lastChild.setAttribute("aria-label", labels.next);
    popup.appendChild(header);

    var grid = document.createElement("table");
    grid.className = "jdp-grid";
    var head = grid.createTHead().insertRow();
    WEEKDAYS[lang].forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    });
    var body = grid.createTBody();
    var row = body.insertRow();
    var first = weekday(shown.jy, shown.jm, 1);
    for (var blank = 0; blank < first; blank += 1) { row.insertCell(); }
    var days = monthLength(shown.jy, shown.jm);
    for (var day = 1; day <= days; day += 1) {
      if (row.cells.length === 7) { row = body.insertRow(); }
      var cell = row.insertCell();
      var b = button(localDigits(day), "jdp-day", choose.bind(null, shown.jy, shown.jm, day));
      b.setAttribute("data-date", shown.jy + "/" + pad(shown.jm) + "/" + pad(day));
      if (selected && selected.jy === shown.jy && selected.jm === shown.jm && selected.jd === day) {
        b.className += " jdp-selected";
      }
      if (today.jy === shown.jy && today.jm === shown.jm && today.jd === day) { b.className += " jdp-today"; }
      cell.appendChild(b);
    }
    popup.appendChild(grid);

    var footer = document.createElement("div");
    footer.className = "jdp-footer";
    footer.appendChild(button(labels.today, "jdp-today-button", function () { choose(today.jy, today.jm, today.jd); }));
    footer.appendChild(button(labels.close, "jdp-close", close));
    popup.appendChild(footer);
  }

  function open(input) {
    close();
    target = input;
    var current = readInput(input) || todayJalali();
    shown = {jy: current.jy, jm: current.jm};
    popup = document.createElement("div");
    popup.className = "jdp-popup";
    popup.setAttribute("role", "dialog");
    popup.dir = language() === "fa" ? "rtl" : "ltr";
    var rect = input.getBoundingClientRect();
    popup.style.top = (window.scrollY + rect.bottom + 4) + "px";
    popup.style.left = Math.max(4, window.scrollX + rect.left) + "px";
    document.body.appendChild(popup);
    render();
  }

  function attach(root) {
    (root || document).querySelectorAll("input.vJalaliDateField").forEach(function (input) {
      if (input.dataset.jalaliPicker || input.closest(".empty-form")) { return; }
      input.dataset.jalaliPicker = "1";
      // The icon comes from the stylesheet: an emoji needs a font that not every computer has.
      var opener = button("", "jdp-open", function () { open(input); });
      opener.setAttribute("aria-label", LABELS[language()].open);
      opener.title = LABELS[language()].open;
      input.insertAdjacentElement("afterend", opener);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { attach(document); });
  document.addEventListener("formset:added", function (event) { attach(event.target); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
  document.addEventListener("mousedown", function (event) {
    if (popup && !popup.contains(event.target) && event.target !== target &&
        !(event.target.classList && event.target.classList.contains("jdp-open"))) {
      close();
    }
  });

  window.ShafafJalali = {toJalali: function (gy, gm, gd) { return d2j(g2d(gy, gm, gd)); },
    toGregorian: function (jy, jm, jd) { return d2g(j2d(jy, jm, jd)); }, monthLength: monthLength};
}());
