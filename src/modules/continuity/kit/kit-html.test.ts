import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyDeltaChain } from './delta.js';
import { samplePatient, samplePayload, signerFixture, testDevice } from './kit.testkit.js';
import { escapeHtml, escapeJsonForScript, renderKitHtml } from './kit-html.js';
import { extractEnvelopes, readSigner } from './kit-html-read.js';
import { openKit } from './open-kit.js';
import { sealKit } from './seal-kit.js';

const { signer, trusted } = signerFixture();
const identity = { keyId: signer.keyId, publicKey: signer.publicKey };
const viewerScript = 'document.body.dataset.ready = "1";\r\nconsole.log(1 < 2);';
const recipients = [{ kind: 'device' as const, deviceKey: testDevice }];

async function sealedChain(): Promise<string[]> {
  const hostile = samplePatient('p1', { family: '</script><script>alert(1)</script>', given: '<!-- x' });
  const full = await sealKit(samplePayload({ kitId: 'full-1', patients: [hostile] }), { signer, recipients });
  const firstDelta = await sealKit(
    samplePayload({
      kitId: 'delta-1',
      kind: 'delta',
      baseKitId: 'full-1',
      patients: [samplePatient('p2', { codeStatus: '</SCRIPT >' })],
    }),
    { signer, recipients },
  );
  const secondDelta = await sealKit(
    samplePayload({
      kitId: 'delta-2',
      kind: 'delta',
      baseKitId: 'delta-1',
      patients: [],
      removedPatientIds: ['p2'],
    }),
    { signer, recipients },
  );
  return [full, firstDelta, secondDelta];
}

describe('renderKitHtml and extractEnvelopes', () => {
  it('round-trips several envelopes, and the kits inside still open and chain', async () => {
    const envelopes = await sealedChain();
    const html = renderKitHtml({ envelopes, viewerScript, title: 'ICU kit', signer: identity });
    expect(extractEnvelopes(html)).toEqual(envelopes);
    expect(readSigner(html)).toEqual(identity);
    const opened = await Promise.all(
      extractEnvelopes(html).map((envelope) =>
        openKit(envelope, { deviceKey: testDevice }, { trustedSigners: trusted }),
      ),
    );
    const [full, ...deltas] = opened.map((kit) => kit.payload);
    const current = applyDeltaChain(full!, deltas);
    expect(current.patients.map((patient) => patient.family)).toEqual(['</script><script>alert(1)</script>']);
  });

  it('allows only the exact inline viewer by hash and no network', async () => {
    const html = renderKitHtml({
      envelopes: await sealedChain(),
      viewerScript,
      title: 'ICU',
      signer: identity,
    });
    const inline = /<script>([\s\S]*)<\/script>\n<\/body>/.exec(html)?.[1];
    expect(inline).toBe('document.body.dataset.ready = "1";\nconsole.log(1 < 2);');
    const hash = createHash('sha256').update(inline!, 'utf8').digest('base64');
    expect(html).toContain(
      `content="default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src data:"`,
    );
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta name="lifeline-signer" content="${signer.keyId}:${signer.publicKey}">`);
  });

  it('escapes the title and never lets JSON close its script element', () => {
    expect(escapeHtml(`<b>"ICU" & 'ER'</b>`)).toBe('&#60;b&#62;&#34;ICU&#34; &#38; &#39;ER&#39;&#60;/b&#62;');
    const escaped = escapeJsonForScript(JSON.stringify({ text: '</script><!-- <script>' }));
    expect(escaped).not.toContain('<');
    expect(JSON.parse(escaped)).toEqual({ text: '</script><!-- <script>' });
  });

  it('puts the escaped title in the head', async () => {
    const [full] = await sealedChain();
    const html = renderKitHtml({
      envelopes: [full!],
      viewerScript,
      title: 'ICU </title><script>',
      signer: identity,
    });
    expect(html).toContain('<title>ICU &#60;/title&#62;&#60;script&#62;</title>');
  });

  it('refuses a viewer script that could end its element, no envelopes, or a non-envelope', async () => {
    const [full] = await sealedChain();
    for (const script of ['a("</script>")', 'a("</SCRIPT")', 'x = "<!--"', 'x="\u0000"']) {
      expect(() =>
        renderKitHtml({ envelopes: [full!], viewerScript: script, title: 't', signer: identity }),
      ).toThrow(expect.objectContaining({ code: 'CONTINUITY_KIT_HTML_INVALID' }));
    }
    expect(() => renderKitHtml({ envelopes: [], viewerScript, title: 't', signer: identity })).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_HTML_INVALID' }),
    );
    expect(() =>
      renderKitHtml({ envelopes: ['{"a":"</script>"}'], viewerScript, title: 't', signer: identity }),
    ).toThrow(expect.objectContaining({ code: 'CONTINUITY_KIT_ENVELOPE_INVALID' }));
  });

  it('refuses HTML that is not a kit, with a clear error', async () => {
    const [full] = await sealedChain();
    const cases = [
      '<!doctype html><html><body><p>Hello</p></body></html>',
      '<script type="application/json" class="lifeline-kit">{"protected":"x"}</script>',
      `<script type="application/json" class="lifeline-kit">${full!}`,
      '',
    ];
    for (const html of cases) {
      expect(() => extractEnvelopes(html)).toThrow(
        expect.objectContaining({ code: 'CONTINUITY_KIT_HTML_INVALID' }),
      );
    }
    expect(() => extractEnvelopes(cases[0]!)).toThrow('The file holds no Lifeline kit');
    expect(() => readSigner(cases[0]!)).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_HTML_INVALID' }),
    );
    expect(() => readSigner('<meta name="lifeline-signer" content="id-only">')).toThrow(
      expect.objectContaining({ code: 'CONTINUITY_KIT_HTML_INVALID' }),
    );
  });

  it('skips other scripts, including one that mentions a kit block in its text', async () => {
    const [full] = await sealedChain();
    const html = [
      '<script>var s = "<script type=application/json class=lifeline-kit>nope";</script>',
      `<SCRIPT class='other lifeline-kit' type='Application/JSON'>\n${full!}\n</SCRIPT >`,
    ].join('');
    expect(extractEnvelopes(html)).toEqual([full]);
  });
});
