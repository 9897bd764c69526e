import { describe, expect, it } from 'vitest';

import { cutOffSambaClient } from './samba-cutoff.js';

describe('cutting off a Samba client', () => {
  it('refuses anything but an IP address, before running smbcontrol', async () => {
    for (const address of ['', 'WS-0412', '10.1.2.3; reboot', '-h', '10.1.2.3:445']) {
      const outcome = await cutOffSambaClient(address, { smbcontrol: '/nonexistent/smbcontrol' });
      expect(outcome).toMatchObject({ action: 'kill', ok: false, detail: `${address} is not an IP address` });
    }
  });

  it('says when smbcontrol is not installed', async () => {
    expect(
      await cutOffSambaClient('10.1.2.3', { smbcontrol: '/nonexistent/smbcontrol', action: 'suspend' }),
    ).toMatchObject({ action: 'suspend', ok: false, detail: expect.stringContaining('not installed') });
  });

  it('is not judged done when smbstatus cannot confirm the sessions are gone', async () => {
    const outcome = await cutOffSambaClient('fd00::7', {
      smbcontrol: '/bin/true',
      command: '/nonexistent/smbstatus',
    });
    expect(outcome).toMatchObject({ ok: false, detail: expect.stringContaining('cannot confirm') });
  });
});
