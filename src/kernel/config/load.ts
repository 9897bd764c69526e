import { readFileSync } from 'node:fs';
import { parse as parseYaml, parseDocument } from 'yaml';
import { z } from 'zod';
import { LifelineError } from '../errors.js';

/** Environment names that read better than the generic LIFELINE_<PATH> form. */
const ENV_ALIASES: Record<string, string> = {
  LIFELINE_NATS_URL: 'bus.natsUrl',
  LIFELINE_PORT: 'server.port',
  LIFELINE_LOG_LEVEL: 'log.level',
};

export interface LoadConfigOptions {
  /** Path of a YAML file; when omitted, no file is read. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Values that win over file and environment, e.g. from command-line flags. */
  overrides?: Record<string, unknown>;
}

/**
 * Reads configuration from a YAML file and LIFELINE_* variables and validates it against one schema.
 * A wrong value stops start-up with one line naming the key and where it came from.
 */
export function loadConfig<S extends z.ZodType>(schema: S, options: LoadConfigOptions = {}): z.infer<S> {
  const raw: Record<string, unknown> = options.file ? readYamlFile(options.file) : {};
  const sources = new Map<string, string>();
  const envPaths = environmentPaths(schema);
  for (const [name, value] of Object.entries(options.env ?? process.env)) {
    if (!name.startsWith('LIFELINE_') || value === undefined) continue;
    const path = ENV_ALIASES[name] ?? envPaths.get(name);
    if (!path) continue;
    setPath(raw, path, envValue(value, leafAt(schema, path)));
    sources.set(path, name);
  }
  for (const [path, value] of Object.entries(options.overrides ?? {})) {
    if (value !== undefined) setPath(raw, path, value);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue ? issue.path.join('.') : '';
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys.map((k) => (key ? `${key}.${k}` : k)) : [];
  const where = sources.get(key) ?? options.file ?? 'defaults';
  const named =
    keys.length > 0 ? `unknown key ${keys.join(', ')}` : `${key || '(root)'}: ${issue?.message ?? ''}`;
  throw new LifelineError('CONFIG_INVALID', `configuration ${named} (from ${where})`, {
    key: keys[0] ?? key,
    source: where,
  });
}

function readYamlFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LifelineError('CONFIG_INVALID', `configuration file ${file} cannot be read`, { source: file });
  }
  // Warnings (unknown tags, directives) count as errors: a configuration file must mean one thing.
  const document = parseDocument(text, { logLevel: 'silent' });
  const problem = document.errors[0] ?? document.warnings[0];
  let parsed: unknown;
  let broken = Boolean(problem);
  try {
    if (!broken) parsed = document.toJS();
  } catch {
    // toJS throws on aliases that point nowhere; that is a broken file like any other.
    broken = true;
  }
  if (broken) {
    const line = problem?.linePos?.[0]?.line;
    throw new LifelineError(
      'CONFIG_INVALID',
      `configuration file ${file} is not valid YAML${line ? ` (line ${line})` : ''}`,
      { source: file },
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new LifelineError('CONFIG_INVALID', `configuration file ${file} must hold a mapping`, {
      source: file,
    });
  }
  return parsed as Record<string, unknown>;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

function toEnvSegment(segment: string): string {
  return segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Every leaf of the schema as LIFELINE_SECTION_KEY → section.key. */
function environmentPaths(schema: z.ZodType): Map<string, string> {
  const paths = new Map<string, string>();
  const walk = (node: z.ZodType, path: string[]): void => {
    const inner = unwrap(node);
    if (inner instanceof z.ZodObject) {
      for (const [key, child] of Object.entries(inner.shape)) {
        walk(child, [...path, key]);
      }
      return;
    }
    paths.set(`LIFELINE_${path.map(toEnvSegment).join('_')}`, path.join('.'));
  };
  walk(schema, []);
  return paths;
}

function leafAt(schema: z.ZodType, path: string): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  for (const key of path.split('.')) {
    const inner: z.ZodType | undefined = node ? unwrap(node) : undefined;
    node = inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>)[key] : undefined;
  }
  return node ? unwrap(node) : undefined;
}

function envValue(value: string, leaf: z.ZodType | undefined): unknown {
  if (leaf instanceof z.ZodString || leaf instanceof z.ZodEnum) return value;
  if (leaf instanceof z.ZodArray) return value === '' ? [] : value.split(',').map((part) => part.trim());
  try {
    return parseYaml(value) as unknown;
  } catch {
    return value;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}
