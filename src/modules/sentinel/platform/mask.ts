/**
 * A writer's command line with secret values masked, for the database and the audit log: an
 * encryptor started as `tool --password hunter2` must not leave the password in the record.
 */
export const MASK = '***';

/** Argument names whose value is a secret: password, passwd, pwd, token, secret…, key, credential. */
const SECRET_NAME =
  /(pass(word|wd)?|pwd|token|secret|api[-_]?key|access[-_]?key|private[-_]?key|credential|auth)/i;

/** Authorization schemes: the word after them is the credential. */
const SCHEME = /^(bearer|basic|token)$/i;

/** find(1)'s options that start like mysql's -pPASSWORD and are not secrets. */
const FIND_OPTIONS = new Set(['-path', '-perm', '-print', '-print0', '-printf', '-prune']);

export function maskSecrets(commandLine: string): string;
export function maskSecrets(commandLine: string | null): string | null;
export function maskSecrets(commandLine: string | null): string | null {
  if (commandLine === null) return null;
  const words = commandLine.split(' ');
  const masked: string[] = [];
  let maskNext = false;
  for (const word of words) {
    if (maskNext && word !== '' && !SCHEME.test(word)) {
      masked.push(MASK);
      maskNext = false;
      continue;
    }
    const { text, valueFollows } = maskWord(word);
    masked.push(text);
    maskNext = valueFollows;
  }
  return masked.join(' ');
}

/** One argument masked, and whether the next argument is the secret value of this one. */
function maskWord(word: string): { text: string; valueFollows: boolean } {
  const url = maskUrlCredentials(word);
  if (url !== word) return { text: url, valueFollows: false };
  // -p VALUE or -pVALUE (mysql and others); a masked port number costs nothing.
  if (word === '-p') return { text: word, valueFollows: true };
  if (/^-p.+/.test(word) && !word.startsWith('--') && !FIND_OPTIONS.has(word))
    return { text: `-p${MASK}`, valueFollows: false };
  // Authorization headers: "Bearer abc", "Basic abc".
  if (SCHEME.test(word)) return { text: word, valueFollows: true };
  const equals = word.indexOf('=');
  if (equals > 0) {
    const name = word.slice(0, equals);
    return SECRET_NAME.test(name)
      ? { text: `${name}=${MASK}`, valueFollows: false }
      : { text: word, valueFollows: false };
  }
  const colon = word.indexOf(':');
  if (colon > 0 && colon === word.length - 1 && SECRET_NAME.test(word))
    return { text: word, valueFollows: true };
  if (word.startsWith('-') && SECRET_NAME.test(word)) return { text: word, valueFollows: true };
  return { text: word, valueFollows: false };
}

/** scheme://user:password@host → scheme://user:***@host, anywhere in the word. */
function maskUrlCredentials(word: string): string {
  return word.replace(/([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^/\s@]*@/gi, `$1:${MASK}@`);
}
