import { LifelineError } from '../../../kernel/errors.js';

/** Where an SFTP repository is. `path` is absolute, or relative to the login's home directory. */
export interface SftpLocation {
  user: string | undefined;
  host: string;
  port: number;
  path: string;
}

function invalid(why: string): LifelineError {
  return new LifelineError('VAULT_REPO_UNSUPPORTED', `the SFTP location is not valid: ${why}`, {
    scheme: 'sftp',
  });
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$/;
const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;

function checkParts(user: string | undefined, host: string, path: string): void {
  if (user !== undefined && !USER.test(user)) throw invalid('the user name has unexpected characters');
  if (!HOST.test(host)) throw invalid('the host name has unexpected characters');
  if (path === '') throw invalid('no repository path');
  if (path.includes('\0')) throw invalid('the path contains a NUL byte');
}

const bare = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

/**
 * Parses the two forms restic accepts: `sftp:[user@]host:path` and
 * `sftp://[user@]host[:port]/path`, where the URL path is relative to the home directory unless it
 * starts with a second slash (`sftp://host//srv/repo` is /srv/repo). A password in the location is
 * refused: only key authentication is supported, and the location appears in messages.
 */
export function parseSftpLocation(location: string): SftpLocation {
  if (location.startsWith('sftp://')) return parseUrlForm(location.slice('sftp://'.length));
  if (!location.startsWith('sftp:')) throw invalid('it must start with sftp:');
  const rest = location.slice('sftp:'.length);
  const at = rest.indexOf('@');
  const colonBeforeAt = rest.indexOf(':');
  const hasUser = at >= 0 && (colonBeforeAt < 0 || at < colonBeforeAt);
  const user = hasUser ? rest.slice(0, at) : undefined;
  const hostAndPath = hasUser ? rest.slice(at + 1) : rest;
  const hostEnd = hostAndPath.startsWith('[') ? hostAndPath.indexOf(']') + 1 : hostAndPath.indexOf(':');
  if (hostEnd <= 0 || hostAndPath[hostEnd] !== ':') throw invalid('expected sftp:user@host:/path');
  const host = hostAndPath.slice(0, hostEnd);
  const path = hostAndPath.slice(hostEnd + 1);
  checkParts(user, host, path);
  return { user, host: bare(host), port: 22, path };
}

function parseUrlForm(rest: string): SftpLocation {
  const slash = rest.indexOf('/');
  if (slash < 0) throw invalid('expected sftp://user@host:port//path');
  const authority = rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  const userInfo = at >= 0 ? authority.slice(0, at) : undefined;
  if (userInfo?.includes(':')) throw invalid('passwords are not accepted in the location; use a key');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const portMatch = /^(.*?)(?::(\d{1,5}))?$/.exec(hostPort);
  const host = portMatch?.[1] ?? '';
  const port = portMatch?.[2] === undefined ? 22 : Number(portMatch[2]);
  if (!(port >= 1 && port <= 65535)) throw invalid('the port must be between 1 and 65535');
  let path: string;
  try {
    path = decodeURIComponent(rest.slice(slash + 1));
  } catch {
    throw invalid('the path is not properly percent-encoded');
  }
  const user = userInfo === undefined ? undefined : safeDecode(userInfo);
  checkParts(user, host, path);
  return { user, host: bare(host), port, path };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid('the user name is not properly percent-encoded');
  }
}

/** The location as shown in messages: user, host, port and path, never anything secret. */
export function formatSftpLocation(location: SftpLocation): string {
  const host = location.host.includes(':') ? `[${location.host}]` : location.host;
  const user = location.user === undefined ? '' : `${location.user}@`;
  const port = location.port === 22 ? '' : `:${location.port}`;
  return `sftp://${user}${host}${port}/${location.path}`;
}
