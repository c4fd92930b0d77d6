// Boot and the page's JavaScript API (window.anatomy). Placeholder boot until the bridge lands.
(function () {
  'use strict';
  function fail(title, text) {
    document.getElementById('loading').style.display = 'none';
    document.getElementById('error-title').textContent = title;
    document.getElementById('error-text').textContent = text;
    document.getElementById('error').style.display = 'block';
  }
  let resolveReady, rejectReady;
  const anatomy = window.anatomy = { ready: new Promise((res, rej) => { resolveReady = res; rejectReady = rej; }) };
  window.Module = {
    canvas: document.getElementById('canvas'),
    onAnatomyFrame() { document.getElementById('loading').style.display = 'none'; resolveReady(anatomy); },
    onAnatomyError(what) { fail('GPT Anatomy cannot start', String(what)); rejectReady(new Error(String(what))); },
    print(t) { console.log(t); },
    printErr(t) { console.warn(t); },
  };
})();
