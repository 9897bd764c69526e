/**
 * Part 3: the offline viewer in headless Chromium, opening kit files from file:// as staff would.
 * Per kit and round, a fresh browser profile: navigation → verified unlock form, then passphrase
 * (PBKDF2 at the kit's iteration count) → decrypt → gunzip → parse → census on screen; the typing in
 * between is not counted. On the site kit, 50 searches through the search box.
 *   npx tsx bench/continuity/viewer.ts <work dir>   → JSON lines on stdout
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test/e2e/browser.js';
import { extractEnvelopes, openKit, readSigner } from '../../src/modules/continuity/index.js';
import { PROBE, SEARCH, UNPACK } from './page-probe.js';
import { PASSPHRASE } from './platform.js';
import { searchQueries, type Query } from './queries.js';
import { emit, repeats, say } from './output.js';

interface CryptoMark {
  name: string;
  algorithm: string | null;
  start: number;
  end: number;
  bytes: number | null;
}
interface Marks {
  crypto: CryptoMark[];
  parse: { start: number; end: number; chars: number }[];
  decode: { start: number; end: number; bytes: number }[];
  headings: { text: string; at: number }[];
  submit: number | null;
  census: { text: string; dom: number; frame: number | null; indexed: number | null } | null;
}

const work = process.argv[2] ?? '/tmp/continuity-bench';
const rounds = repeats();

/** The search queries, and the payload gzip'd as sealing does it (base64, for the unpack comparison). */
async function siteInputs(file: string): Promise<{ queries: Query[]; gzipBase64: string }> {
  const html = readFileSync(file, 'utf8');
  const [envelope] = extractEnvelopes(html);
  if (envelope === undefined) throw new Error(`${file} holds no kit`);
  const opened = await openKit(envelope, { passphrase: PASSPHRASE }, { trustedSigners: [readSigner(html)] });
  return {
    queries: searchQueries(opened.payload.patients),
    gzipBase64: gzipSync(JSON.stringify(opened.payload)).toString('base64'),
  };
}

interface SearchRow {
  query: string;
  /** Milliseconds from the input event to the results in the DOM, laid out, and the next frame. */
  dom: number;
  layout: number;
  frame: number;
  shown: number;
  status: string;
}

interface Navigation {
  responseEnd: number;
  domInteractive: number;
  domContentLoadedEventEnd: number;
}

/** Turns the page's marks into the phases of opening a kit, in milliseconds. */
function phases(marks: Marks, navigation: Navigation) {
  const submit = marks.submit ?? NaN;
  const census = marks.census;
  if (census === null || census.frame === null || census.indexed === null) throw new Error('no census seen');
  const form = marks.headings.find((heading) => heading.text === 'Unlock the kit')?.at ?? NaN;
  const before = marks.crypto.filter((mark) => mark.end <= submit);
  const after = marks.crypto.filter((mark) => mark.start >= submit);
  const sum = (list: CryptoMark[]) => list.reduce((total, mark) => total + (mark.end - mark.start), 0);
  const pbkdf2 = sum(after.filter((mark) => mark.algorithm === 'PBKDF2'));
  const payloadDecrypt = after
    .filter((mark) => mark.name === 'decrypt')
    .sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0))[0];
  const payloadParse = marks.parse
    .filter((mark) => mark.start >= submit)
    .sort((a, b) => b.chars - a.chars)[0];
  const payloadDecode = marks.decode
    .filter((mark) => mark.start >= submit)
    .sort((a, b) => b.bytes - a.bytes)[0];
  const unlock = census.frame - submit;
  return {
    fileRead: navigation.responseEnd,
    htmlParsed: navigation.domInteractive,
    domContentLoaded: navigation.domContentLoadedEventEnd,
    formShown: form,
    verifyBeforeForm: sum(before.filter((mark) => mark.name === 'verify')),
    envelopeParsesBeforeForm: marks.parse.filter((mark) => mark.end <= submit).length,
    envelopeParseBeforeForm: marks.parse
      .filter((mark) => mark.end <= submit)
      .reduce((total, mark) => total + (mark.end - mark.start), 0),
    unlock,
    verifyAfterSubmit: sum(after.filter((mark) => mark.name === 'verify')),
    pbkdf2,
    payloadDecrypt: payloadDecrypt ? payloadDecrypt.end - payloadDecrypt.start : NaN,
    payloadDecryptBytes: payloadDecrypt?.bytes ?? 0,
    gunzipAndDecode: payloadDecrypt && payloadParse ? payloadParse.start - payloadDecrypt.end : NaN,
    /** The gunzip alone: from the decrypted bytes to the start of the UTF-8 decode. */
    gunzip: payloadDecrypt && payloadDecode ? payloadDecode.start - payloadDecrypt.end : NaN,
    utf8Decode: payloadDecode ? payloadDecode.end - payloadDecode.start : NaN,
    payloadParse: payloadParse ? payloadParse.end - payloadParse.start : NaN,
    payloadChars: payloadParse?.chars ?? 0,
    renderAfterParse: payloadParse ? census.dom - payloadParse.end : NaN,
    domToFrame: census.frame - census.dom,
    censusDom: census.dom - submit,
    /** What staff wait for, typing excluded: the verified unlock form, then unlock to census on screen. */
    open: form + unlock,
    openWithoutPbkdf2: form + unlock - pbkdf2,
    indexReadyAfterCensus: census.indexed - census.frame,
  };
}

async function openOnce(page: Page, url: string, heading: RegExp): Promise<ReturnType<typeof phases>> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.getByRole('heading', { name: 'Unlock the kit' }).waitFor();
  await page.getByLabel('Your name or initials').fill('RN Bench');
  await page.getByLabel('Unit passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('heading', { name: heading }).waitFor();
  await page.waitForFunction('window.__bench.census !== null && window.__bench.census.indexed !== null');
  const marks = await page.evaluate<Marks>('window.__bench');
  const navigation = await page.evaluate<Navigation>(
    'JSON.parse(JSON.stringify(performance.getEntriesByType("navigation")[0]))',
  );
  return phases(marks, navigation);
}

const kits = [
  { kit: 'unit', file: join(work, 'kits', 'unit.html'), heading: /^Census / },
  { kit: 'site', file: join(work, 'kits', 'site.html'), heading: /^Units$/ },
];
for (const { kit, file, heading } of kits) {
  if (!existsSync(file)) {
    say(`== viewer: ${file} is missing, skipped`);
    continue;
  }
  const { queries, gzipBase64 } =
    kit === 'site' ? await siteInputs(file) : { queries: [] as Query[], gzipBase64: '' };
  for (let round = 1; round <= rounds; round += 1) {
    say(`== viewer, ${kit} kit, round ${round}/${rounds}`);
    const browser = await launchBrowser();
    try {
      await browser.context.addInitScript(PROBE);
      const page = await browser.newPage();
      page.setDefaultTimeout(300_000);
      const open = await openOnce(page, pathToFileURL(file).href, heading);
      const search =
        queries.length === 0
          ? []
          : await page.evaluate<SearchRow[]>(
              `(${SEARCH})(${JSON.stringify(queries.map((query) => query.text))})`,
            );
      const unpack =
        gzipBase64 === '' ? null : await page.evaluate(`(${UNPACK})(${JSON.stringify(gzipBase64)})`);
      emit({
        part: 'viewer',
        kit,
        round,
        htmlBytes: readFileSync(file).length,
        open,
        search: search.map((row, index) => ({ ...row, kind: queries[index]?.kind })),
        unpack,
        problems: browser.problems,
      });
    } finally {
      await browser.close();
    }
  }
}
