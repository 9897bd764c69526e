// Prints bench/continuity/run.sh's results.jsonl as Markdown: the medians of the rounds against the
// targets of the continuity issue, then where the time goes.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const [resultsFile] = process.argv.slice(2);
const rows = readFileSync(resultsFile, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line));
const part = (name) => rows.filter((row) => row.part === name);
const inpatients = part('inpatients');
const staleness = part('staleness');

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const p95 = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
};
const med = (list, pick) => median(list.map(pick));
const s = (seconds) => (Number.isFinite(seconds) ? `${seconds.toFixed(seconds < 10 ? 2 : 1)} s` : '–');
const ms = (millis) => (Number.isFinite(millis) ? `${millis.toFixed(millis < 10 ? 1 : 0)} ms` : '–');
const mb = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;
const rss = (kb) => `${Math.round(kb / 1024)} MB`;
const n = (value) => Math.round(value).toLocaleString('en-US');
const verdict = (measured, target) =>
  `${(measured / target).toFixed(2)} of the target — ${measured <= target ? 'met' : 'missed'}`;

const lines = [];
const out = (text = '') => lines.push(text);
const rounds = Math.max(...rows.map((row) => row.round ?? 0));
out(
  `${new Date().toISOString().slice(0, 10)} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, SQLite; median of ${rounds} rounds`,
);
out();
out('| measurement | median | rounds (min–max) | target | median / target |');
out('|---|---:|---:|---:|---|');
/** One summary row: the median of `values` shown by `format`, their spread, and the target check. */
const row = (label, values, format, target) => {
  const finite = values.filter((v) => Number.isFinite(v));
  const middle = median(finite);
  const spread = finite.length > 1 ? `${format(Math.min(...finite))} – ${format(Math.max(...finite))}` : '–';
  const check = target === undefined ? '–' : verdict(middle, target.value);
  out(`| ${label} | ${format(middle)} | ${spread} | ${target?.text ?? '–'} | ${check} |`);
};
const within = (value, text) => ({ value, text });

if (inpatients.length > 0) {
  const first = inpatients[0];
  const unitNames = first.units.map((unit) => unit.unit);
  const secondsOf = (name) => inpatients.map((r) => r.units.find((unit) => unit.unit === name).seconds);
  const perUnit = unitNames.map((name) => ({
    name,
    patients: first.units.find((unit) => unit.unit === name).patients,
    seconds: median(secondsOf(name)),
  }));
  const slowest = [...perUnit].sort((a, b) => b.seconds - a.seconds)[0];
  const largest = perUnit.find((unit) => unit.name === first.largestUnit.unit);
  row(
    `600 beds: import + projection of ${n(first.import.patients)} inpatients (${n(first.import.resources)} resources), one-off`,
    inpatients.map((r) => r.import.seconds),
    s,
  );
  row(
    `unit kit build, largest unit (${largest.name}, ${largest.patients} patients)`,
    secondsOf(largest.name),
    s,
    within(3, '3 s'),
  );
  row(
    `unit kit build, slowest of the ${perUnit.length} units (${slowest.name}, ${slowest.patients} patients)`,
    secondsOf(slowest.name),
    s,
    within(3, '3 s'),
  );
  row(
    `all ${perUnit.length} unit kits, one after another`,
    inpatients.map((r) => r.units.reduce((sum, unit) => sum + unit.seconds, 0)),
    s,
  );
  row(
    `all-inpatients kit build (${n(first.all.patients)} patients; envelope ${mb(med(inpatients, (r) => r.all.envelopeBytes))}, ` +
      `HTML ${mb(med(inpatients, (r) => r.allHtmlBytes))})`,
    inpatients.map((r) => r.all.seconds),
    s,
    within(3, '3 s'),
  );
}

const siteImport = part('site-import');
const site = part('site-kit');
const sitePatients = n(site[0]?.kit.patients ?? siteImport[0]?.import.patients ?? 100000);
if (siteImport.length > 0) {
  const first = siteImport[0];
  row(
    `${n(first.import.patients)} patients (${n(first.import.resources)} resources): import + projection, one-off`,
    siteImport.map((r) => r.import.seconds),
    s,
  );
}
if (site.length > 0) {
  row(
    `${sitePatients}-patient site kit build`,
    site.map((r) => r.kit.seconds),
    s,
  );
  out(
    `| site kit size: envelope / HTML file | ${mb(med(site, (r) => r.kit.envelopeBytes))} / ${mb(med(site, (r) => r.htmlBytes))} | – | – | – |`,
  );
}

const viewer = part('viewer');
const viewerOf = (kit) => viewer.filter((r) => r.kit === kit);
for (const kit of ['unit', 'site']) {
  const list = viewerOf(kit);
  if (list.length === 0) continue;
  row(
    `viewer open, ${kit} kit (${mb(list[0].htmlBytes)}): navigation → census on screen, typing excluded`,
    list.map((r) => r.open.open / 1000),
    s,
    within(1, '1 s'),
  );
  row(
    `… of which PBKDF2 (${n(600000)} iterations, WebCrypto)`,
    list.map((r) => r.open.pbkdf2),
    ms,
  );
  row(
    '… the same without PBKDF2',
    list.map((r) => r.open.openWithoutPbkdf2 / 1000),
    s,
    within(1, '1 s'),
  );
}
const searches = viewerOf('site').filter((r) => r.search.length > 0);
if (searches.length > 0) {
  const latency = (r) => r.search.map((query) => query.layout);
  const queries = searches[0].search.length;
  row(
    `search over ${sitePatients} patients, median of ${queries} queries (input → results in the DOM, laid out)`,
    searches.map((r) => median(latency(r))),
    ms,
    within(50, '50 ms'),
  );
  row(
    `search, p95 of the ${queries} queries`,
    searches.map((r) => p95(latency(r))),
    ms,
    within(50, '50 ms'),
  );
  row(
    `search, slowest query`,
    searches.map((r) => Math.max(...latency(r))),
    ms,
    within(50, '50 ms'),
  );
}

if (staleness.length > 0) {
  const processing = med(staleness, (r) => r.processingSeconds);
  row(
    `ADT A01 → kit on the device, processing only (ACK + delta job for ${staleness[0].scopes} scopes + device pull)`,
    staleness.map((r) => r.processingSeconds),
    s,
    within(60, '60 s'),
  );
  const eventDriven = med(staleness, (r) => r.eventDrivenSeconds);
  row(
    'ADT A01 → kit on the device as served: the unit delta the ADT change triggers, the device pulling every 0.25 s',
    staleness.map((r) => r.eventDrivenSeconds),
    s,
    within(60, '60 s'),
  );
  out(
    `| ADT A01 → kit on the device, worst case with a device pulling every P s | ${s(eventDriven)} + P | – | 60 s | ` +
      `met for P ≤ ${s(60 - eventDriven)} |`,
  );
  void processing;
}

// Peak RSS (VmHWM): the highest of the rounds; each part runs in its own process.
const peaks = [
  ['600 beds: import', inpatients.map((row) => row.importPeakRssKb)],
  [
    '600 beds: unit and all-inpatients kits (from the RSS the import left)',
    inpatients.map((row) => row.buildPeakRssKb),
  ],
  [`${sitePatients} patients: import process`, siteImport.map((row) => row.peakRssKb)],
  [`${sitePatients}-patient site kit: build process`, site.map((row) => row.buildPeakRssKb)],
  ['staleness process (site database, all scopes)', staleness.map((row) => row.peakRssKb)],
].filter(([, kbs]) => kbs.length > 0);
if (peaks.length > 0) {
  out(
    `| peak RSS (VmHWM) | ${peaks.map(([label, kbs]) => `${label}: ${rss(Math.max(...kbs))}`).join('; ')} | – | – | – |`,
  );
}

if (inpatients.length > 0 || site.length > 0 || siteImport.length > 0) {
  out();
  out(
    'Where kit time goes (median; "other" is payload assembly, JSON, gzip, AES-GCM, the PBKDF2 key wrap, signing, audit):',
  );
  out();
  out(
    '| kit | total | SQLite reads | SQLite writes | other | of other: JSON / gzip / AES / PBKDF2 / Ed25519, measured apart |',
  );
  out('|---|---:|---:|---:|---:|---|');
  const anatomy = (list) =>
    [
      med(list, (a) => a.jsonSeconds),
      med(list, (a) => a.gzipSeconds),
      med(list, (a) => a.aesSeconds),
      med(list, (a) => a.pbkdf2Seconds),
      med(list, (a) => a.signSeconds),
    ]
      .map(s)
      .join(' / ');
  if (inpatients.length > 0) {
    const largest = inpatients[0].largestUnit.unit;
    const unitOf = (row) => row.units.find((unit) => unit.unit === largest);
    out(
      `| unit ${largest} | ${s(med(inpatients, (row) => unitOf(row).seconds))} | ${s(med(inpatients, (row) => unitOf(row).readSeconds))} | ` +
        `${s(med(inpatients, (row) => unitOf(row).storeSeconds))} | ${s(med(inpatients, (row) => unitOf(row).otherSeconds))} | ` +
        `${anatomy(inpatients.map((row) => row.largestUnit.anatomy))} |`,
    );
  }
  if (site.length > 0) {
    const jsonMb = mb(med(site, (row) => row.anatomy.jsonBytes));
    const gzipMb = mb(med(site, (row) => row.anatomy.gzipBytes));
    out(
      `| site, ${n(site[0].kit.patients)} patients (JSON ${jsonMb} → gzip ${gzipMb}) | ${s(med(site, (row) => row.kit.seconds))} | ` +
        `${s(med(site, (row) => row.kit.readSeconds))} | ${s(med(site, (row) => row.kit.storeSeconds))} | ` +
        `${s(med(site, (row) => row.kit.otherSeconds))} | ${anatomy(site.map((row) => row.anatomy))} |`,
    );
  }
  out();
  out('Import and projection (one-off, median):');
  out();
  out(
    '| data | total | generating the data | ingest (validate + write) | of which SQLite writes | projection | of which reading resources | of which writing records |',
  );
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [label, list] of [
    ['600 beds', inpatients],
    [`${sitePatients} patients`, siteImport],
  ]) {
    if (list.length === 0) continue;
    const pick = (key) => s(med(list, (row) => row.import[key]));
    out(
      `| ${label} | ${pick('seconds')} | ${pick('generateSeconds')} | ${pick('ingestSeconds')} | ${pick('ingestWriteSeconds')} | ` +
        `${pick('projectSeconds')} | ${pick('projectReadSeconds')} | ${pick('projectWriteSeconds')} |`,
    );
  }
}

if (viewer.length > 0) {
  out();
  out(
    'Opening a kit in Chromium, by phase (ms, median; the first three are times since navigation started):',
  );
  out();
  out(
    '| kit | file read | HTML parsed | unlock form shown (verified) | unlock → census on screen | verify again | PBKDF2 | AES-GCM | gunzip | UTF-8 decode | JSON.parse | checks, census, render | search index ready after |',
  );
  out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const kit of ['unit', 'site']) {
    const list = viewerOf(kit);
    if (list.length === 0) continue;
    const pick = (key) => ms(med(list, (row) => row.open[key]));
    // Small payloads are decoded below the probe's threshold: gunzip and decode are then one figure.
    const split = list.every((row) => Number.isFinite(row.open.gunzip));
    out(
      `| ${kit} | ${pick('fileRead')} | ${pick('htmlParsed')} | ${pick('formShown')} | ${pick('unlock')} | ${pick('verifyAfterSubmit')} | ${pick('pbkdf2')} | ` +
        `${pick('payloadDecrypt')} | ${split ? pick('gunzip') : `${pick('gunzipAndDecode')} (with decode)`} | ${split ? pick('utf8Decode') : '–'} | ${pick('payloadParse')} | ` +
        `${ms(med(list, (row) => row.open.renderAfterParse + row.open.domToFrame))} | ${pick('indexReadyAfterCensus')} |`,
    );
  }
  const unpacks = viewerOf('site')
    .map((row) => row.unpack)
    .filter((unpack) => unpack);
  if (unpacks.length > 0) {
    const pick = (get) => ms(median(unpacks.map(get)));
    out();
    out(
      `The same site payload unpacked in the page four ways (median): as the viewer does it — DecompressionStream ` +
        `read in ${Math.round(median(unpacks.map((u) => u.viewerWay.chunks)))} chunks ${pick((u) => u.viewerWay.gunzip)}, ` +
        `fatal TextDecoder ${pick((u) => u.viewerWay.decode)}, JSON.parse ${pick((u) => u.viewerWay.parse)}; ` +
        `a non-fatal TextDecoder ${pick((u) => u.lenientDecode)}; Response.text() over the stream ` +
        `${pick((u) => u.responseText.text)} then JSON.parse ${pick((u) => u.responseText.parse)}; ` +
        `Response.json() ${pick((u) => u.responseJson)}.`,
    );
  }
}
if (searches.length > 0) {
  out();
  out('Search by kind of query (ms, input → results laid out; median over rounds and queries):');
  out();
  out('| kind | queries | median | max | results shown (median) |');
  out('|---|---:|---:|---:|---:|');
  const kinds = [...new Set(searches[0].search.map((query) => query.kind))];
  for (const kind of kinds) {
    const all = searches.flatMap((row) => row.search.filter((query) => query.kind === kind));
    out(
      `| ${kind} | ${all.length / searches.length} | ${ms(median(all.map((q) => q.layout)))} | ${ms(Math.max(...all.map((q) => q.layout)))} | ${median(all.map((q) => q.shown))} |`,
    );
  }
}
if (staleness.length > 0) {
  const processing = med(staleness, (row) => row.processingSeconds);
  out();
  out(
    `Staleness, median of ${staleness.length} A01 admissions into unit ${staleness[0].unit}: ACK ${ms(1000 * med(staleness, (row) => row.ackSeconds))}, ` +
      `delta job over every scope ${s(med(staleness, (row) => row.deltaJobSeconds))} (the device's unit done after ${s(med(staleness, (row) => row.deviceScopeReadySeconds))}), ` +
      `device pull over HTTP ${ms(1000 * med(staleness, (row) => row.pullSeconds))}; processing ${s(processing)}. ` +
      `As served, an ADT change has its unit's delta built about 5 s later (not at the next minute's job): ` +
      `message → kit on a device pulling every 0.25 s took ${s(med(staleness, (row) => row.eventDrivenSeconds))}. ` +
      `Relying on the minute's delta job alone would give processing + 60 s + P = ${s(60 + processing)} + P. Mean case = processing + 30 s + P/2 ≤ 60 s ` +
      `needs P ≤ ${s(2 * (30 - processing))}. With deltas every 15 s (six-field cron \`*/15 * * * * *\`) the worst case ` +
      `meets 60 s for P ≤ ${s(45 - processing)}.`,
  );
}
const problems = viewer.flatMap((row) => row.problems ?? []);
if (problems.length > 0) out(`\nBrowser problems seen: ${problems.join('; ')}`);
console.log(lines.join('\n'));
