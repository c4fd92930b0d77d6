// GPT Anatomy: boot of the page and its JavaScript API, window.anatomy (see web/EMBEDDING.md).
//
//  - checks WebAssembly SIMD and WebGL2 first and explains in French or English what is missing;
//  - downloads the wasm with a progress bar, then loads the default (or ?model=) checkpoint and
//    its data set from assets/ into the C++ app (src/platform/js_bridge.cpp);
//  - window.anatomy: ready, step, state, load, generate (+ run, pause, select, setView, setLang,
//    setLr, setOptimizer, loadData, reset, downloadWeights, hash, weights; teach, predict,
//    setWeight, ablate, undo, restore for one example / one weight / one head);
//  - the same commands through postMessage for a page that embeds this one in an iframe;
//  - URL parameters: model, data, panel, tensor, lang, autoplay, speed, lr, optimizer, seed,
//    embed, lecture, origins, threads, sw;
//  - loads the threaded build (gpt-anatomy-app-mt: pthreads, SharedArrayBuffer) when the page is
//    cross-origin isolated, else the single-thread one; on a static host that cannot send the
//    COOP/COEP headers, a service worker (coi-sw.js) adds them and the page reloads once;
//  - file picker and drag-and-drop of .safetensors (weights) and .txt (training text);
//  - a text alternative of the canvas for screen readers.
// Plain ES2017, no browser-specific API without a fallback (Chromium, Firefox, Safari).
(function () {
  'use strict';

  const doc = document;
  const $ = (id) => doc.getElementById(id);
  const defaults = window.GA_DEFAULTS || {};          // embed.html sets {embed: '1'}
  const inlined = window.GA_INLINE_ASSETS || null;    // the single-file build: {path: base64}
  let appScriptUrl = 'gpt-anatomy-app.js';
  let appWasmUrl = 'gpt-anatomy-app.wasm';

  // ---------------------------------------------------------------- URL parameters
  // Read by the C++ app once it runs (src/app/page_request.h: one rule per parameter, refusals
  // shown in the banner): checkedParams. Before that, only what the loading screen needs (the
  // language, embed, which files to prefetch) is taken from URLSearchParams as a hint.
  const params = new URLSearchParams(location.search);
  const defaultsQuery = Object.keys(defaults).map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(String(defaults[k]))).join('&');
  let checkedParams = null;
  function param(name) {
    if (checkedParams) return Object.prototype.hasOwnProperty.call(checkedParams, name) ? checkedParams[name] : null;
    if (params.has(name)) return params.get(name);
    return defaults[name] !== undefined ? String(defaults[name]) : null;
  }
  function flag(name) {
    const v = param(name);
    if (typeof v === 'boolean') return v;
    return v !== null && (v === '' || v === '1' || v === 'true' || v === 'yes' || v === 'on');
  }
  // The C++ reading of the query; returns its refusals as [{en, fr}].
  function readPageQuery() {
    const r = JSON.parse(cstr('ga_js_page_query', ['string', 'string'], [location.search, defaultsQuery]));
    checkedParams = r.params;
    return r.problems;
  }
  // A number as a person types it ("0,01" in French is 0.01), by the app's rule; NaN when none.
  function userNumber(x) {
    if (typeof x === 'string') return M.ccall('ga_js_parse_number', 'number', ['string'], [x]);
    return typeof x === 'number' ? x : NaN;
  }
  function browserLang() {
    const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    for (const l of langs) {
      const p = String(l).toLowerCase().slice(0, 2);
      if (p === 'fr') return 'fr';
      if (p === 'en') return 'en';
    }
    return 'en';
  }
  let lang = (param('lang') === 'fr' || param('lang') === 'en') ? param('lang') : browserLang();
  const T = (en, fr) => (lang === 'fr' ? fr : en);
  // Untrusted text (URL parameters, file names, names read from files) inside a message: the
  // JavaScript twin of the core's quote() (src/core/quote.h), so the page's own messages are one
  // escaped line like the core's: in single quotes, control characters, lone surrogates and code
  // points that hide or reorder text escaped, cut at max characters with "…".
  function quote(text, max) {
    max = max || 80;
    let out = '', n = 0;
    for (const ch of String(text)) {
      if (n++ === max) { out += '…'; break; }
      const c = ch.codePointAt(0);
      if (ch === '\\') out += '\\\\';
      else if (ch === "'") out += "\\'";
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (c === 0) out += '\\0';
      else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
      else if ((c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0x61c || c === 0x200e || c === 0x200f ||
               (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff))
        out += '\\u{' + c.toString(16).toUpperCase().padStart(4, '0') + '}';
      else out += ch;
    }
    return "'" + out + "'";
  }
  const embed = flag('embed');
  const offFlag = (name) => { const v = param(name); return v === '0' || v === 'false' || v === 'no' || v === 'off'; };

  // ---------------------------------------------------------------- which build: threads or not
  // The threaded build needs SharedArrayBuffer, which a browser gives only to a cross-origin
  // isolated page (COOP/COEP headers: ./serve.sh sends them; coi-sw.js adds them on a static host).
  // Anything short of that (an iframe in a course page, file://, ?threads=0, an old browser) gets
  // today's single-thread build: never a page that cannot start. ?threads= is read raw here, as
  // the loading screen's hints are; the app checks it later and names a bad value in the banner.
  // The isolation service worker (below) is off with ?sw=0 or a data-no-sw attribute. A page it
  // isolated is then not counted as isolated: the worker is being removed, and the threaded
  // build's own workers, started after that, would no longer get the headers they need.
  const thisScript = doc.currentScript;
  const swOff = offFlag('sw') || doc.documentElement.hasAttribute('data-no-sw') || !!(thisScript && thisScript.hasAttribute('data-no-sw'));
  const isOurWorker = (w) => !!w && /\/coi-sw\.js$/.test(new URL(w.scriptURL).pathname);
  const swController = navigator.serviceWorker ? navigator.serviceWorker.controller : null;
  const isolated = self.crossOriginIsolated === true && !(swOff && isOurWorker(swController));
  // A tiny module with a shared memory and an atomic load: the engine has WebAssembly threads.
  const THREADS_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 10, 1, 8, 0, 65, 0, 254, 16, 2, 0, 11]);
  function wasmThreadsWork() {
    try {
      const mem = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
      return typeof SharedArrayBuffer === 'function' && mem.buffer instanceof SharedArrayBuffer && WebAssembly.validate(THREADS_PROBE);
    } catch (e) { return false; }
  }
  const threadsOff = offFlag('threads');
  const singleFile = !!inlined || !!$('ga-app-js');   // the offline file holds the single-thread build only
  let threaded = isolated && !threadsOff && !singleFile && wasmThreadsWork();
  // why one thread, for the Training panel (ThreadsNote in src/app/app.h); an isolated page in an
  // engine without WebAssembly threads (WebKitGTK's MiniBrowser here) just says "1 thread"
  const threadsNote = threaded ? 0 : threadsOff ? 2 : isolated ? 0 : 1;
  function useSingleThreadBuild() {
    threaded = false;
    appScriptUrl = 'gpt-anatomy-app.js';
    appWasmUrl = 'gpt-anatomy-app.wasm';
  }
  if (threaded) { appScriptUrl = 'gpt-anatomy-app-mt.js'; appWasmUrl = 'gpt-anatomy-app-mt.wasm'; }

  // ---------------------------------------------------------------- isolation service worker
  // For a static host that cannot send headers: coi-sw.js re-serves this site's own responses with
  // COOP/COEP/CORP, and once it controls the page a reload makes the page isolated. Registered only
  // for the top window (an iframe is isolated only if the page around it is), in a secure context,
  // when the page is not isolated already. Off with ?sw=0 (which also unregisters it) or a
  // data-no-sw attribute on the <html> or the anatomy.js <script> element.
  function setupIsolationWorker() {
    const sw = navigator.serviceWorker;
    if (!sw || singleFile) return;
    const key = 'gpt-anatomy-coi-reload';   // set just before the one reload; cleared once it worked
    if (isolated || swOff) { try { sessionStorage.removeItem(key); } catch (e) { /* no storage */ } }
    if (swOff) {
      if (sw.getRegistrations) sw.getRegistrations().then((regs) => regs.forEach((r) => {
        if (isOurWorker(r.active || r.waiting || r.installing)) r.unregister();
      })).catch(() => {});
      return;
    }
    if (isolated || !window.isSecureContext || window.top !== window.self) return;
    let reloaded = false;
    try { reloaded = sessionStorage.getItem(key) === '1'; } catch (e) { reloaded = true; }   // no storage: no reload, no loop
    const reloadOnce = () => {
      if (reloaded) return;
      reloaded = true;
      try { sessionStorage.setItem(key, '1'); } catch (e) { return; }
      location.reload();
    };
    sw.register('coi-sw.js').then(() => {
      // Controlled already but not isolated (e.g. a worker installed by another tab): one reload.
      if (sw.controller) reloadOnce();
      else sw.addEventListener('controllerchange', reloadOnce);
    }).catch((e) => console.info('GPT Anatomy: no isolation service worker (' + (e && e.message || e) + '): one thread'));
  }

  doc.documentElement.lang = lang;
  if (embed) doc.documentElement.classList.add('embed');

  // ---------------------------------------------------------------- messages on the page
  function setLoading(text, fraction) {
    const box = $('loading');
    if (!box) return;
    box.style.display = '';
    if (text !== undefined && text !== null) $('loading-text').textContent = text;
    const bar = $('loading-bar');
    if (fraction === null || fraction === undefined) bar.parentNode.classList.add('indeterminate');
    else { bar.parentNode.classList.remove('indeterminate'); bar.style.width = Math.round(100 * Math.min(1, fraction)) + '%'; }
  }
  function hideLoading() { const box = $('loading'); if (box) box.style.display = 'none'; }
  let progressTimer = 0;
  function showProgress(text, fraction) {      // after start-up: a thin bar over the app
    const p = $('progress');
    if (!p) return;
    clearTimeout(progressTimer);
    p.style.display = 'block';
    $('progress-text').textContent = text;
    $('progress-bar').style.width = (fraction === null ? 100 : Math.round(100 * Math.min(1, fraction))) + '%';
    $('progress-bar').classList.toggle('indeterminate', fraction === null);
  }
  function hideProgress(delay) {
    clearTimeout(progressTimer);
    progressTimer = setTimeout(() => { const p = $('progress'); if (p) p.style.display = 'none'; }, delay || 0);
  }
  let failed = false;
  function fail(title, text) {
    failed = true;
    hideLoading();
    $('error-title').textContent = title;
    $('error-text').textContent = text;
    $('error').style.display = 'block';
  }
  const mb = (n) => (n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0) + ' MB';

  // ---------------------------------------------------------------- feature checks
  // A tiny module using a SIMD instruction (v128 result, i8x16.splat, i8x16.popcnt): only a
  // browser with WebAssembly SIMD validates it.
  const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  function checkFeatures() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function')
      return [T('WebAssembly is not available', 'WebAssembly n’est pas disponible'),
        T('This browser cannot run WebAssembly, which GPT Anatomy needs to compute the model. Use a current version of Firefox, Chrome, Edge or Safari (and check that WebAssembly is not disabled by a policy or a "safe mode").',
          'Ce navigateur ne peut pas exécuter WebAssembly, dont GPT Anatomy a besoin pour calculer le modèle. Utilisez une version récente de Firefox, Chrome, Edge ou Safari (et vérifiez que WebAssembly n’est pas désactivé par une règle ou un « mode sécurisé »).')];
    let simd = false;
    try { simd = WebAssembly.validate(SIMD_PROBE); } catch (e) { simd = false; }
    if (!simd)
      return [T('WebAssembly SIMD is missing', 'WebAssembly SIMD manque'),
        T('This browser runs WebAssembly but not its SIMD instructions (vector arithmetic), which GPT Anatomy uses to train the model quickly. Update the browser: Chrome/Edge 91+, Firefox 89+ and Safari 16.4+ have it.',
          'Ce navigateur exécute WebAssembly mais pas ses instructions SIMD (calcul vectoriel), que GPT Anatomy utilise pour entraîner le modèle rapidement. Mettez le navigateur à jour : Chrome/Edge 91+, Firefox 89+ et Safari 16.4+ les ont.')];
    let gl = null;
    try { gl = doc.createElement('canvas').getContext('webgl2'); } catch (e) { gl = null; }
    if (!gl)
      return [T('WebGL 2 is not available', 'WebGL 2 n’est pas disponible'),
        T('GPT Anatomy draws with WebGL 2, which this browser does not offer (or has turned off: hardware acceleration disabled, an old graphics driver, or a blocked GPU). Turn hardware acceleration on in the browser’s settings or try another browser.',
          'GPT Anatomy dessine avec WebGL 2, que ce navigateur n’offre pas (ou a désactivé : accélération matérielle coupée, pilote graphique ancien ou carte graphique bloquée). Activez l’accélération matérielle dans les réglages du navigateur ou essayez un autre navigateur.')];
    const lose = gl.getExtension('WEBGL_lose_context');
    if (lose) lose.loseContext();
    return null;
  }

  // ---------------------------------------------------------------- start-up timeline
  // performance.mark('ga:<phase>') at each step of the start (bench/page_weight.mjs reads them
  // with the resource timings of the fetches): where the milliseconds before anatomy.ready go.
  function mark(phase) { try { performance.mark('ga:' + phase); } catch (e) { /* no User Timing */ } }

  // ---------------------------------------------------------------- fetching with progress
  function b64ToBytes(b64) {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function inlinedAsset(url) {
    if (!inlined) return null;
    const key = String(url).replace(/^\.\//, '');
    return Object.prototype.hasOwnProperty.call(inlined, key) ? b64ToBytes(inlined[key]) : null;
  }
  async function fetchResponse(url) {
    if (inlined && /^(\.\/)?assets\//.test(String(url))) {
      // The single-file build holds one model and its data; fetching anything else from file://
      // only fails with the browser's "Failed to fetch".
      const have = Object.keys(inlined).filter((k) => /^assets\/models\/.*\.safetensors$/.test(k)).map((k) => k.slice(14).replace(/\.safetensors$/, ''));
      throw new Error(T(`${quote(url, 200)} is not in this offline file (it holds ${have.length ? have.join(', ') : 'no trained model'}): use the online version for other models and data`,
        `${quote(url, 200)} n’est pas dans ce fichier hors ligne (il contient ${have.length ? have.join(', ') : 'aucun modèle entraîné'}) : utilisez la version en ligne pour les autres modèles et données`));
    }
    let resp;
    try { resp = await fetch(url); } catch (e) {
      throw new Error(T(`cannot download ${quote(url, 200)}: ${e.message || e} (offline, or the site does not allow it?)`,
        `impossible de télécharger ${quote(url, 200)} : ${e.message || e} (hors ligne, ou le site ne le permet pas ?)`));
    }
    if (!resp.ok) throw new Error(T(`cannot download ${quote(url, 200)}: HTTP ${resp.status}`, `impossible de télécharger ${quote(url, 200)} : HTTP ${resp.status}`));
    return resp;
  }
  function cancelBody(resp) { if (resp.body && resp.body.cancel) resp.body.cancel().catch(() => {}); }
  async function readResponse(resp, onProgress) {
    const total = Number(resp.headers.get('Content-Length')) || 0;
    if (!resp.body || !resp.body.getReader) {
      const buf = new Uint8Array(await resp.arrayBuffer());
      if (onProgress) onProgress(buf.length, buf.length);
      return buf;
    }
    const reader = resp.body.getReader();
    const chunks = [];
    let done = 0;
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      chunks.push(r.value);
      done += r.value.length;
      if (onProgress) onProgress(done, total);
    }
    const out = new Uint8Array(done);
    let o = 0;
    for (const c of chunks) { out.set(c, o); o += c.length; }
    return out;
  }
  // Resolves with a Uint8Array; onProgress(done, total) while it arrives.
  async function fetchBytes(url, onProgress) {
    const local = inlinedAsset(url);
    if (local) { if (onProgress) onProgress(local.length, local.length); return local; }
    const early = await takePrefetched(url);
    if (early) { if (onProgress) onProgress(early.length, early.length); return early; }
    return readResponse(await fetchResponse(url), onProgress);
  }
  // Start-up files fetched while the wasm downloads and compiles (the catalogue, then the default
  // model and its data), so the trained model is there as soon as the program is.
  const prefetched = new Map();
  function prefetch(url) {
    if (inlined || prefetched.has(url)) return;   // the single-file build has nothing to fetch
    const p = fetchResponse(url).then((r) => readResponse(r));
    p.catch(() => {});
    prefetched.set(url, p);
  }
  // The bytes of a prefetched url (once), or null: not prefetched, or the prefetch failed (then
  // the caller fetches again and reports that error).
  async function takePrefetched(url) {
    const p = prefetched.get(url);
    if (!p) return null;
    prefetched.delete(url);
    try { return await p; } catch (e) { return null; }
  }
  function prefetchStartup() {
    const want = param('model');
    // inlined in the single-file build: nothing to fetch, the bytes are already in the page
    const json = (url) => { prefetch(url); return (prefetched.get(url) || Promise.resolve(inlinedAsset(url))).then((b) => JSON.parse(new TextDecoder('utf-8').decode(b))); };
    const models = json('assets/models.json'), data = json('assets/data/index.json');
    models.then(async (m) => {
      const name = want || m.default;
      const entry = (Array.isArray(m.models) ? m.models : []).find((x) => x.name === name);
      if (!entry || !entry.file) return;
      prefetch('assets/models/' + startFile(entry));
      // the model's own data set is fetched only when something first needs its text (boot)
      if (!param('data')) return;
      const d = await data;
      const set = (Array.isArray(d.datasets) ? d.datasets : []).find((x) => x.name === param('data'));
      if (set && set.file) prefetch('assets/data/' + (set.packed || set.file));
    }).catch(() => {});
  }
  async function fetchText(url) { return new TextDecoder('utf-8').decode(await fetchBytes(url)); }
  async function fetchJson(url) { return JSON.parse(await fetchText(url)); }

  // safetensors header: 8-byte little-endian length, then JSON. The C++ loader validates it;
  // the page only peeks at it (which data set, which tokenizer).
  function safetensorsHeader(bytes) {
    try {
      if (bytes.length < 8) return {};
      const dv = new DataView(bytes.buffer, bytes.byteOffset, 8);
      const n = dv.getUint32(0, true) + dv.getUint32(4, true) * 4294967296;
      if (n <= 0 || n > bytes.length - 8 || n > 100e6) return {};
      const h = JSON.parse(new TextDecoder('utf-8').decode(bytes.subarray(8, 8 + n)));
      return h && typeof h === 'object' ? h : {};
    } catch (e) { return {}; }
  }
  function safetensorsMetadata(bytes) {
    const h = safetensorsHeader(bytes);
    return (h && typeof h.__metadata__ === 'object' && h.__metadata__) || {};
  }
  // The model configuration of a checkpoint from its header alone (metadata, else tensor shapes;
  // n_head only sizes the attention maps: GPT-2's 64 dimensions per head when not said).
  function checkpointConfig(bytes) {
    const h = safetensorsHeader(bytes);
    const meta = (h.__metadata__ && typeof h.__metadata__ === 'object') ? h.__metadata__ : {};
    const t = (k) => h[k] || h['transformer.' + k];
    const wte = t('wte.weight'), wpe = t('wpe.weight');
    if (!wte || !wpe || !Array.isArray(wte.shape) || !Array.isArray(wpe.shape)) return null;
    let L = 0;
    while (t(`h.${L}.ln_1.weight`)) L++;
    const C = Number(wte.shape[1]);
    return { n_layer: Number(meta.n_layer) || L, n_head: Number(meta.n_head) || Math.max(1, Math.round(C / 64)),
      n_embd: C, n_ctx: Number(wpe.shape[0]), vocab_size: Number(wte.shape[0]) };
  }
  // How much memory this page may use in all. A phone's browser kills a tab far below the 4 GB a
  // wasm page can address (Mobile Safari at roughly 1-1.5 GB on 3-4 GB devices), and the tab dies
  // with no message: phones 1 GB, tablets 1.5 GB, at most half the device memory when the browser
  // says it (navigator.deviceMemory), 4 GB otherwise. ?memory=MB overrides (tests, known devices).
  function memoryBudget() {
    const MB = 1048576, q = Number(param('memory'));
    if (q > 0) return q * MB;
    const m = (x) => !!(window.matchMedia && window.matchMedia(x).matches);
    let b = 4096 * MB;
    if (m('(pointer: coarse)')) b = Math.min(screen.width, screen.height) < 600 ? 1024 * MB : 1536 * MB;
    if (navigator.deviceMemory > 0) b = Math.min(b, navigator.deviceMemory * 1024 * MB / 2);
    return b;
  }
  // A GPT-2 BPE model: said in the metadata, or a plain Hugging Face GPT-2 file (no metadata,
  // GPT-2's vocabulary of 50257 tokens).
  function needsGpt2Tokenizer(bytes) {
    const h = safetensorsHeader(bytes);
    const meta = (h.__metadata__ && typeof h.__metadata__ === 'object') ? h.__metadata__ : {};
    if (meta.tokenizer) return meta.tokenizer === 'gpt2-bpe';
    const wte = h['wte.weight'] || h['transformer.wte.weight'];
    return !!(wte && Array.isArray(wte.shape) && wte.shape[0] === 50257);
  }
  // GPT-2's tokenizer files (assets/bpe/, ~1.5 MB) are fetched only when such a model is loaded.
  let bpeReady = null;
  function ensureGpt2Tokenizer() {
    if (!bpeReady) {
      bpeReady = (async () => {
        const files = [];
        for (const f of ['encoder.json', 'vocab.bpe'])
          files.push(await fetchBytes('assets/bpe/' + f, (d, t) => showProgress(T('GPT-2 tokenizer: ', 'Tokeniseur GPT-2 : ') + f + ' ' + (t ? Math.round(100 * d / t) + ' %' : mb(d)), t ? d / t : null)));
        const ptrs = files.map((b) => M._malloc(Math.max(1, b.length)));
        try {
          if (ptrs.some((p) => !p)) throw new Error('not enough memory for the GPT-2 tokenizer');
          files.forEach((b, i) => heapU8().set(b, ptrs[i]));   // the heap after the mallocs: it may grow
          const err = cstr('ga_js_set_gpt2_tokenizer', ['number', 'number', 'number', 'number'], [ptrs[0], files[0].length, ptrs[1], files[1].length]);
          if (err) throw new Error(err);
        } finally { ptrs.forEach((p) => { if (p) M._free(p); }); }
      })().catch((e) => {
        bpeReady = null;
        throw new Error(T(`the GPT-2 tokenizer files could not be loaded (${e.message})`, `les fichiers du tokeniseur GPT-2 n’ont pas pu être chargés (${e.message})`));
      });
    }
    return bpeReady;
  }

  // ---------------------------------------------------------------- the wasm module
  let M = null;                // window.Module once the runtime is up
  let wasmMemory = null;       // the threaded build's shared memory (its import env.memory)
  // The heap as bytes. In the threaded build the heap may have grown on another thread: the
  // runtime's view then still covers the old size until it looks again, so look here.
  function heapU8() {
    if (wasmMemory && M.HEAPU8.buffer !== wasmMemory.buffer) M.HEAPU8 = new Uint8Array(wasmMemory.buffer);
    return M.HEAPU8;
  }
  let runtimeUp = false;
  const cstr = (fn, types, args) => M.ccall(fn, 'string', types, args);
  // ccall copies 'string' arguments onto the wasm stack (1 MB): a data set of hundreds of KB must
  // go through the heap instead. Calls fn(ptr) with the UTF-8 copy of str, then frees it.
  function withHeapString(str, fn) {
    const n = M.lengthBytesUTF8(str) + 1;
    const ptr = M._malloc(n);
    if (!ptr) throw new Error(T(`not enough memory for a text of ${mb(n)}`, `pas assez de mémoire pour un texte de ${mb(n)}`));
    try { M.stringToUTF8(str, ptr, n); return fn(ptr); } finally { M._free(ptr); }
  }
  const checkText = (text) => withHeapString(text, (p) => cstr('ga_js_check_text', ['number'], [p]));
  const setDataText = (name, text) => withHeapString(text, (p) => cstr('ga_js_set_data', ['string', 'number'], [name, p]));
  function bridgeState() { return JSON.parse(M.ccall('ga_js_state', 'string', [], [])); }

  let resolveFrame, framesSeen = 0, loopPaused = false;
  function resumeLoop() { if (loopPaused) { loopPaused = false; M.resumeMainLoop(); } }
  const firstFrame = new Promise((res) => { resolveFrame = res; });
  let resolveRuntime, rejectRuntime;
  const runtime = new Promise((res, rej) => { resolveRuntime = res; rejectRuntime = rej; });
  let resolveReady, rejectReady;
  const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
  ready.catch(() => {});   // a failed start is shown on the page; callers get the rejection too

  function makeModule() {
    const Module = {
      canvas: $('canvas'),
      print: (t) => console.log(t),
      printErr: (t) => console.warn(t),
      onAnatomyFrame() { mark('first-frame'); framesSeen++; resolveFrame(); },
      onAnatomyError(what) {
        const w = String(what);
        if (w === 'webgl2') fail(T('WebGL 2 could not start', 'WebGL 2 n’a pas pu démarrer'),
          T('The browser refused a WebGL 2 context for the drawing area. Turn hardware acceleration on or try another browser.',
            'Le navigateur a refusé un contexte WebGL 2 pour la zone de dessin. Activez l’accélération matérielle ou essayez un autre navigateur.'));
        else fail(T('GPT Anatomy cannot start', 'GPT Anatomy ne peut pas démarrer'), w);
        rejectReady(new Error(w));
        rejectRuntime(new Error(w));
      },
      onAbort(what) {
        fail(T('GPT Anatomy stopped', 'GPT Anatomy s’est arrêté'),
          T('An internal error stopped the program: ', 'Une erreur interne a arrêté le programme : ') + String(what) +
          T(' — reload the page.', ' — rechargez la page.'));
        rejectReady(new Error(String(what)));
      },
      postRun: [() => {
        mark('runtime');
        // No frame before the model and its data are in (boot resumes the loop): a frame drawn
        // earlier only competes with the start-up for the main thread, and is drawn again.
        if (Module.pauseMainLoop) { Module.pauseMainLoop(); loopPaused = true; }
        runtimeUp = true;
        resolveRuntime();
      }],
      anatomyUi: null,   // filled below: actions the C++ menu calls (src/platform/web_assets.h)
    };
    // Download the wasm ourselves to show progress (the single-file build has it inlined), from
    // the start: it downloads and compiles while the runtime's script arrives and runs.
    compileAppWasm();
    Module.instantiateWasm = (imports, receive) => {
      if (imports.env && imports.env.memory instanceof WebAssembly.Memory) wasmMemory = imports.env.memory;
      wasmCompiled.then(async (module) => {
        const instance = await WebAssembly.instantiate(module, imports);
        mark('wasm-instantiated');
        receive(instance, module);
      }).catch((e) => {
        fail(T('GPT Anatomy could not be downloaded', 'GPT Anatomy n’a pas pu être téléchargé'), String(e.message || e));
        rejectReady(e);
      });
      return {};
    };
    return Module;
  }
  // (again if the threaded build turns out to be missing: useSingleThreadBuild)
  let wasmCompiled = null;
  function compileAppWasm() {
    wasmCompiled = fetchAndCompile(appWasmUrl);
    wasmCompiled.catch(() => {});   // reported by instantiateWasm
  }
  async function fetchAndCompile(url) {
    const bytes = await fetchBytes(url, (d, t) => setLoading(
      T('Downloading GPT Anatomy… ', 'Téléchargement de GPT Anatomy… ') + (t ? Math.round(100 * d / t) + ' %' : mb(d)), t ? 0.9 * d / t : null));
    mark('wasm-fetched');
    setLoading(T('Starting…', 'Démarrage…'), 0.95);
    const module = await WebAssembly.compile(bytes);
    mark('wasm-compiled');
    return module;
  }
  function loadAppScript() {
    const s = doc.createElement('script');
    const inline = $('ga-app-js');
    if (inline) s.textContent = inline.textContent;      // single-file build: the code is in the page
    else {
      s.src = appScriptUrl;
      s.async = true;
      s.onerror = () => {
        if (threaded) {
          // a site copied without the threaded build: today's build instead
          console.warn('GPT Anatomy: ' + appScriptUrl + ' is missing, using the single-thread build');
          useSingleThreadBuild();
          compileAppWasm();
          s.remove();
          loadAppScript();
          return;
        }
        fail(T('GPT Anatomy could not be downloaded', 'GPT Anatomy n’a pas pu être téléchargé'),
          T(`${appScriptUrl} is missing or unreachable (is the site built and served? see README).`,
            `${appScriptUrl} est absent ou inaccessible (le site est-il construit et servi ? voir README).`));
        rejectReady(new Error(appScriptUrl + ' failed to load'));
      };
    }
    doc.body.appendChild(s);
  }

  // ---------------------------------------------------------------- catalogue of shipped assets
  let catalog = { models: [], data: [], defaultModel: null };
  async function readCatalog() {
    try {
      const m = await fetchJson('assets/models.json');
      catalog.models = Array.isArray(m.models) ? m.models : [];
      catalog.defaultModel = m.default || (catalog.models[0] && catalog.models[0].name) || null;
    } catch (e) { console.warn('GPT Anatomy: no model list (assets/models.json): ' + e.message); }
    try {
      const d = await fetchJson('assets/data/index.json');
      catalog.data = (Array.isArray(d.datasets) ? d.datasets : []).filter((x) => x.name && (x.file || x.kind === 'synthetic'));
    } catch (e) { console.warn('GPT Anatomy: no data list (assets/data/index.json): ' + e.message); }
    const tsv = [];
    const clean = (s) => String(s || '').replace(/[\t\n]/g, ' ');
    for (const m of catalog.models) tsv.push(['model', m.name, m.bytes || 0, clean(m.title_en || m.title), clean(m.title_fr || m.title)].join('\t'));
    for (const d of catalog.data) tsv.push(['data', d.name, d.bytes || 0, clean(d.description_en), clean(d.description_fr)].join('\t'));
    M.ccall('ga_js_set_catalog', null, ['string'], [tsv.join('\n')]);
  }
  // A shipped model's file for the page: its start-up copy when the site has one (the weights and
  // the optimizer's step and settings, the moments left to moments_file: fetched when training
  // first needs them), else the checkpoint itself (and always in the offline single file).
  const startFile = (m) => (!inlined && m.start_file) || m.file;
  function modelUrl(nameOrUrl) {
    const m = catalog.models.find((x) => x.name === nameOrUrl);
    if (m) return { url: 'assets/models/' + startFile(m), name: m.name, entry: m };
    // a bare name (no folder, no extension) is a model in assets/models/; 'index.html' is a URL
    if (/^[\w-]+$/.test(nameOrUrl))
      return { url: 'assets/models/' + nameOrUrl + '.safetensors', name: nameOrUrl, entry: null };
    return { url: nameOrUrl, name: String(nameOrUrl).split(/[/?#]/).filter(Boolean).pop() || nameOrUrl, entry: null };
  }

  // ---------------------------------------------------------------- commands (window.anatomy)
  // Commands run one at a time in arrival order (a load during a step, or two loads, never mix).
  let queue = Promise.resolve();
  function serial(fn) {
    const p = queue.then(fn, fn);
    queue = p.catch(() => {});
    return p;
  }
  async function whenRuntime() {
    await runtime;
    if (failed) throw new Error('GPT Anatomy failed to start');
  }

  function state() {
    if (!runtimeUp) return { step: 0, loss: null, running: false, model: null, optimizer: null, lr: null, fps: 0, loading: true };
    const s = bridgeState();
    if (pace.active) s.running = true;
    s.speed = pace.active ? pace.stepsPerSecond : 0;
    s.ready = isReady;
    return s;
  }

  // step(n): queue n optimizer steps; resolves with {step, loss} when the trainer has done them.
  const stepWaiters = [];
  function step(n) {
    n = n === undefined ? 1 : Math.floor(Number(n));
    if (!(n >= 0)) return Promise.reject(new Error('step(n): n must be a whole number >= 0'));
    return whenRuntime().then(() => new Promise((resolve, reject) => {
      const target = M.ccall('ga_js_step', 'number', ['number'], [n]);
      if (target < 0) { reject(new Error(cstr('ga_js_last_error', [], []))); return; }
      stepWaiters.push({ target, resolve, reject });
      pollSoon();
    }));
  }
  function resolveWaiters(s) {
    for (let i = stepWaiters.length - 1; i >= 0; i--) {
      const w = stepWaiters[i];
      if (s.step >= w.target) { stepWaiters.splice(i, 1); w.resolve({ step: s.step, loss: s.loss }); }
      else if (s.steps_pending === 0 && !s.running) {
        stepWaiters.splice(i, 1);
        w.reject(new Error(s.error || T(`training stopped at step ${s.step} before step ${w.target} (paused, or the model was replaced)`,
          `entraînement arrêté au pas ${s.step} avant le pas ${w.target} (mis en pause, ou modèle remplacé)`)));
      }
    }
  }

  // Paced run (?speed=N steps per second): the page queues steps at that rate, so a class can
  // follow each step. Without a speed, run() trains as fast as the frame budget allows.
  const pace = { active: false, stepsPerSecond: 0, t0: 0, queued: 0 };
  function run(speed) {
    return whenRuntime().then(() => {
      const sp = userNumber(speed !== undefined && speed !== null ? speed : (param('speed') || 0));
      if (sp > 0 && isFinite(sp)) {
        const err = cstr('ga_js_train_check', [], []);
        if (err) throw new Error(err);
        Object.assign(pace, { active: true, stepsPerSecond: sp, t0: performance.now(), queued: 0 });
        cstr('ga_js_run', ['number'], [0]);
      } else {
        pace.active = false;
        const err = cstr('ga_js_run', ['number'], [1]);   // the app's own check (src/app/commands.cpp)
        if (err) throw new Error(err);
      }
      pollSoon();
      return state();
    });
  }
  function pause() {
    return whenRuntime().then(() => {
      pace.active = false;
      cstr('ga_js_run', ['number'], [0]);
      return state();
    });
  }
  function paceTick(now) {
    if (!pace.active) return;
    const due = Math.floor((now - pace.t0) / 1000 * pace.stepsPerSecond) - pace.queued;
    if (due > 0) {
      const n = Math.min(due, 50);
      if (M.ccall('ga_js_step', 'number', ['number'], [n]) < 0) { pace.active = false; return; }
      pace.queued += due;     // never catch up on a backlog (hidden tab): skip it
    }
  }

  // load(source): a URL / shipped model name, an ArrayBuffer / typed array, or a File / Blob.
  // Resolves with state(); rejects with the one-line reason, the current model untouched.
  function load(source, opts) {
    opts = opts || {};
    return serial(async () => {
      await whenRuntime();
      let buf, name, entry = null;   // buf: the file's bytes in the wasm heap, {ptr, n}
      const progress = (verb) => (d, t) => showProgress(verb + (t ? `${Math.round(100 * d / t)} % (${mb(d)} / ${mb(t)})` : mb(d)), t ? d / t : null);
      try {
        if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
          const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
          name = opts.name || 'weights.safetensors';
          buf = bytesToHeap(bytes, name);
        } else if (typeof Blob !== 'undefined' && source instanceof Blob) {
          name = source.name || opts.name || 'weights.safetensors';
          const onProgress = progress(T(`Reading ${quote(name)}: `, `Lecture de ${quote(name)} : `));
          if (source.stream) buf = await streamToHeap(source.stream().getReader(), source.size, name, onProgress);
          else buf = bytesToHeap(new Uint8Array(await readBlob(source)), name);
        } else if (typeof source === 'string' && source) {
          const u = modelUrl(source);
          name = u.name; entry = u.entry;
          buf = await fetchToHeap(u.url, name, progress(T(`Loading ${quote(name)}: `, `Chargement de ${quote(name)} : `)));
        } else throw new Error('load(source): give a URL, a model name, an ArrayBuffer or a File');
      } catch (e) { hideProgress(); throw e; }
      let meta, plan = null;
      const selected = bridgeState().tensor;
      try {
        const header = heapHeader(buf);   // copied out: the heap may move when it grows
        meta = safetensorsMetadata(header);
        // what it needs (weights, gradients, moments, activations) against what this device allows
        const cfg = checkpointConfig(header);
        if (cfg) {
          plan = JSON.parse(cstr('ga_js_memory_plan', ['number', 'number', 'number', 'number', 'number', 'number', 'number'],
            [cfg.n_layer, cfg.n_head, cfg.n_embd, cfg.n_ctx, cfg.vocab_size, buf.n, memoryBudget()]));
          if (plan.verdict === 'refuse') throw new Error(quote(name) + ': ' + plan.reason);
        }
        if (needsGpt2Tokenizer(header)) await ensureGpt2Tokenizer();
        showProgress(T(`Checking ${quote(name)}…`, `Vérification de ${quote(name)}…`), 1);
        mark('model-fetched');
        const err = cstr('ga_js_load', ['number', 'number', 'string'], [buf.ptr, buf.n, name]);
        if (err) throw new Error(err);
        mark('model-parsed');
        if (plan) M.ccall('ga_js_memory_apply', null, [], []);
      } finally { M._free(buf.ptr); hideProgress(300); }
      if (plan && plan.verdict === 'view') M.ccall('ga_js_set_status', null, ['string'], [quote(name) + ': ' + plan.reason]);
      // keep looking at the same tensor when the new model has it
      if (selected) cstr('ga_js_select', ['string'], [selected]);
      pace.active = false;
      current.model = typeof source === 'string' ? source : null;
      if (entry) current.pretrained = entry.name;   // "Back to the pretrained model" comes back here
      // Data for the new model: asked for, else named in the checkpoint, else the first shipped
      // data set its tokenizer can encode.
      const wanted = opts.data || meta.dataset || meta.data || (entry && entry.data) || dataNameOf(meta.train_data) || null;
      const deferred = opts.deferData && catalog.data.find((d) => d.name === wanted && d.kind !== 'synthetic');
      if (deferred) {
        // the page is ready without it: fetched when training (or a panel) first needs it
        const err = cstr('ga_js_defer_data', ['string'], [deferred.name]);
        if (err) throw new Error(err);
        current.data = deferred.name;
      } else {
        const dataErr = await chooseData(wanted);
        if (dataErr) M.ccall('ga_js_set_status', null, ['string'], [dataErr]);
      }
      announce(T(`Model ${quote(name)} loaded.`, `Modèle ${quote(name)} chargé.`));
      return state();
    }).catch(bannerAndThrow);
  }
  // A failed command shows in the app's banner too (the C++ side already shows its own refusals,
  // in both languages): the user sees this failure, not an older unrelated error.
  function bannerAndThrow(e) {
    const msg = String(e && e.message ? e.message : e);
    if (runtimeUp && bridgeState().error !== msg) showAppError(msg);
    throw e;
  }
  // "words-fr.txt" or ".../kjv-genesis.txt" (the CLI records the file it trained on) → "words-fr"
  function dataNameOf(file) { return file ? String(file).split(/[\\/]/).pop().replace(/\.txt$/i, '') : null; }
  function readBlob(blob) {
    if (blob.arrayBuffer) return blob.arrayBuffer();
    return new Promise((res, rej) => { const r = new FileReader(); r.onload = () => res(r.result); r.onerror = () => rej(r.error); r.readAsArrayBuffer(blob); });
  }
  // Room in the wasm heap for a file of n bytes, after checking the whole load can fit.
  function heapAlloc(n, name) {
    const check = cstr('ga_js_memory_check', ['number'], [n]);
    if (check) throw new Error(quote(name) + ': ' + check);
    const ptr = M._malloc(Math.max(1, n));
    if (!ptr) throw new Error(quote(name) + ': ' + T(`not enough memory to copy the file (${mb(n)}); the current model is kept`,
      `pas assez de mémoire pour copier le fichier (${mb(n)}) ; le modèle actuel est conservé`));
    return ptr;
  }
  function bytesToHeap(bytes, name) {
    const ptr = heapAlloc(bytes.length, name);
    heapU8().set(bytes, ptr);   // HEAPU8 read after malloc: the heap may have grown
    return { ptr, n: bytes.length };
  }
  // Streams a file of known size straight into the heap: a 500 MB GPT-2 checkpoint is then held
  // once (plus the parsed model), not also as a JavaScript copy.
  async function streamToHeap(reader, total, name, onProgress) {
    let ptr;
    try { ptr = heapAlloc(total, name); } catch (e) { reader.cancel().catch(() => {}); throw e; }
    let off = 0;
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
        if (off + r.value.length > total) throw new Error(quote(name) + ': ' + T('more bytes arrived than announced', 'plus d’octets reçus qu’annoncé'));
        heapU8().set(r.value, ptr + off);
        off += r.value.length;
        if (onProgress) onProgress(off, total);
      }
      if (off !== total) throw new Error(quote(name) + ': ' + T(`incomplete (${off} of ${total} bytes)`, `incomplet (${off} octets sur ${total})`));
      return { ptr, n: total };
    } catch (e) { M._free(ptr); reader.cancel().catch(() => {}); throw e; }
  }
  async function fetchToHeap(url, name, onProgress) {
    const local = inlinedAsset(url);
    if (local) return bytesToHeap(local, name);
    const early = await takePrefetched(url);
    if (early) return bytesToHeap(early, name);
    const resp = await fetchResponse(url);
    const total = Number(resp.headers.get('Content-Length')) || 0;
    const coding = (resp.headers.get('Content-Encoding') || 'identity').toLowerCase();
    // A compressed transfer announces the compressed size: then read first, copy after.
    if (total && coding === 'identity' && resp.body && resp.body.getReader) return streamToHeap(resp.body.getReader(), total, name, onProgress);
    if (total) { const check = cstr('ga_js_memory_check', ['number'], [total]); if (check) { cancelBody(resp); throw new Error(quote(name) + ': ' + check); } }
    return bytesToHeap(await readResponse(resp, onProgress), name);
  }
  // The safetensors header of a file in the heap, copied out (8-byte length + JSON).
  function heapHeader(buf) {
    if (buf.n < 8) return new Uint8Array(0);
    const h = heapU8();
    let len = 0;
    for (let i = 7; i >= 0; i--) len = len * 256 + h[buf.ptr + i];
    return h.slice(buf.ptr, buf.ptr + Math.min(buf.n, 8 + Math.min(len, 100e6)));
  }

  // ---- data sets
  const dataCache = new Map();
  async function dataText(entry) {
    if (!dataCache.has(entry.name)) {
      // synthetic tasks are generated by the C++ core (src/core/synthetic.h), the rest are files
      const text = entry.kind === 'synthetic' ? cstr('ga_js_synthetic_text', ['string', 'number', 'number'], [entry.name, 20000, 1])
        : (entry.packed && await packedText(entry)) || await fetchText('assets/data/' + entry.file);
      if (!text) throw new Error(`data set ${quote(entry.name)}: no text`);
      dataCache.set(entry.name, text);
    }
    return dataCache.get(entry.name);
  }
  // A word list's compact form (<name>.words: half the download of <name>.txt under gzip), made
  // back into the very same text by the core (words_unpack in src/core/data.h); null when it
  // cannot be had or does not give the text index.json describes: then the .txt is fetched.
  async function packedText(entry) {
    try {
      const packed = await fetchText('assets/data/' + entry.packed);
      const text = withHeapString(packed, (p) => cstr('ga_js_unpack_words', ['number'], [p]));
      if (!text) throw new Error(cstr('ga_js_last_error', [], []));
      if (entry.chars && text.length !== entry.chars) throw new Error(`${text.length} characters instead of ${entry.chars}`);
      return text;
    } catch (e) {
      console.warn(`GPT Anatomy: ${entry.packed}: ${e.message || e}; fetching ${entry.file}`);
      return null;
    }
  }
  // Picks the data set `wanted` (a name) or the first shipped one the tokenizer can encode.
  async function chooseData(wanted) {
    const order = catalog.data.slice();
    if (wanted) {
      const i = order.findIndex((d) => d.name === wanted);
      if (i > 0) order.unshift(order.splice(i, 1)[0]);
    }
    for (const d of order) {
      let text;
      try { text = await dataText(d); } catch (e) { continue; }
      mark('data-fetched');
      // no separate check first: a text the tokenizer cannot encode is refused by the set itself,
      // changing nothing (encoding the data set twice cost ~25 ms of start-up); a later success
      // clears its banner, and the message below replaces it if none fits
      const err = setDataText(d.name, text);
      mark('data-set');
      if (!err) { current.data = d.name; return ''; }
    }
    return T('no shipped data set fits this model’s characters: paste or drop a text to train on',
      'aucun jeu de données fourni ne correspond aux caractères de ce modèle : collez ou déposez un texte pour l’entraîner');
  }
  // The deferred data set's text (load's opts.deferData), fetched once when the app asks for it
  // (its "fetchData" page action: training started, a panel needs the text) or a command of the
  // page needs it (whenData). Handed over only if that data set is still the one waited for: a
  // model loaded meanwhile has its own data.
  // One fetch in flight per key: a second ask while the first runs gets the same promise. Keyed
  // by what is fetched, so an ask for another model's moments or data never gets the answer
  // meant for the one before (that answer is dropped, and the new ask fetches its own).
  const inFlight = new Map();
  function once(key, fn) {
    if (!inFlight.has(key)) inFlight.set(key, fn().finally(() => inFlight.delete(key)));
    return inFlight.get(key);
  }
  function fetchDeferredData(name) {
    return once('data:' + name, async () => {
      const entry = catalog.data.find((d) => d.name === name);
      try {
        if (!entry) throw new Error(T(`unknown data set ${quote(name)}`, `jeu de données inconnu ${quote(name)}`));
        const text = await dataText(entry);
        const s = bridgeState();
        if (!s.data_deferred || s.data !== name) return;
        const err = setDataText(name, text);   // training that waited for it goes on
        if (err) throw new Error(err);
        current.data = name;
      } catch (e) {
        const msg = String(e && e.message ? e.message : e);
        M.ccall('ga_js_data_failed', null, ['string', 'string', 'string'], [name,
          `The training text ${quote(name)} could not be loaded: ${msg}`, `Le texte d’entraînement ${quote(name)} n’a pas pu être chargé : ${msg}`]);
        throw e;
      }
    });
  }
  // The AdamW moments of a shipped model loaded from its start-up copy (the app's "fetchMoments"
  // action, when training first needs them or m / v are shown), handed to the app; any failure
  // is the app's to report (AdamW then starts afresh).
  function fetchMoments(modelName) {
    return once('moments:' + modelName, async () => {
      const entry = catalog.models.find((x) => x.name === modelName);
      try {
        if (!entry || !entry.moments_file) throw new Error(T(`no saved moments for ${quote(modelName)}`, `pas de moments enregistrés pour ${quote(modelName)}`));
        const bytes = await fetchBytes('assets/models/' + entry.moments_file);
        if (!bridgeState().moments_deferred || bridgeState().model.name !== modelName) return;   // another model meanwhile
        const buf = bytesToHeap(bytes, entry.moments_file);
        try { cstr('ga_js_set_moments', ['number', 'number'], [buf.ptr, buf.n]); } finally { M._free(buf.ptr); }
      } catch (e) {
        const msg = String(e && e.message ? e.message : e);
        M.ccall('ga_js_moments_failed', null, ['string', 'string'], [`The saved optimizer state could not be loaded (${msg})`,
          `L’état enregistré de l’optimiseur n’a pas pu être chargé (${msg})`]);
      }
    });
  }
  // Resolves once the current data set's text is in (at once when it was not deferred).
  async function whenData() {
    const s = bridgeState();
    if (s.data_deferred) await fetchDeferredData(s.data);
  }
  // A fresh model with random weights for a data set (its alphabet = the data's characters):
  // a shipped data set by name, or {text, name}.
  const RANDOM_MODEL = { n_layer: 2, n_head: 2, n_embd: 32, n_ctx: 32 };
  async function newRandomModel(data, seed) {
    let text, name;
    if (data && typeof data === 'object') { text = data.text; name = data.name || 'user'; }
    else {
      const d = catalog.data.find((e) => e.name === data) || (data ? null : catalog.data[0]);
      if (!d) {
        if (data) throw new Error(T(`unknown data set ${quote(data)}`, `jeu de données inconnu ${quote(data)}`));
        const err = cstr('ga_js_reset_random', ['number'], [seed === undefined ? -1 : seed]);
        if (err) throw new Error(err);
        return;
      }
      text = await dataText(d);
      name = d.name;
    }
    const c = RANDOM_MODEL;
    const err = withHeapString(text, (p) => cstr('ga_js_new_model', ['number', 'number', 'number', 'number', 'number', 'string', 'number'],
      [c.n_layer, c.n_head, c.n_embd, c.n_ctx, seed === undefined ? -1 : seed, name, p]));
    if (err) throw new Error(err);
    pace.active = false;
    current.data = name;
    current.model = 'random';
    announce(T(`New model with random weights for ${quote(name)}.`, `Nouveau modèle aux poids aléatoires pour ${quote(name)}.`));
  }
  // The menu's and the drop zone's "train on this": when the text has characters the current
  // model does not know, the only way to train on it is a new model for its alphabet.
  function loadDataOrNewModel(x) {
    return serial(async () => {
      await whenRuntime();
      let text = null;
      if (x && typeof x === 'object') text = x.text;
      else { const d = catalog.data.find((e) => e.name === x); if (d) text = await dataText(d); }
      if (text !== null && checkText(text)) {
        const s = state();
        if (s.model && s.model.name !== 'random' && !(await askConfirm(
          T(`The current model (${quote(s.model.name)}) does not know some characters of this text. Training on it needs a new model with random weights: the current weights would be replaced.`,
            `Le modèle actuel (${quote(s.model.name)}) ne connaît pas certains caractères de ce texte. S’entraîner dessus demande un nouveau modèle aux poids aléatoires : les poids actuels seraient remplacés.`),
          T('Replace with a new random model', 'Remplacer par un nouveau modèle aléatoire'), T('Keep the current model', 'Garder le modèle actuel')))) {
          announce(T('Kept the current model.', 'Modèle actuel conservé.'));
          return state();
        }
        await newRandomModel(x && typeof x === 'object' ? x : String(x));
        M.ccall('ga_js_set_status', null, ['string'], [T('The current model does not know some of these characters: a new model with random weights was made for this text.',
          'Le modèle actuel ne connaît pas certains de ces caractères : un nouveau modèle aux poids aléatoires a été créé pour ce texte.')]);
        return state();
      }
      return null;
    }).then((r) => r || loadData(x));
  }
  // A yes/no question in the page's own dialog; resolves true for yes.
  function askConfirm(text, yes, no) {
    return new Promise((resolve) => {
      const box = $('confirm');
      if (!box) { resolve(true); return; }
      $('confirm-text').textContent = text;
      $('confirm-yes').textContent = yes;
      $('confirm-no').textContent = no;
      box.style.display = 'flex';
      const done = (v) => { box.style.display = 'none'; $('confirm-yes').onclick = $('confirm-no').onclick = null; try { $('canvas').focus(); } catch (e) { /* detached */ } resolve(v); };
      $('confirm-yes').onclick = () => done(true);
      $('confirm-no').onclick = () => done(false);
      $('confirm-no').focus();
    });
  }
  function readText(file) {
    if (file.text) return file.text();
    return new Promise((res, rej) => { const r = new FileReader(); r.onload = () => res(r.result); r.onerror = () => rej(r.error); r.readAsText(file, 'utf-8'); });
  }

  // loadData(x): a shipped data set name, a URL of a UTF-8 text file, or the text itself
  // ({text, name} or {url} make it explicit).
  function loadData(x, name) {
    return serial(async () => {
      await whenRuntime();
      let text, label;
      if (x && typeof x === 'object' && typeof x.text === 'string') { text = x.text; label = x.name || 'user'; }
      else if (x && typeof x === 'object' && x.url) { text = await fetchText(x.url); label = x.name || baseName(x.url); }
      else if (typeof x === 'string') {
        const d = catalog.data.find((e) => e.name === x);
        if (d) { text = await dataText(d); label = d.name; }
        else if (/^[\w-]+$/.test(x) && !name)
          throw new Error(T(`unknown data set '${x}' (shipped: ${catalog.data.map((e) => e.name).join(', ')}; to train on a text give {text: ...})`,
            `jeu de données inconnu « ${x} » (fournis : ${catalog.data.map((e) => e.name).join(', ')} ; pour un texte, donnez {text: ...})`));
        else if (/\n/.test(x) || x.length > 300 || !/^(https?:|\.{0,2}\/|[\w.-]+\/)|\.txt$/i.test(x)) { text = x; label = name || 'user'; }
        else { text = await fetchText(x); label = name || baseName(x); }
      } else throw new Error('loadData(x): give a data set name, a URL or a text');
      const err = setDataText(label, text);
      if (err) throw new Error(err);
      current.data = label;
      announce(T(`Training data: ${quote(label)}.`, `Données d’entraînement : ${quote(label)}.`));
      return state();
    }).catch(bannerAndThrow);
  }
  const baseName = (u) => String(u).split(/[/?#]/).filter(Boolean).pop() || 'data';

  // ---- generation: one token per call, a few ms at a time so the interface keeps drawing
  function generate(prompt, n, opts) {
    opts = opts || {};
    n = n === undefined ? 100 : Math.floor(Number(n));
    if (!(n >= 0) || n > 100000) return Promise.reject(new Error('generate(prompt, n): n must be in 0..100000'));
    return serial(async () => {
      await whenRuntime();
      const temperature = opts.temperature !== undefined ? userNumber(opts.temperature) : 0.8;
      // the rules (prompt, temperature, top-k, seed, n) are the app's: cmd_gen_begin (src/app/commands.h)
      const err = withHeapString(String(prompt || ''), (p) => cstr('ga_js_gen_begin', ['number', 'number', 'number', 'number', 'number'],
        [p, temperature, Number(opts.topK || opts.top_k || 0), opts.seed !== undefined ? Number(opts.seed) : -1, n]));
      if (err) throw new Error(err);
      let made = 0;
      try {
        while (made < n) {
          const t0 = performance.now();
          while (made < n && performance.now() - t0 < 12) {
            const why = cstr('ga_js_gen_next', [], []);
            if (why) throw new Error(why);
            made++;
          }
          if (made < n) await new Promise((r) => setTimeout(r, 0));
        }
        return cstr('ga_js_gen_text', [], []);
      } finally { M.ccall('ga_js_gen_end', null, [], []); }
    });
  }

  // ---- settings
  const VIEWS = { W: 0, w: 0, weight: 0, weights: 0, grad: 1, gradient: 1, update: 2, delta: 2, adam_m: 3, m: 3, adam_v: 4, v: 4, example_grad: 5 };
  function select(name) {
    return whenRuntime().then(() => {
      const err = cstr('ga_js_select', ['string'], [String(name || '')]);
      if (err) throw new Error(err);
      return state();
    });
  }
  function setView(v) {
    return whenRuntime().then(() => {
      if (!(String(v) in VIEWS)) throw new Error(`setView(v): v is one of W, grad, example_grad, update, adam_m, adam_v (got ${quote(v)})`);
      const err = cstr('ga_js_set_view', ['number'], [VIEWS[String(v)]]);
      if (err) throw new Error(err);
      return state();
    });
  }
  function setLang(l) {
    return whenRuntime().then(() => {
      if (l !== 'fr' && l !== 'en') throw new Error(`setLang(l): l is fr or en (got ${quote(l)})`);
      lang = l;
      doc.documentElement.lang = l;
      cstr('ga_js_set_lang', ['string'], [l]);
      pageTexts();
      updateTextAlternative(true);
      return state();
    });
  }
  function setLr(x) {
    return whenRuntime().then(() => {
      const err = cstr('ga_js_set_lr', ['number'], [userNumber(x)]);
      if (err) throw new Error(err);
      return state();
    });
  }
  function setOptimizer(o) {
    return whenRuntime().then(() => {
      const err = cstr('ga_js_set_optimizer', ['string'], [String(o)]);
      if (err) throw new Error(err);
      return state();
    });
  }
  // set(name, value): any training setting, checked by the core's one rule (src/core/hparams.h):
  // lr, beta1, beta2, eps, weight-decay, grad-clip, warmup, total-steps, min-lr-ratio, batch,
  // context, eval-every, seed; also budget (ms of training per frame).
  function set(name, value) {
    return whenRuntime().then(() => {
      const n = String(name);
      const v = userNumber(value);
      const err = n === 'budget' ? cstr('ga_js_set_train_budget', ['number'], [v])
        : cstr('ga_js_set', ['string', 'number'], [n, v]);
      if (err) throw new Error(err);
      return state();
    });
  }
  // The seeded, reproducible demo of the Training panel.
  function demo() {
    return serial(async () => {
      await whenRuntime();
      await whenData();
      pace.active = false;
      const err = cstr('ga_js_demo', [], []);
      if (err) throw new Error(err);
      return state();
    });
  }
  function setPanels(list) {
    return whenRuntime().then(() => {
      const err = cstr('ga_js_show_panels', ['string'], [Array.isArray(list) ? list.join(',') : String(list)]);
      if (err) throw new Error(err);
      return state();
    });
  }
  // reset('random' [, seed]) or reset('pretrained'): the page's default model (or ?model=) again.
  function reset(kind, seed) {
    kind = kind || 'pretrained';
    if (kind === 'random') {
      return serial(async () => {
        await whenRuntime();
        pace.active = false;
        const err = cstr('ga_js_reset_random', ['number'], [seed !== undefined ? Number(seed) : -1]);
        if (err) throw new Error(err);
        announce(T('Random weights.', 'Poids aléatoires.'));
        return state();
      });
    }
    if (kind !== 'pretrained') return Promise.reject(new Error(`reset(kind): kind is random or pretrained (got ${quote(kind)})`));
    const m = current.pretrained || param('model') || catalog.defaultModel;
    if (!m || m === 'random') {
      // no pretrained model shipped (or ?model=random): a fresh start on the current data set
      return serial(async () => {
        await whenRuntime();
        const known = (n) => n && catalog.data.some((e) => e.name === n);
        await newRandomModel(known(current.data) ? current.data : (known(param('data')) ? param('data') : undefined),
          param('seed') !== null ? Number(param('seed')) : -1);
        return state();
      });
    }
    return load(m, { data: param('data') || undefined });
  }
  // The current weights as safetensors bytes (Uint8Array).
  function weights() {
    return whenRuntime().then(() => {
      const n = M.ccall('ga_js_save', 'number', [], []);
      try {
        const ptr = M.ccall('ga_js_saved_ptr', 'number', [], []);
        return heapU8().slice(ptr, ptr + n);
      } finally { M.ccall('ga_js_saved_free', null, [], []); }
    });
  }
  function downloadWeights(fileName) {
    return weights().then((bytes) => {
      const s = state();
      const name = fileName || `${String(s.model.name || 'model').replace(/\.safetensors$/i, '').replace(/[^\w.-]+/g, '_')}-step${s.step}.safetensors`;
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      const a = doc.createElement('a');
      a.href = url;
      a.download = name;
      a.style.display = 'none';
      doc.body.appendChild(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 10000);
      return { name, bytes: bytes.length };
    });
  }
  function hash() { return whenRuntime().then(() => cstr('ga_js_params_hash', [], [])); }

  // ---------------------------------------------------------------- one example, one weight
  // (src/platform/js_teach.cpp; the Teach panel calls the same commands). A refused command
  // rejects with the one-line reason and changes nothing.
  function teachCall(fn, types, args) {
    const r = JSON.parse(cstr(fn, types, args));
    if (r && !Array.isArray(r) && typeof r.error === 'string') throw new Error(r.error);
    return r;
  }
  const isInt = (x) => typeof x === 'number' && Number.isInteger(x);
  // teach({context, target, lr[, apply=true, top=10]}) → {p_before, p_after, loss_before, loss_after, top, side_effects}
  function teach(ex) {
    return serial(async () => {
      await whenRuntime();
      if (!ex || typeof ex !== 'object') throw new Error('teach({context, target, lr}): give an object');
      await whenData();   // the validation text measures the side effects
      if (typeof ex.context !== 'string' || typeof ex.target !== 'string') throw new Error('teach: context and target must be strings');
      const lr = ex.lr === undefined ? 0.1 : userNumber(ex.lr);
      if (!Number.isFinite(lr) || !(lr > 0)) throw new Error(`teach: lr must be a finite number > 0 (got ${quote(String(ex.lr))})`);
      const top = ex.top === undefined ? 10 : Number(ex.top);
      if (!isInt(top) || top < 1 || top > 1000) throw new Error('teach: top must be a whole number in 1..1000');
      return teachCall('ga_js_teach', ['string', 'string', 'number', 'number', 'number'],
        [ex.context, ex.target, lr, ex.apply === false ? 0 : 1, top]);
    });
  }
  // predict(context, k) → [{token, id, p}], the k most likely next tokens
  function predict(context, k) {
    return whenRuntime().then(() => {
      if (typeof context !== 'string') throw new Error('predict(context, k): context must be a string');
      k = k === undefined ? 5 : Number(k);
      if (!isInt(k) || k < 1) throw new Error('predict(context, k): k must be a whole number >= 1');
      return teachCall('ga_js_predict', ['string', 'number'], [context, k]);
    });
  }
  // setWeight(tensor, [row, col] | [i], value) → {before, after, val_loss}
  function setWeight(tensor, index, value) {
    return serial(async () => {
      await whenRuntime();
      if (typeof tensor !== 'string') throw new Error('setWeight(tensor, index, value): tensor must be a name such as "h.0.attn.c_attn.weight"');
      if (isInt(index)) index = [index];
      if (!Array.isArray(index) || index.length < 1 || index.length > 2 || !index.every(isInt))
        throw new Error('setWeight: index must be [row, col] or [i] (whole numbers)');
      const v = typeof value === 'number' ? value : NaN;
      if (!Number.isFinite(v)) throw new Error(`setWeight: value must be a finite number (got ${quote(String(value))})`);
      await whenData();   // the validation loss after the edit
      return teachCall('ga_js_set_weight', ['string', 'string', 'number'], [tensor, JSON.stringify(index), v]);
    });
  }
  // ablate({layer, head} | {layer, neuron} [, on=true]) → {val_loss_before, val_loss_after}
  function ablate(what) {
    return serial(async () => {
      await whenRuntime();
      if (!what || typeof what !== 'object' || !isInt(what.layer)) throw new Error('ablate({layer, head} | {layer, neuron}): layer must be a whole number');
      const hasHead = what.head !== undefined, hasNeuron = what.neuron !== undefined;
      if (hasHead === hasNeuron) throw new Error('ablate: give either head or neuron');
      const idx = hasHead ? what.head : what.neuron;
      if (!isInt(idx) || idx < 0) throw new Error(`ablate: ${hasHead ? 'head' : 'neuron'} must be a whole number >= 0`);
      await whenData();   // the validation loss before and after
      return teachCall('ga_js_ablate', ['number', 'number', 'number', 'number'],
        [what.layer, hasHead ? idx : -1, hasNeuron ? idx : -1, what.on === false ? 0 : 1]);
    });
  }
  // undo(): the weights and knock-outs before the last teach / setWeight / ablate
  function undo() { return serial(async () => { await whenRuntime(); return teachCall('ga_js_undo', [], []); }); }
  // restore(): the weights before the first edit, every knock-out removed
  function restore() { return serial(async () => { await whenRuntime(); return teachCall('ga_js_restore', [], []); }); }
  // The interface's windows in CSS pixels (last frame): [{id, title, x, y, w, h, collapsed}].
  function windows() { return runtimeUp ? JSON.parse(cstr('ga_js_windows', [], [])) : []; }
  // The Teach panel's buttons in the last frame, CSS pixels: [{id, x, y, w, h}] (tests click them).
  function teachUi() { return runtimeUp ? JSON.parse(cstr('ga_js_teach_ui', [], [])) : []; }

  // ---------------------------------------------------------------- text entry (phone keyboards)
  // A phone opens its keyboard only for a focused editable element, and the canvas is not one.
  // While an ImGui text field is active, the C++ side says so every time it changes
  // (Module.anatomyTextInput, src/platform/text_input.cpp) and this hidden textarea, placed at the
  // field's caret, takes the focus. What is typed into it goes to ImGui: characters (typed,
  // pasted, dictated, composed by an IME) through ga_js_text_chars; editing keys as SDL key
  // events through ga_js_text_key. When the field is left, the focus goes back to the canvas
  // (keys for the shortcuts). The textarea always holds two zero-width spaces so that a phone's
  // Backspace, which often sends no key code (229) but a "deleteContentBackward" input, has
  // something to delete.
  const textProxy = { el: null, on: false, composing: false, x: -1, y: -1, h: -1 };
  const PROXY_FILL = '\u200b\u200b';
  // SDL scancodes (USB HID usage ids) of the keys a text field needs from a keyboard.
  const PROXY_KEYS = { Backspace: 42, Delete: 76, Enter: 40, Tab: 43, Escape: 41, ArrowRight: 79, ArrowLeft: 80,
    ArrowDown: 81, ArrowUp: 82, Home: 74, End: 77, PageUp: 75, PageDown: 78 };
  const modalOpen = () => ['paste', 'confirm'].some((id) => { const e = $(id); return e && e.style.display === 'flex'; });
  function focusCanvas() {
    const c = $('canvas');
    if (!c) return;
    try { c.focus({ preventScroll: true }); } catch (e) { c.focus(); }
  }
  function focusProxy() {
    const el = textProxy.el;
    if (!el || doc.activeElement === el || modalOpen()) return;
    try { el.focus({ preventScroll: true }); } catch (e) { el.focus(); }
    resetProxy();
  }
  function resetProxy() {
    const el = textProxy.el;
    el.value = PROXY_FILL;
    try { el.setSelectionRange(PROXY_FILL.length, PROXY_FILL.length); } catch (e) { /* not focused */ }
  }
  function proxyKey(code, e) {
    if (!runtimeUp) return;
    const mods = (e && e.shiftKey ? 0x0001 : 0) | (e && (e.ctrlKey || e.metaKey) ? 0x0040 : 0) | (e && e.altKey ? 0x0100 : 0);
    M.ccall('ga_js_text_key', null, ['number', 'number', 'number'], [code, 1, mods]);
    // ImGui 1.86 reads keys as held-down state once a frame: a press released before the next
    // frame would be lost, so the release waits for two animation frames.
    requestAnimationFrame(() => requestAnimationFrame(() => M.ccall('ga_js_text_key', null, ['number', 'number', 'number'], [code, 0, 0])));
  }
  function flushProxy() {
    const el = textProxy.el;
    const text = el.value.split('\u200b').join('');
    if (text && runtimeUp) M.ccall('ga_js_text_chars', null, ['string'], [text]);
    resetProxy();
  }
  // Called by the C++ side (text_input.cpp) when a field becomes active or is left, or its caret moves.
  function textInputChanged(on, x, y, h) {
    const el = textProxy.el;
    if (!el) return;
    if (on) {
      if (x !== textProxy.x || y !== textProxy.y || h !== textProxy.h) {
        textProxy.x = x; textProxy.y = y; textProxy.h = h;
        el.style.left = Math.max(0, x) + 'px';
        el.style.top = Math.max(0, y) + 'px';
      }
      textProxy.on = true;
      focusProxy();
    } else {
      const was = textProxy.on;
      textProxy.on = false;
      if (was && doc.activeElement === el) focusCanvas();
    }
  }
  function setupTextProxy() {
    const el = doc.createElement('textarea');
    el.id = 'text-proxy';
    el.setAttribute('aria-hidden', 'true');
    el.setAttribute('tabindex', '-1');
    el.setAttribute('autocomplete', 'off');
    el.setAttribute('autocapitalize', 'off');
    el.setAttribute('spellcheck', 'false');
    el.setAttribute('autocorrect', 'off');
    doc.body.appendChild(el);
    textProxy.el = el;
    el.addEventListener('keydown', (e) => {
      if (e.isComposing || e.keyCode === 229) return;
      let code = PROXY_KEYS[e.key];
      if (code === undefined && e.key === 'NumpadEnter') code = 40;
      // Ctrl/Cmd + a letter: select all, copy, cut, undo, redo (Ctrl+V comes as a paste, below)
      if (code === undefined && (e.ctrlKey || e.metaKey) && /^[a-z]$/i.test(e.key) && e.key.toLowerCase() !== 'v')
        code = 4 + e.key.toLowerCase().charCodeAt(0) - 97;
      if (code === undefined) return;   // a character: it arrives as an input event
      e.preventDefault();
      proxyKey(code, e);
    });
    el.addEventListener('compositionstart', () => { textProxy.composing = true; });
    el.addEventListener('compositionend', () => { textProxy.composing = false; flushProxy(); });
    el.addEventListener('input', (e) => {
      if (textProxy.composing || e.isComposing) return;
      const type = e.inputType || '';
      if (/^delete.*Backward/.test(type) || (!type && el.value.length < PROXY_FILL.length)) { resetProxy(); proxyKey(42); return; }
      if (/^delete/.test(type)) { resetProxy(); proxyKey(76); return; }
      if (type === 'insertLineBreak' || type === 'insertParagraph') { resetProxy(); proxyKey(40); return; }
      flushProxy();
    });
    // A press on the canvas may take the focus from the proxy while the field stays active (a tap
    // that moves the caret): give it back once ImGui has seen the press, unless the field was
    // left or another editable element (the paste box) took it.
    el.addEventListener('blur', () => {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const a = doc.activeElement;
        const other = a && a !== el && a !== $('canvas') && a !== doc.body && /^(INPUT|TEXTAREA|BUTTON|SELECT)$/.test(a.tagName);
        if (textProxy.on && !other) focusProxy();
      }));
    });
    const c = $('canvas');
    // iOS opens the keyboard only for a focus given inside a user gesture: a finger lifted on a
    // field ImGui has already activated (the press was a frame ago) focuses the proxy right here.
    c.addEventListener('touchend', () => { if (runtimeUp && M.ccall('ga_js_text_wanted', 'number', [], [])) focusProxy(); }, { passive: true });
    // A click or tap gives the view the keyboard focus, in embeds and iframes too (SDL's own
    // handlers cancel the browser's default focus change): Space, R and the fields then work.
    c.addEventListener('pointerdown', () => { if (!textProxy.on) focusCanvas(); }, { passive: true });
    c.addEventListener('mousedown', () => { if (!textProxy.on) focusCanvas(); }, { passive: true });
  }

  // ---------------------------------------------------------------- file picker, drag and drop
  function pickFile(accept) {
    return new Promise((resolve) => {
      const input = $('file-input');
      input.accept = accept || '.safetensors,.txt,text/plain';
      input.value = '';
      input.onchange = () => resolve(input.files && input.files[0] ? input.files[0] : null);
      input.click();
    });
  }
  function isText(file) { return /\.(txt|text|md|csv)$/i.test(file.name) || /^text\//.test(file.type); }
  async function openFileObject(file) {
    try {
      if (isText(file)) await loadDataOrNewModel({ text: await readText(file), name: file.name });
      else await load(file);
    } catch (e) { showAppError(e.message); }
  }
  function showAppError(msg, fr) {
    if (runtimeUp) M.ccall('ga_js_show_error', null, ['string', 'string'], [String(msg), fr ? String(fr) : '']);
    announce(String(msg));
  }
  function pasteText() {
    const box = $('paste');
    box.style.display = 'flex';
    $('paste-title').textContent = T('Paste a text to train on', 'Collez un texte pour l’entraînement');
    $('paste-ok').textContent = T('Train on this text', 'Entraîner sur ce texte');
    $('paste-cancel').textContent = T('Cancel', 'Annuler');
    $('paste-text').focus();
  }
  function setupPaste() {
    $('paste-cancel').onclick = () => { $('paste').style.display = 'none'; $('canvas').focus(); };
    $('paste-ok').onclick = () => {
      const text = $('paste-text').value;
      $('paste').style.display = 'none';
      $('canvas').focus();
      loadDataOrNewModel({ text, name: 'user' }).catch((e) => showAppError(e.message));
    };
  }
  function setupDrop() {
    const over = $('drop');
    let depth = 0;
    const hasFiles = (e) => e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types || [], 'Files') >= 0;
    window.addEventListener('dragenter', (e) => { if (!hasFiles(e)) return; depth++; over.style.display = 'flex'; e.preventDefault(); });
    window.addEventListener('dragover', (e) => { if (!hasFiles(e)) return; e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
    window.addEventListener('dragleave', () => { depth = Math.max(0, depth - 1); if (!depth) over.style.display = 'none'; });
    window.addEventListener('drop', (e) => {
      depth = 0; over.style.display = 'none';
      if (!hasFiles(e)) return;
      e.preventDefault();
      const f = e.dataTransfer.files[0];
      if (f) openFileObject(f);
    });
  }
  // Actions the C++ menu calls (src/platform/web_assets.h, web_request()).
  const anatomyUi = {
    openFile() { pickFile().then((f) => { if (f) openFileObject(f); }); },
    downloadWeights() { downloadWeights().catch((e) => showAppError(e.message)); },
    resetPretrained() { reset('pretrained').catch((e) => showAppError(e.message)); },
    resetRandom(seed) { reset('random', seed === '' || seed === undefined ? undefined : Number(seed)).catch((e) => showAppError(e.message)); },
    loadModel(name) { load(name).catch((e) => showAppError(e.message)); },
    loadData(name) { loadDataOrNewModel(name).catch((e) => showAppError(e.message)); },
    fetchData(name) { fetchDeferredData(name).catch(() => { /* in the app's banner already (ga_js_data_failed) */ }); },
    fetchMoments(model) { fetchMoments(model); },
    pasteText() { pasteText(); },
  };

  // ---------------------------------------------------------------- text alternative (a11y)
  let lastDesc = '', lastAnnounce = '';
  function fmtNum(x, d) { return x === null || x === undefined ? '—' : Number(x).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-US', { maximumFractionDigits: d, minimumFractionDigits: d }); }
  function describe(s) {
    if (!s.model) return T('GPT Anatomy is loading.', 'GPT Anatomy se charge.');
    const m = s.model;
    const viewName = { W: T('weights', 'poids'), grad: T('gradients', 'gradients'), update: T('last update', 'dernière mise à jour'), adam_m: 'Adam m', adam_v: 'Adam v' }[s.view] || s.view;
    let t = T(`GPT Anatomy: a GPT-2 model ${quote(m.name)} with ${m.n_layer} layers, ${m.n_head} attention heads, width ${m.n_embd}, context ${m.n_ctx}, vocabulary ${m.vocab_size}, ${fmtNum(m.params, 0)} parameters. `,
      `GPT Anatomy : un modèle GPT-2 ${quote(m.name)} à ${m.n_layer} couches, ${m.n_head} têtes d’attention, largeur ${m.n_embd}, contexte ${m.n_ctx}, vocabulaire ${m.vocab_size}, ${fmtNum(m.params, 0)} paramètres. `);
    t += T(`Step ${s.step}`, `Pas ${s.step}`) + (s.loss !== null ? T(`, training loss ${fmtNum(s.loss, 3)}`, `, perte d’entraînement ${fmtNum(s.loss, 3)}`) : '') +
      (s.val_loss !== null && s.val_loss !== undefined ? T(`, validation loss ${fmtNum(s.val_loss, 3)}`, `, perte de validation ${fmtNum(s.val_loss, 3)}`) : '') +
      (s.running ? T(', training is running', ', l’entraînement est en cours') : T(', training is paused', ', l’entraînement est en pause')) + '. ';
    t += T(`Optimizer ${s.optimizer}, learning rate ${s.lr}. `, `Optimiseur ${s.optimizer}, taux d’apprentissage ${fmtNum(s.lr, 4)}. `);
    if (s.data) t += T(`Training data: ${quote(s.data)}. `, `Données d’entraînement : ${quote(s.data)}. `);
    if (s.tensor) t += T(`Selected tensor: ${quote(s.tensor)} (${(s.tensor_shape || []).join(' × ')}), showing its ${viewName}. `,
      `Tenseur sélectionné : ${quote(s.tensor)} (${(s.tensor_shape || []).join(' × ')}), affichage : ${viewName}. `);
    if (s.error) t += T('Message: ', 'Message : ') + s.error;
    return t;
  }
  function updateTextAlternative(force) {
    if (!runtimeUp) return;
    const d = describe(state());
    if (d !== lastDesc || force) { lastDesc = d; $('a11y-desc').textContent = d; }
  }
  // Short announcements (model loaded, running, errors), not every step: screen readers read
  // every change of a live region.
  function announce(text) {
    if (text === lastAnnounce) text += '\u00a0';
    lastAnnounce = text;
    const live = $('a11y-live');
    if (live) live.textContent = text;
  }

  // ---------------------------------------------------------------- frame loop of the page
  let isReady = false, lastDescAt = 0, lastEventAt = 0, lastEventStep = -1, lastRunning = false, lastError = null;
  // One requestAnimationFrame loop (the app's own main loop is rAF-driven too), and a slow timer
  // for hidden tabs where rAF stops: step promises must still settle there.
  let loopStarted = false, lastTickAt = 0;
  function pollSoon() {
    if (loopStarted) return;
    loopStarted = true;
    const frame = (now) => { tick(now); requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    setInterval(() => { const now = performance.now(); if (now - lastTickAt > 900) tick(now); }, 1000);
  }
  function tick(now) {
    lastTickAt = now;
    if (!runtimeUp) return;
    paceTick(now);
    const s = state();
    resolveWaiters(s);
    if (now - lastDescAt > 330) { lastDescAt = now; updateTextAlternative(false); }
    if (s.running !== lastRunning) {
      lastRunning = s.running;
      announce(s.running ? T('Training started.', 'Entraînement lancé.') : T(`Training paused at step ${s.step}.`, `Entraînement en pause au pas ${s.step}.`));
    }
    if (s.error && s.error !== lastError) announce(s.error);
    lastError = s.error;
    if (isReady && s.step !== lastEventStep && (now - lastEventAt > 250 || !s.running)) {
      lastEventStep = s.step; lastEventAt = now;
      emit('step', { step: s.step, loss: s.loss, running: s.running });
    }
  }

  // ---------------------------------------------------------------- postMessage (iframes)
  // Allowed senders: this page's own origin, plus ?origins=a,b (exact origins) or ?origins=*
  // (any page, only when asked for explicitly).
  // The list is read once the app runs (its checked ?origins=): messages wait for the runtime.
  const allowed = new Set();
  const selfOrigin = location.origin && location.origin !== 'null' ? location.origin : null;
  if (selfOrigin) allowed.add(selfOrigin);
  function readOrigins() {
    for (const o of String(param('origins') || '').split(',').map((x) => x.trim()).filter(Boolean)) allowed.add(o === '*' ? '*' : o.replace(/\/+$/, ''));
  }
  function originAllowed(o) {
    if (allowed.has('*')) return true;
    if (o === 'null') return location.protocol === 'file:' && allowed.has('null');   // file:// pages only when listed
    return allowed.has(o);
  }
  const COMMANDS = {
    ready: () => ready.then(() => state()),
    state: () => state(),
    step: (n) => step(n),
    set: (name, value) => set(name, value),
    demo: () => demo(),
    run: (speed) => run(speed),
    pause: () => pause(),
    load: (src, opts) => load(src, opts),
    loadData: (x, name) => loadData(x, name),
    generate: (prompt, n, opts) => generate(prompt, n, opts),
    select: (name) => select(name),
    setView: (v) => setView(v),
    setLang: (l) => setLang(l),
    setLr: (x) => setLr(x),
    setOptimizer: (o) => setOptimizer(o),
    setPanels: (list) => setPanels(list),
    reset: (kind, seed) => reset(kind, seed),
    hash: () => hash(),
    windows: () => windows(),
    weights: () => weights(),
    downloadWeights: (name) => downloadWeights(name),
    teach: (ex) => teach(ex),
    predict: (context, k) => predict(context, k),
    setWeight: (tensor, index, value) => setWeight(tensor, index, value),
    ablate: (what) => ablate(what),
    undo: () => undo(),
    restore: () => restore(),
  };
  const parentOrigins = new Set();   // where events go: senders we accepted, and listed origins
  // {cmd, args} as the JSON the app checks (src/app/page_request.h): bytes and files become
  // {$bytes: n} / {$file, size} (their contents are checked by load itself).
  function messageJson(m) {
    return JSON.stringify({ cmd: m.cmd, args: m.args === undefined ? [] : m.args }, (k, v) => {
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return { $bytes: v.byteLength };
      if (typeof Blob !== 'undefined' && v instanceof Blob) return { $file: String(v.name || ''), size: v.size };
      return v;
    });
  }
  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || typeof m !== 'object' || m.type !== 'anatomy') return;
    // the allowed origins and the checks are the app's: wait for it (messages keep their order)
    runtime.then(() => onMessage(e, m), () => {});
  });
  function onMessage(e, m) {
    if (!originAllowed(e.origin)) {
      console.warn(`GPT Anatomy: command from ${quote(e.origin)} ignored (allowed: ${Array.from(allowed).join(', ') || 'none'}; add ?origins=${quote(e.origin)})`);
      return;
    }
    const target = e.origin === 'null' ? '*' : e.origin;
    if (e.source === window.parent && window.parent !== window) parentOrigins.add(target);
    const reply = (ok, v) => { if (e.source) e.source.postMessage(ok ? { type: 'anatomy-reply', id: m.id, ok: true, result: v } : { type: 'anatomy-reply', id: m.id, ok: false, error: v }, target); };
    let refusal;
    try { refusal = withHeapString(messageJson(m), (p) => cstr('ga_js_check_message', ['number'], [p])); } catch (err) {
      refusal = T(`Message refused: its arguments cannot be read (${err.message || err}).`, `Message refusé : ses arguments sont illisibles (${err.message || err}).`);
    }
    if (refusal) { reply(false, refusal); return; }
    const fn = COMMANDS[m.cmd];
    let p;
    try { p = Promise.resolve(fn.apply(null, Array.isArray(m.args) ? m.args : (m.args === undefined ? [] : [m.args]))); } catch (err) { p = Promise.reject(err); }
    p.then((v) => reply(true, v), (err) => reply(false, String(err && err.message ? err.message : err)));
  }
  // The app's list of message commands and this dispatch table must be the same.
  function checkCommandTable() {
    const theirs = cstr('ga_js_message_commands', [], []).split(' ').sort().join(' ');
    const ours = Object.keys(COMMANDS).sort().join(' ');
    if (theirs !== ours) console.error(`GPT Anatomy: postMessage commands differ: app [${theirs}], page [${ours}]`);
  }
  // Events go to the parent's own origin only, and only when it is allowed: learned from its first
  // accepted message, else from the browser (ancestorOrigins, else the referrer). Posting to every
  // allowed origin made the browser log "target origin does not match" several times a second.
  function parentOrigin() {
    if (parentOrigins.size) return Array.from(parentOrigins)[0];
    let o = null;
    try { if (location.ancestorOrigins && location.ancestorOrigins.length) o = location.ancestorOrigins[0]; } catch (e) { /* none */ }
    if (!o && document.referrer) { try { o = new URL(document.referrer).origin; } catch (e) { /* none */ } }
    if (o && o !== 'null' && originAllowed(o)) return o;
    return null;
  }
  function emit(event, data) {
    if (window.parent === window) return;
    const target = parentOrigin();
    if (!target) return;
    const msg = Object.assign({ type: 'anatomy-event', event }, data || {});
    try { window.parent.postMessage(msg, target); } catch (e) { /* bad origin string */ }
  }

  // ---------------------------------------------------------------- start-up
  const current = { model: null, data: null, pretrained: null };
  async function boot() {
    await runtime;
    // the kernels' threads: one per core, as many as the build's pool has (the core clamps)
    M.ccall('ga_js_set_threads', 'number', ['number', 'number'], [threaded ? (navigator.hardwareConcurrency || 1) : 1, threadsNote]);
    cstr('ga_js_set_lang', ['string'], [lang]);
    const urlProblems = readPageQuery();
    readOrigins();
    checkCommandTable();
    M.ccall('ga_js_set_embed', null, ['number', 'string'], [embed ? 1 : 0, param('panel') || '']);
    if (param('panel')) {
      // embed: only the chosen panel(s); otherwise the usual panels plus the chosen one
      const list = embed ? param('panel') : 'params,model_map,heatmap,bias,training,' + param('panel');
      const err = cstr('ga_js_show_panels', ['string'], [list]);
      if (err) showAppError(err);
    }
    if (flag('lecture')) M.ccall('ga_js_set_lecture', null, ['number'], [1]);
    setLoading(T('Loading the model…', 'Chargement du modèle…'), 0.97);
    await readCatalog();
    mark('catalog');
    const problems = [];
    if (param('seed') !== null) { const err = cstr('ga_js_set_seed', ['number'], [Number(param('seed'))]); if (err) problems.push(err); }
    const wantModel = param('model') || catalog.defaultModel;
    if (wantModel && wantModel !== 'random') {
      // the model's data set is named but fetched only when first needed (?data= loads one now)
      try { await load(wantModel, { data: param('data') || undefined, deferData: !param('data') }); } catch (e) { problems.push(e.message); }
    } else {
      // ?model=random, or no shipped model: random weights on a data set (?data= or the first)
      try { await newRandomModel(param('data'), param('seed') !== null ? Number(param('seed')) : -1); } catch (e) { problems.push(e.message); }
    }
    // the app's placeholder model when none could be had (it is made only then: ~25 ms less start-up)
    M.ccall('ga_js_placeholder_model', null, [], []);
    if (param('data') && wantModel && wantModel !== 'random' && current.data !== param('data')) {
      try { await loadData(param('data')); } catch (e) { problems.push(e.message); }
    }
    if (param('seed') !== null) { const err = cstr('ga_js_set_seed', ['number'], [Number(param('seed'))]); if (err) problems.push(err); }
    if (param('optimizer')) { try { await setOptimizer(param('optimizer')); } catch (e) { problems.push(e.message); } }
    if (param('lr')) { try { await setLr(param('lr')); } catch (e) { problems.push(e.message); } }
    for (const k of ['batch', 'context', 'budget']) {
      if (param(k) !== null) { try { await set(k, param(k)); } catch (e) { problems.push(e.message); } }
    }
    if (param('tensor')) { try { await select(param('tensor')); } catch (e) { problems.push(e.message); } }
    if (param('view')) { try { await setView(param('view')); } catch (e) { problems.push(e.message); } }
    if (problems.length || urlProblems.length) {
      showAppError(urlProblems.map((p) => p.en).concat(problems).join(' — '), urlProblems.map((p) => p.fr).concat(problems).join(' — '));
    }
    mark('model-and-data');
    const frameBefore = framesSeen > 0;
    resumeLoop();
    await firstFrame;
    // When the first frame was drawn before the model and its data were in, wait for the next
    // one, so what is on screen shows the loaded model: a requestAnimationFrame callback asked
    // for now runs after the app's own (its main loop asked first), i.e. once it has drawn.
    if (frameBefore) await new Promise((r) => requestAnimationFrame(r));
    hideLoading();
    pageTexts();
    isReady = true;
    mark('ready');
    if (!embed) { try { $('canvas').focus({ preventScroll: true }); } catch (e) { $('canvas').focus(); } }
    updateTextAlternative(true);
    pollSoon();
    if (flag('autoplay')) { try { await run(); } catch (e) { showAppError(e.message); } }
    resolveReady(anatomy);
    emit('ready', { state: state() });
  }

  const anatomy = {
    ready, step, state, load, generate,
    run, pause, select, setView, setLang, setLr, setOptimizer, set, demo, setPanels, loadData, reset,
    downloadWeights, weights, hash, windows,
    teach, predict, setWeight, ablate, undo, restore, teachUi,
    version: 1,
  };
  window.anatomy = anatomy;

  // Page texts in the current language (SDL also sets document.title when it opens its window).
  function pageTexts() {
    $('canvas').setAttribute('aria-label', T('GPT Anatomy: interactive view of a GPT model (description below)', 'GPT Anatomy : vue interactive d’un modèle GPT (description ci-dessous)'));
    doc.title = embed ? T('GPT Anatomy (embedded view)', 'GPT Anatomy (vue intégrée)')
      : T('GPT Anatomy — see and train the parameters of a GPT', 'GPT Anatomy — voir et entraîner les paramètres d’un GPT');
    const dt = $('drop-text');
    if (dt) dt.textContent = T('Drop a .safetensors checkpoint (weights) or a .txt file (training text)',
      'Déposez un point de contrôle .safetensors (poids) ou un fichier .txt (texte d’entraînement)');
  }
  function start() {
    mark('start');
    pageTexts();
    setupDrop();
    setupPaste();
    setupTextProxy();
    setupIsolationWorker();
    const problem = checkFeatures();
    if (problem) { fail(problem[0], problem[1]); rejectReady(new Error(problem[0])); return; }
    setLoading(T('Downloading GPT Anatomy…', 'Téléchargement de GPT Anatomy…'), 0.02);
    M = window.Module = makeModule();
    M.anatomyUi = anatomyUi;
    M.anatomyTextInput = textInputChanged;
    loadAppScript();
    prefetchStartup();
    boot().catch((e) => {
      if (runtimeUp) { M.ccall('ga_js_placeholder_model', null, [], []); resumeLoop(); }
      if (!failed) fail(T('GPT Anatomy cannot start', 'GPT Anatomy ne peut pas démarrer'), String(e.message || e));
      rejectReady(e);
    });
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})();
