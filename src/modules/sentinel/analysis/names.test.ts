import { describe, expect, it } from 'vitest';
import {
  isKnownExtension,
  isRenamedCopyOf,
  isTemporaryName,
  renameToUnknownExtension,
} from './extensions.js';
import { isRansomText, noteName } from './ransom-note.js';

describe('extensions', () => {
  it.each([
    ['/s/report.pdf', '/s/report.pdf.locked', true],
    ['/s/x.docx', '/s/x.docx.lockbit', true],
    ['/s/x.docx', '/s/x.crypt', true],
    ['/s/app.log', '/s/app.log.1', false],
    ['/s/app.log', '/s/app.log-20260101', false],
    ['/s/x.docx', '/s/~WRL0002.tmp', false],
    ['/s/~WRD0001.tmp', '/s/x.docx', false],
    ['/s/tmp_pack_ab12', '/s/pack-1f.pack', false],
    ['/s/index.lock', '/s/index', false],
    ['/s/x.pdf', '/s/x.pdf.gz', false],
  ])('%s → %s: %s', (from, to, expected) => {
    expect(renameToUnknownExtension(from, to)).toBe(expected);
  });

  it('knows rotation suffixes and temporary names', () => {
    expect(isKnownExtension('3')).toBe(true);
    expect(isKnownExtension('2026-01-01')).toBe(true);
    expect(isKnownExtension('locky')).toBe(false);
    expect(isTemporaryName('/s/~$rota.docx')).toBe(true);
    expect(isTemporaryName('/s/rota.docx')).toBe(false);
  });

  it('recognises copies of an original under an added or swapped extension', () => {
    expect(isRenamedCopyOf('/s/x.pdf.id-1.[a@b].locked', '/s/x.pdf')).toBe(true);
    expect(isRenamedCopyOf('/s/x.locked', '/s/x.pdf')).toBe(true);
    expect(isRenamedCopyOf('/s/x.pdf.gpg', '/s/x.pdf')).toBe(false);
    expect(isRenamedCopyOf('/s/x.pdf.1.gz', '/s/x.pdf.1')).toBe(false);
    expect(isRenamedCopyOf('/t/x.pdf.locked', '/s/x.pdf')).toBe(false);
  });
});

describe('ransom notes', () => {
  it.each([
    ['HOW_TO_DECRYPT.txt', 'strong'],
    ['Restore-My-Files.txt', 'strong'],
    ['_readme.txt', 'strong'],
    ['!!!READ_ME!!!.txt', 'strong'],
    ['info.hta', 'strong'],
    ['README.txt', 'generic'],
    ['readme.html', 'generic'],
    ['README.md', 'none'],
    ['rota.txt', 'none'],
  ])('%s is a %s note name', (name, kind) => {
    expect(noteName(`/s/${name}`)).toBe(kind);
  });

  it('needs two kinds of ransom phrase', () => {
    expect(isRansomText('All your files have been encrypted. Send 0.1 bitcoin to get them back.')).toBe(true);
    expect(
      isRansomText('<p>Your network has been <b>compromised</b>.</p><p>Visit http://abc.onion</p>'),
    ).toBe(true);
    expect(isRansomText('The bitcoin price rose today.')).toBe(false);
    expect(isRansomText('Ward rota for next week.')).toBe(false);
  });
});
