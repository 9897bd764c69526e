import { describe, expect, it } from 'vitest';

import { normaliseAccessLog } from './web-access.js';

describe('access log lines', () => {
  it('reads the Combined Log Format into W3C names, numbers as numbers', () => {
    const result = normaliseAccessLog(
      '203.0.113.7 - - [03/Nov/2025:09:14:02 +0100] "GET /portal/login.php?user=admin&redirect=../../etc/passwd HTTP/1.1" ' +
        '404 512 "https://intranet.hospital.local/" "Mozilla/5.0 (X11; Linux x86_64) sqlmap/1.7"',
    );
    expect(result).toEqual({
      ok: true,
      time: '2025-11-03T08:14:02.000Z',
      fields: {
        'c-ip': '203.0.113.7',
        'cs-method': 'GET',
        'cs-uri': '/portal/login.php?user=admin&redirect=../../etc/passwd',
        'cs-uri-stem': '/portal/login.php',
        'cs-uri-query': 'user=admin&redirect=../../etc/passwd',
        'cs-uri-extension': 'php',
        'cs-version': 'HTTP/1.1',
        'sc-status': 404,
        'sc-bytes': 512,
        'cs-referer': 'https://intranet.hospital.local/',
        'cs-user-agent': 'Mozilla/5.0 (X11; Linux x86_64) sqlmap/1.7',
      },
    });
  });

  it('reads the Common Log Format with a user and no size', () => {
    const result = normaliseAccessLog(
      '10.1.2.3 - frank [10/Oct/2000:13:55:36 -0700] "POST /api/v1/orders HTTP/1.0" 201 -',
    );
    expect(result.ok && result.fields).toEqual({
      'c-ip': '10.1.2.3',
      'cs-username': 'frank',
      'cs-method': 'POST',
      'cs-uri': '/api/v1/orders',
      'cs-uri-stem': '/api/v1/orders',
      'cs-version': 'HTTP/1.0',
      'sc-status': 201,
    });
    expect(result.ok && result.time).toBe('2000-10-10T20:55:36.000Z');
  });

  it('takes the virtual host from a vhost-prefixed line', () => {
    const result = normaliseAccessLog(
      'emr.hospital.local:443 198.51.100.4 - - [03/Nov/2025:09:15:00 +0000] "GET /mgmt/tm/util/bash HTTP/1.1" 200 17 "-" "curl/8.4.0"',
    );
    expect(result.ok && result.fields).toMatchObject({
      'cs-host': 'emr.hospital.local',
      'c-ip': '198.51.100.4',
      'cs-uri': '/mgmt/tm/util/bash',
      'cs-user-agent': 'curl/8.4.0',
    });
    expect(result.ok && result.fields).not.toHaveProperty('cs-referer');
  });

  it('reads a proxy line: absolute URL, CONNECT host:port', () => {
    const get = normaliseAccessLog(
      '10.20.1.15 - - [03/Nov/2025:09:16:11 +0000] "GET http://files.example.net/dl/update.exe?id=7 HTTP/1.1" 200 73802 "-" "Microsoft BITS/7.8"',
    );
    expect(get.ok && get.fields).toMatchObject({
      'cs-uri': 'http://files.example.net/dl/update.exe?id=7',
      'cs-uri-stem': 'http://files.example.net/dl/update.exe',
      'cs-uri-extension': 'exe',
      'cs-host': 'files.example.net',
    });
    const connect = normaliseAccessLog(
      '10.20.1.15 - - [03/Nov/2025:09:16:12 +0000] "CONNECT pastebin.com:443 HTTP/1.1" 200 0',
    );
    expect(connect.ok && connect.fields).toMatchObject({ 'cs-method': 'CONNECT', 'cs-host': 'pastebin.com' });
    expect(connect.ok && connect.fields).not.toHaveProperty('cs-uri-extension');
  });

  it('unescapes quotes inside quoted parts and keeps a request it cannot split', () => {
    const result = normaliseAccessLog(
      '192.0.2.1 - - [03/Nov/2025:09:17:00 +0000] "\\x16\\x03\\x01" 400 226 "-" "a \\"quoted\\" agent"',
    );
    expect(result.ok && result.fields).toMatchObject({
      'cs-uri': '\\x16\\x03\\x01',
      'sc-status': 400,
      'cs-user-agent': 'a "quoted" agent',
    });
    expect(result.ok && result.fields).not.toHaveProperty('cs-method');
  });

  it('refuses lines of another shape with a reason that quotes nothing', () => {
    for (const line of [
      '',
      'GET / HTTP/1.1',
      '1.2.3.4 - - [yesterday] "GET / HTTP/1.1" 200 1',
      '1.2.3.4 - - [03/Nov/2025:09:17:00 +0000] GET / 200 1',
      '1.2.3.4 - - [03/Nov/2025:09:17:00 +0000] "GET /" OK 1',
    ]) {
      expect(normaliseAccessLog(line)).toEqual({
        ok: false,
        reason: 'not a Common or Combined Log Format line',
      });
    }
  });
});
