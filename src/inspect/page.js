(function () {
  'use strict';
  var body = document.body;
  var switches = Array.prototype.slice.call(document.querySelectorAll('input[data-layer]'));
  switches.forEach(function (cb) {
    function apply() { body.classList.toggle('hide-' + cb.getAttribute('data-layer'), !cb.checked); }
    cb.addEventListener('change', apply);
    apply();
  });
  function attr(id) { return '"' + id.replace(/["\\]/g, '\\$&') + '"'; }
  function select(id) {
    document.querySelectorAll('.selected').forEach(function (e) { e.classList.remove('selected'); });
    var shown = null;
    document.querySelectorAll('pre.json').forEach(function (p) {
      p.hidden = p.getAttribute('data-json-for') !== id;
      if (!p.hidden) shown = p;
    });
    document.querySelectorAll('[data-record-id=' + attr(id) + '], [data-record-part=' + attr(id) + '], li[data-select=' + attr(id) + ']')
      .forEach(function (e) { e.classList.add('selected'); });
    var hint = document.getElementById('hint');
    if (hint) hint.hidden = true;
    return shown;
  }
  document.addEventListener('click', function (ev) {
    var box = ev.target.closest('[data-record-id], [data-record-part]');
    if (box) { select(box.getAttribute('data-record-id') || box.getAttribute('data-record-part')); return; }
    var li = ev.target.closest('li[data-select]');
    if (li && ev.target.tagName !== 'A') {
      var id = li.getAttribute('data-select');
      select(id);
      var target = document.querySelector('[data-record-id=' + attr(id) + ']');
      if (target) target.scrollIntoView({ block: 'center' });
    }
  });

  // #record=<id> opens the page on that record (a link to it).
  var m = /^#record=(.+)$/.exec(location.hash);
  if (m) {
    var id = decodeURIComponent(m[1]);
    select(id);
    var box = document.querySelector('[data-record-id=' + attr(id) + ']');
    if (box) box.scrollIntoView({ block: 'nearest' });
  }

  // Lets a headless browser check the page without a driver: load it with
  // #selftest and read pre#selftest from the dumped DOM.
  if (location.hash === '#selftest') {
    var lines = [];
    function allHidden(key) {
      var groups = document.querySelectorAll('.L-' + key);
      return groups.length > 0 && Array.prototype.every.call(groups, function (g) {
        return getComputedStyle(g).display === 'none';
      });
    }
    function noneHidden(key) {
      return Array.prototype.every.call(document.querySelectorAll('.L-' + key), function (g) {
        return getComputedStyle(g).display !== 'none';
      });
    }
    lines.push('record boxes: ' + document.querySelectorAll('[data-record-id]').length);
    switches.forEach(function (cb) {
      var key = cb.getAttribute('data-layer');
      var before = noneHidden(key);
      cb.click();
      var hidden = allHidden(key);
      cb.click();
      var again = noneHidden(key);
      lines.push('layer ' + key + ': ' + document.querySelectorAll('.L-' + key).length +
                 ' groups, visible ' + before + ', hidden after click ' + hidden + ', visible after second click ' + again);
    });
    var first = document.querySelector('[data-record-id] .record-box');
    if (first) {
      first.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      var pre = document.querySelector('pre.json:not([hidden])');
      lines.push('clicked ' + first.parentNode.getAttribute('data-record-id') + ': shows ' +
                 (pre ? pre.getAttribute('data-json-for') : 'nothing'));
    }
    var out = document.createElement('pre');
    out.id = 'selftest';
    out.textContent = lines.join('\n');
    body.appendChild(out);
  }
})();
