import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { LifelineError } from '../../../kernel/errors.js';

/** The simulator's own files inside a target; it never encrypts them. */
export const MARKER_FILE = '.lifeline-simulation-target';
export const KEY_FILE = '.lifeline-simulation-key';
export const JOURNAL_FILE = '.lifeline-simulation-journal';
export const OWN_FILES: ReadonlySet<string> = new Set([MARKER_FILE, KEY_FILE, JOURNAL_FILE]);

const MARKER_TITLE = 'LIFELINE RANSOMWARE SIMULATION TARGET';
const MARKER_WARNING =
  'This directory was created for the Lifeline ransomware simulator, a test tool. Its files are\n' +
  'fictional and may be encrypted by a simulation at any time. Do not keep real files here.\n';

/** Directories under which nothing is ever simulated, whatever a marker says. */
const SYSTEM_TREES = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/proc',
  '/sbin',
  '/sys',
  '/usr',
];
/** Directories that are refused themselves (their subdirectories may be targets). */
const SYSTEM_DIRECTORIES = [
  '/',
  '/home',
  '/root',
  '/tmp',
  '/var',
  '/var/tmp',
  '/opt',
  '/srv',
  '/mnt',
  '/media',
  '/run',
];

function refuse(reason: string, dir: string): never {
  throw new LifelineError('SENTINEL_SIMULATION_REFUSED', `the simulator refuses ${dir}: ${reason}`, {
    target: dir,
    reason,
  });
}

/** Reads a marker's text; null unless it is exactly what prepareTarget writes. */
export function parseMarker(text: string): { id: string } | null {
  const lines = text.split('\n');
  if (lines[0] !== MARKER_TITLE) return null;
  const match = /^id: ([0-9a-f]{32})$/.exec(lines[1] ?? '');
  return match?.[1] ? { id: match[1] } : null;
}

function within(path: string, tree: string): boolean {
  return path === tree || path.startsWith(tree.endsWith(sep) ? tree : tree + sep);
}

/** Refuses `/`, system trees, a home directory or its parents, and symlinks. Returns the resolved path. */
function checkLocation(dir: string): string {
  const absolute = resolve(dir);
  const home = resolve(homedir());
  if (SYSTEM_DIRECTORIES.includes(absolute)) refuse('it is a system directory', absolute);
  if (SYSTEM_TREES.some((tree) => within(absolute, tree)))
    refuse('it is inside a system directory', absolute);
  if (within(home, absolute)) refuse('it is a home directory or contains one', absolute);
  if (dirname(absolute) === '/home') refuse('it is a home directory', absolute);
  let real: string;
  try {
    if (lstatSync(absolute).isSymbolicLink()) refuse('it is a symbolic link', absolute);
    real = realpathSync(absolute);
  } catch (error) {
    if (error instanceof LifelineError) throw error;
    return absolute;
  }
  if (real !== absolute) refuse(`it resolves through a symbolic link to ${real}`, absolute);
  return absolute;
}

/**
 * Creates a directory for the simulator: it must not exist or be empty. The marker holds a random id
 * and a warning; only a directory holding it is ever simulated on.
 */
export function prepareTarget(dir: string): { path: string; id: string } {
  const path = checkLocation(dir);
  let entries: string[] = [];
  try {
    entries = readdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (entries.length > 0) refuse('it exists and is not empty', path);
  mkdirSync(path, { recursive: true });
  const id = randomBytes(16).toString('hex');
  writeFileSync(join(path, MARKER_FILE), `${MARKER_TITLE}\nid: ${id}\n\n${MARKER_WARNING}`, { flag: 'wx' });
  return { path, id };
}

/** The checks before any simulation or restore: a marked directory in a harmless place. */
export function checkTarget(dir: string): { path: string; id: string } {
  const path = checkLocation(dir);
  const markerPath = join(path, MARKER_FILE);
  let text: string;
  try {
    if (!lstatSync(path).isDirectory()) refuse('it is not a directory', path);
    if (!lstatSync(markerPath).isFile()) refuse(`${MARKER_FILE} is not a regular file`, path);
    text = readFileSync(markerPath, 'utf8');
  } catch (error) {
    if (error instanceof LifelineError) throw error;
    refuse(`it has no ${MARKER_FILE} marker (create targets with prepareTarget)`, path);
  }
  const marker = parseMarker(text);
  if (!marker) refuse(`its ${MARKER_FILE} marker is malformed`, path);
  return { path, id: marker.id };
}
