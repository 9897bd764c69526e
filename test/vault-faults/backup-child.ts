/**
 * A backup run in its own process, so that the fault tests can kill it with SIGKILL at any moment.
 * Configured through the environment: FAULT_REPO, FAULT_PASSWORD, FAULT_SOURCE, FAULT_PACK_SIZE.
 * Prints `started` once loaded and waits for a line on stdin, so the next run can warm up while the
 * parent checks the last one; then `ready` once the repository is open (the kill clock starts there),
 * `saved <type>` after each repository file is durable, and `done <snapshot id>` at the end.
 */
import { once } from 'node:events';
/* eslint-disable no-restricted-imports -- the child loads only the layers a backup uses (not the
   whole module with its remote backends), so that fifty spawns stay cheap. */
import { backup } from '../../src/modules/vault/archiver/backup.js';
import { LocalBackend } from '../../src/modules/vault/backend/local.js';
import type { FileType } from '../../src/modules/vault/backend/types.js';
import { chunkStream, createGearTable } from '../../src/modules/vault/chunker/index.js';
import { Repository } from '../../src/modules/vault/repo/repository.js';
/* eslint-enable no-restricted-imports */

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Reports every completed save, so the parent can aim kills at each stage of the write order. */
class ReportingBackend extends LocalBackend {
  override async save(type: FileType, name: string, data: Buffer): Promise<void> {
    await super.save(type, name, data);
    process.stdout.write(`saved ${type}\n`);
  }
}

process.stdout.write('started\n');
await once(process.stdin, 'data');

const packSize = Number(process.env.FAULT_PACK_SIZE ?? '0');
const backend = new ReportingBackend(required('FAULT_REPO'));
const repository = await Repository.open(backend, required('FAULT_PASSWORD'), {
  ...(packSize > 0 ? { packSize } : {}),
});
process.stdout.write('ready\n');
// As the service does it: a shared lock, and the repository's own keyed chunker.
const gear = createGearTable(Buffer.concat([repository.masterKey.encrypt, repository.masterKey.macK]));
const lock = await repository.lock({ exclusive: false });
let result;
try {
  result = await backup(repository, {
    paths: [required('FAULT_SOURCE')],
    chunk: (source) => chunkStream(source, { gear }),
  });
} finally {
  await lock.release();
}
if (result.stats.errors.length > 0) throw new Error(`backup reported ${result.stats.errors.length} errors`);
process.stdout.write(`done ${result.snapshotId}\n`);
