/**
 * Scripts run inside the kit page (as text: the repository's TypeScript settings have no DOM types).
 *
 * PROBE runs before the viewer (Playwright init scripts are not subject to the kit's CSP). It notes
 * when each WebCrypto call and each large JSON.parse starts and ends, when each main heading appears,
 * each large UTF-8 decode, when the form is submitted, and for the census heading: the first animation frame after it (the
 * census on screen) and the first task after that frame (the search index, built in the task the
 * viewer queues right after showing the census, is ready). Times are performance.now(), so
 * milliseconds since navigation started.
 */
export const PROBE = `(() => {
  const marks = { crypto: [], parse: [], decode: [], headings: [], submit: null, census: null };
  window.__bench = marks;
  for (const name of ['verify', 'deriveKey', 'deriveBits', 'decrypt', 'importKey']) {
    const original = SubtleCrypto.prototype[name];
    SubtleCrypto.prototype[name] = function (...args) {
      const start = performance.now();
      const algorithm = typeof args[0] === 'string' ? args[0] : args[0] && args[0].name;
      const data = args[args.length - 1];
      const bytes = data && typeof data.byteLength === 'number' ? data.byteLength : null;
      const pending = original.apply(this, args);
      const done = () => marks.crypto.push({ name, algorithm, start, end: performance.now(), bytes });
      pending.then(done, done);
      return pending;
    };
  }
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    if (typeof text !== 'string' || text.length < 100000) return parse.call(JSON, text, reviver);
    const start = performance.now();
    const value = parse.call(JSON, text, reviver);
    marks.parse.push({ start, end: performance.now(), chars: text.length });
    return value;
  };
  const decode = TextDecoder.prototype.decode;
  TextDecoder.prototype.decode = function (input, options) {
    if (!input || input.byteLength < 1000000) return decode.call(this, input, options);
    const start = performance.now();
    const text = decode.call(this, input, options);
    marks.decode.push({ start, end: performance.now(), bytes: input.byteLength });
    return text;
  };
  document.addEventListener('submit', () => { marks.submit = performance.now(); }, true);
  let last = null;
  new MutationObserver(() => {
    const heading = document.querySelector('main h1');
    const text = heading ? heading.textContent : null;
    if (text === null || text === last) return;
    last = text;
    const at = performance.now();
    marks.headings.push({ text, at });
    if (marks.submit !== null && marks.census === null && /^(Census |Units$)/.test(text)) {
      const census = { text, dom: at, frame: null, indexed: null };
      marks.census = census;
      requestAnimationFrame(() => {
        census.frame = performance.now();
      });
      setTimeout(() => {
        census.indexed = performance.now();
      }, 0);
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

/**
 * Runs each query the way typing does (the search box's input event; the viewer renders synchronously
 * in that handler), then times: the handler until the results are in the DOM, a forced layout of them,
 * and the next animation frame. Returns one row per query.
 */
export const SEARCH = `async (queries) => {
  const box = document.querySelector('#search');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const rows = [];
  for (const query of queries) {
    box.value = '';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    await frame();
    const start = performance.now();
    box.value = query;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    const dom = performance.now();
    const table = document.querySelector('main table.results');
    const shown = table ? table.querySelectorAll('tbody tr').length : 0;
    void (table ? table.offsetHeight : document.body.offsetHeight);
    const layout = performance.now();
    const painted = await frame();
    const count = document.querySelector('main .search-count');
    rows.push({ query, dom: dom - start, layout: layout - start, frame: painted - start, shown, status: count ? count.textContent : '' });
  }
  return rows;
}`;

/**
 * The site kit's gzip'd payload unpacked four ways in the page, to show what the unlock's gunzip and
 * decode cost and what a different reading would: (a) as the viewer does it (a reader loop over
 * DecompressionStream, one buffer, a fatal UTF-8 TextDecoder, JSON.parse); (b) the same with a
 * non-fatal decoder; (c) Response.text() over the stream, then JSON.parse; (d) Response.json().
 */
export const UNPACK = `async (base64) => {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  const stream = () => new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const time = async (work) => { const start = performance.now(); const value = await work(); return [performance.now() - start, value]; };
  const loop = async () => {
    const reader = stream().getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.byteLength; }
    return { out, chunks: chunks.length };
  };
  const results = {};
  const [gunzip, unpacked] = await time(loop);
  const [fatalDecode, text] = await time(() => new TextDecoder('utf-8', { fatal: true }).decode(unpacked.out));
  const [lenientDecode] = await time(() => new TextDecoder('utf-8').decode(unpacked.out));
  const [parse] = await time(() => JSON.parse(text));
  results.viewerWay = { gunzip, chunks: unpacked.chunks, decode: fatalDecode, parse };
  results.lenientDecode = lenientDecode;
  const [responseText, viaResponse] = await time(() => new Response(stream()).text());
  const [parseAgain] = await time(() => JSON.parse(viaResponse));
  results.responseText = { text: responseText, parse: parseAgain };
  const [responseJson] = await time(() => new Response(stream()).json());
  results.responseJson = responseJson;
  return results;
}`;
