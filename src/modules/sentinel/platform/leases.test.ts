import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifelineError } from '../../../kernel/errors.js';
import { sentinelModule } from '../../../server/modules.js';
import { type TestApp, createTestApp } from '../../../server/testkit.js';
import { sentinelConfigSchema } from '../config.js';
import type { SentinelPlatform } from './mount.js';
import { SentinelService } from './service.js';
import { standInFactory, standInResponders } from './sentinel.testkit.js';

/** Two processes on one database: one watches a share, the other stands by until it may take it. */

const SHARE = '/srv/shares/oncology';
const ORPHAN = '/srv/shares/orphaned';

let test: TestApp;
let first: SentinelPlatform;
const firstStand = standInFactory();
const services: SentinelService[] = [];

beforeAll(async () => {
  test = await createTestApp({
    config: { sentinel: { shares: [{ path: SHARE }] } },
    modules: [
      sentinelModule({
        createSentinel: firstStand.factory,
        responders: standInResponders(),
        expose: (p) => (first = p),
      }),
    ],
  });
  await test.platform.startModules();
});

afterAll(async () => {
  for (const service of services) await service.close();
  await test.close();
});

function secondProcess(shares: string[], refused: Array<[string, LifelineError]>) {
  const stand = standInFactory();
  const service = new SentinelService({
    ...test.services,
    config: sentinelConfigSchema.parse({ shares: shares.map((path) => ({ path })) }),
    stores: first.stores,
    createSentinel: stand.factory,
    responders: standInResponders(),
    observer: { refused: (share, error) => refused.push([share, error]) },
  });
  services.push(service);
  return { service, stand };
}

describe('one watching process per share', () => {
  it('refuses a share another live process watches, naming it, then takes it over once released', async () => {
    expect(first.service.watching()).toEqual([SHARE]);
    const refused: Array<[string, LifelineError]> = [];
    const { service, stand } = secondProcess([SHARE], refused);
    await service.start();
    expect(service.watching()).toEqual([]);
    expect(stand.sentinels.size).toBe(0);
    expect(refused).toHaveLength(1);
    const [share, error] = refused[0]!;
    expect(share).toBe(SHARE);
    expect(error.code).toBe('SENTINEL_SHARE_WATCHED');
    expect(error.status).toBe(409);
    expect(error.message).toContain(first.service.holder);
    expect(error.details).toMatchObject({ holder: first.service.holder, pid: process.pid });

    // The first process stops (its lease is given up); the next renewal round takes the share.
    await first.service.close();
    await service.renewLeases();
    expect(service.watching()).toEqual([SHARE]);
    expect(await first.stores.leases.get(SHARE)).toMatchObject({ holder: service.holder });
  });

  it('takes over a share whose holder’s lease ran out', async () => {
    await first.stores.leases.acquire(
      ORPHAN,
      { id: 'ward-b:77:dead', node: 'ward-b', pid: 77 },
      { now: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:01:30.000Z' },
      () => false,
    );
    const refused: Array<[string, LifelineError]> = [];
    const { service } = secondProcess([ORPHAN], refused);
    await service.start();
    expect(refused).toEqual([]);
    expect(service.watching()).toEqual([ORPHAN]);
    expect(await first.stores.leases.get(ORPHAN)).toMatchObject({ holder: service.holder });
  });

  it('stops watching a share whose lease another process took', async () => {
    const { service, stand } = secondProcess([], []);
    await service.watchShare({ path: '/srv/shares/stolen' });
    expect(service.watching()).toEqual(['/srv/shares/stolen']);
    await test.services.database.db
      .updateTable('sentinel_leases')
      .set({ holder: 'elsewhere:1:x' })
      .where('share', '=', '/srv/shares/stolen')
      .execute();
    await service.renewLeases();
    expect(service.watching()).toEqual([]);
    expect(stand.sentinels.get('/srv/shares/stolen')?.closed).toBe(true);
    // It stands by: once the other holder gives the share up, the next round takes it back.
    await first.stores.leases.release('/srv/shares/stolen', 'elsewhere:1:x');
    await service.renewLeases();
    expect(service.watching()).toEqual(['/srv/shares/stolen']);
  });
});
