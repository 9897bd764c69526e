import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { mountHolding, parseMountInfo, topMountAt } from './mountinfo.js';

const SAMPLE = [
  '26 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '30 26 0:25 / /srv/share\\040one rw,nosuid - tmpfs tmpfs rw,size=1024k',
  '42 30 0:25 / /srv/share\\040one ro,relatime shared:5 master:2 - tmpfs tmpfs rw',
].join('\n');

describe('mountinfo', () => {
  it('reads fields, optional tags and escaped spaces', () => {
    const mounts = parseMountInfo(SAMPLE);
    expect(mounts).toHaveLength(3);
    expect(mounts[2]).toMatchObject({
      id: 42,
      parentId: 30,
      mountPoint: '/srv/share one',
      fsType: 'tmpfs',
      options: ['ro', 'relatime'],
    });
    expect(topMountAt(mounts, '/srv/share one')?.id).toBe(42);
    expect(mountHolding(mounts, '/srv/share one/ward 4')?.id).toBe(42);
    expect(mountHolding(mounts, '/srv/share onex')?.id).toBe(26);
  });

  it('never throws on any input and only returns well-formed entries', () => {
    const line = fc
      .tuple(
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 8 }),
        fc.string({ maxLength: 12 }),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
      )
      .map(
        ([id, parent, root, point, tags]) =>
          `${id} ${parent} 0:${id % 9} ${root} /${point} rw ${tags.join(' ')} - ext4 src rw`,
      );
    fc.assert(
      fc.property(fc.array(fc.oneof(line, fc.string()), { maxLength: 20 }), (lines) => {
        for (const mount of parseMountInfo(lines.join('\n'))) {
          expect(Number.isInteger(mount.id)).toBe(true);
          expect(mount.device).toMatch(/^\d+:\d+$/);
        }
      }),
    );
  });
});
