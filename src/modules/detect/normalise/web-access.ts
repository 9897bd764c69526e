import { FieldSink } from './field-sink.js';
import { NORMALISE_LIMITS } from './limits.js';
import { guarded, normalised, refused, type NormaliseResult } from './result.js';
import { tokenizeLogLine, type LogToken } from './web-tokens.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CLF_TIME = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s+([+-])(\d{2})(\d{2}))?$/;

export function looksLikeAccessLog(line: string): boolean {
  return locateFields(tokenizeLogLine(line.slice(0, 8192))) !== undefined;
}

/**
 * A Common or Combined Log Format line — `host ident user [time] "request" status bytes`, then
 * optionally `"referer" "user-agent"`, optionally led by a virtual host — to W3C names:
 * c-ip, cs-username, cs-method, cs-uri, cs-uri-stem, cs-uri-query, cs-uri-extension, cs-version,
 * sc-status and sc-bytes (numbers), cs-referer, cs-user-agent, cs-host. A `-` means absent.
 */
export function normaliseAccessLog(line: string): NormaliseResult {
  return guarded(() => readAccessLog(line), 'access log line could not be read');
}

function readAccessLog(line: string): NormaliseResult {
  if (line.length > NORMALISE_LIMITS.maxInputChars) return refused('access log line too large');
  const tokens = tokenizeLogLine(line.trim());
  const at = locateFields(tokens);
  if (at === undefined) return refused('not a Common or Combined Log Format line');
  const sink = new FieldSink();
  const word = (index: number): string | undefined => present(tokens[index]?.text);
  setText(sink, 'c-ip', word(at - 3));
  setText(sink, 'cs-username', word(at - 1));
  if (at === 4) setText(sink, 'cs-host', hostOf(word(0)));
  writeRequest(sink, tokens[at + 1]?.text ?? '');
  setNumber(sink, 'sc-status', word(at + 2));
  setNumber(sink, 'sc-bytes', word(at + 3));
  if (tokens[at + 4]?.kind === 'quoted') setText(sink, 'cs-referer', word(at + 4));
  if (tokens[at + 5]?.kind === 'quoted') setText(sink, 'cs-user-agent', word(at + 5));
  return normalised(sink.result(), clfTime(tokens[at]?.text ?? ''));
}

/** Index of the [time] token when the line has the CLF shape around it, else undefined. */
function locateFields(tokens: readonly LogToken[]): number | undefined {
  for (const at of [3, 4]) {
    const time = tokens[at];
    const request = tokens[at + 1];
    if (time?.kind !== 'bracketed' || request?.kind !== 'quoted') continue;
    if (tokens.slice(0, at).some((token) => token.kind !== 'bare')) continue;
    if (!/^(?:\d{3}|-)$/.test(tokens[at + 2]?.text ?? '')) continue;
    if (!/^(?:\d{1,15}|-)$/.test(tokens[at + 3]?.text ?? '')) continue;
    if (!CLF_TIME.test(time.text)) continue;
    return at;
  }
  return undefined;
}

function writeRequest(sink: FieldSink, request: string): void {
  const parts = request.split(' ').filter((part) => part !== '');
  if (parts.length === 0) return;
  const version =
    parts.length >= 3 && /^HTTP\/\d/i.test(parts[parts.length - 1] ?? '') ? parts.pop() : undefined;
  const [method, ...rest] = parts;
  if (rest.length === 0) {
    // A line the server could not parse (a TLS handshake sent to a plain port, say).
    setText(sink, 'cs-uri', request);
    return;
  }
  const target = rest.join(' ');
  setText(sink, 'cs-method', method);
  setText(sink, 'cs-uri', target);
  setText(sink, 'cs-version', version);
  const question = target.indexOf('?');
  const stem = question === -1 ? target : target.slice(0, question);
  setText(sink, 'cs-uri-stem', stem);
  if (question !== -1) sink.set('cs-uri-query', target.slice(question + 1));
  setText(sink, 'cs-uri-extension', extensionOf(pathOf(stem)));
  if (!sink.has('cs-host')) setText(sink, 'cs-host', targetHost(target, method));
}

/** The path of an origin-form (`/a/b`) or absolute-form (`http://h/a/b`) target. */
function pathOf(stem: string): string | undefined {
  if (stem.startsWith('/')) return stem;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(stem);
  if (!scheme) return undefined;
  const slash = stem.indexOf('/', scheme[0].length);
  return slash === -1 ? undefined : stem.slice(slash);
}

function extensionOf(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const segment = path.slice(path.lastIndexOf('/') + 1);
  const dot = segment.lastIndexOf('.');
  return dot > 0 && dot < segment.length - 1 ? segment.slice(dot + 1) : undefined;
}

/** A proxy's request names the destination: an absolute URL, or host:port for CONNECT. */
function targetHost(target: string, method: string | undefined): string | undefined {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]+)/.exec(target);
  if (scheme?.[1] !== undefined) return hostOf(scheme[1].slice(scheme[1].lastIndexOf('@') + 1));
  return method?.toUpperCase() === 'CONNECT' ? hostOf(target) : undefined;
}

function hostOf(authority: string | undefined): string | undefined {
  if (authority === undefined) return undefined;
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1) || authority;
  const colon = authority.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(authority.slice(colon + 1)) ? authority.slice(0, colon) : authority;
}

function clfTime(text: string): string | undefined {
  const match = CLF_TIME.exec(text);
  if (!match) return undefined;
  const [, day, monthName, year, hour, minute, second, sign = '+', offsetHours = '00', offsetMinutes = '00'] =
    match;
  const month = MONTHS.indexOf(monthName ?? '') + 1;
  if (month === 0) return undefined;
  const iso = `${year}-${String(month).padStart(2, '0')}-${day}T${hour}:${minute}:${second}${sign}${offsetHours}:${offsetMinutes}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function present(text: string | undefined): string | undefined {
  return text === undefined || text === '' || text === '-' ? undefined : text;
}

function setText(sink: FieldSink, name: string, value: string | undefined): void {
  if (value !== undefined && value !== '') sink.set(name, value);
}

function setNumber(sink: FieldSink, name: string, value: string | undefined): void {
  if (value !== undefined && /^\d{1,15}$/.test(value)) sink.set(name, Number(value));
}
