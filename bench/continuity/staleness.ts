/**
 * Part 4: staleness from an ADT message to the kit on a device, on the 100,000-patient site left by
 * site.ts. Every unit and the site have a passphrase; one laptop is registered for the largest unit
 * and pulls over HTTP with its own API token, as `lifeline continuity device sync` does. Per round:
 * an A01 for a new patient over MLLP (until the ACK), the scheduled delta job for every scope
 * (ContinuityService.buildAll('delta')), then the device's pull — back to back, so the sum is the
 * processing time; the schedule's waits are added in the report.
 *   npx tsx bench/continuity/staleness.ts <work dir>   → JSON lines on stdout
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ackCodeOf,
  applyDeltaChain,
  buildAdt,
  extractEnvelopes,
  openKit,
  parseDeviceKeyFile,
  sendMllp,
  syncDevice,
  type CensusEvent,
  type KitScope,
} from '../../src/modules/continuity/index.js';
// The ADT listener the platform starts when `continuity.mllp.enabled`; it keeps its port to itself.
/* eslint-disable no-restricted-imports */
import { adtListener } from '../../src/modules/continuity/platform/adt-listener.js';
/* eslint-enable no-restricted-imports */
import { peakRssKb } from '../detect/memory.js';
import { unitBeds } from './hospital.js';
import { BENCH_WHO, openBenchPlatform } from './platform.js';
import { emit, repeats, say } from './output.js';

const work = process.argv[2] ?? '/tmp/continuity-bench';
const dir = join(work, 'site');
if (!existsSync(join(dir, 'lifeline.db'))) throw new Error(`run site.ts first: ${dir} holds no database`);
const rounds = repeats();
const now = new Date();

const bench = await openBenchPlatform(dir);
const { continuity, platform } = bench;
const mllp = await adtListener(
  { enabled: true, host: '127.0.0.1', port: 0, senders: [] },
  continuity.service,
  bench.logger,
  async (path) => readFileSync(path, 'utf8'),
);
try {
  const units = await continuity.stores.mirror.unitCounts();
  for (const { unit } of units) bench.addUnitPassphrase(unit);
  const target = [...units].sort((a, b) => b.patients - a.patients || a.unit.localeCompare(b.unit))[0];
  if (target === undefined) throw new Error('the site has no units');
  const scopeKey = `unit:${target.unit}`;
  // A fresh device each run: the database stays between runs, and a device id is registered once.
  const registered = await continuity.devices.register(
    { deviceId: `bench-laptop-${Date.now()}`, name: 'Benchmark laptop', scopeKey },
    BENCH_WHO,
  );
  const deviceKey = parseDeviceKeyFile(registered.keyFile);
  const { user } = await platform.services.users.create(
    {
      username: `bench-${Date.now()}`,
      displayName: 'Benchmark',
      role: 'admin',
      password: 'benchmark-password-2026-long',
    },
    { actor: BENCH_WHO.actor, sourceIp: null },
  );
  const { secret } = await platform.services.tokens.create(
    user,
    { name: deviceKey.deviceId, scopes: ['continuity.device.sync'] },
    BENCH_WHO.actor,
    null,
  );
  say(
    `== staleness: full kits for every scope (${units.length} units and the site), then ${rounds} ADT rounds`,
  );
  const fullStarted = performance.now();
  await continuity.service.buildAll('full', BENCH_WHO);
  const fullSeconds = (performance.now() - fullStarted) / 1000;
  const server = await bench.listen();
  const signer = await continuity.keys.kitSigner();
  const deviceDir = join(work, 'device');
  rmSync(deviceDir, { recursive: true, force: true });
  const sync = () =>
    syncDevice({
      server,
      deviceId: deviceKey.deviceId,
      token: secret,
      signer: { keyId: signer.keyId, publicKey: signer.publicKey },
      dir: deviceDir,
      keep: 3,
    });
  await sync();

  // The scheduled job builds the scopes one after another; note when the device's scope was done.
  const service = continuity.service;
  const buildKit = service.buildKit.bind(service);
  let scopeReady = NaN;
  service.buildKit = async (scope: KitScope, kind, who) => {
    const outcome = await buildKit(scope, kind, who);
    if (scope.kind === 'unit' && scope.unit === target.unit) scopeReady = performance.now();
    return outcome;
  };

  const occupied = new Set((await continuity.stores.mirror.unitBeds(target.unit)).map((spot) => spot.bed));
  const free = unitBeds(target.unit, now).filter((spot) => !occupied.has(spot.bed));
  for (let round = 1; round <= rounds; round += 1) {
    const spot = free[round - 1] ?? { room: 'bench', bed: `bench-${round}` };
    const mrn = `BENCH${Date.now()}`;
    const event: CensusEvent = {
      kind: 'admit',
      trigger: 'A01',
      messageControlId: `bench-${mrn}`,
      at: new Date().toISOString(),
      patient: { mrn, family: 'Benchmark', given: 'Round', birthDate: '1950-01-01', gender: 'female' },
      location: { unit: target.unit, room: spot.room, bed: spot.bed },
      priorLocation: null,
      visitNumber: `V${mrn}`,
      patientClass: 'I',
    };
    const message = buildAdt(event, { sendingApplication: 'BENCH-ADT', sendingFacility: 'AZB' });
    const sent = performance.now();
    const ack = await sendMllp({ host: '127.0.0.1', port: mllp.port }, message);
    const acked = performance.now();
    if (ackCodeOf(ack) !== 'AA') throw new Error(`the ADT message was answered ${ackCodeOf(ack)}`);
    const outcomes = await continuity.service.buildAll('delta', BENCH_WHO);
    const built = performance.now();
    const pulled = await sync();
    const onDevice = performance.now();
    if (!pulled.changed) throw new Error('the device pulled no new kit');
    // Outside the clock: the device's file really holds the new patient in the right bed.
    const envelopes = extractEnvelopes(readFileSync(pulled.file, 'utf8'));
    const opened = [];
    for (const envelope of envelopes) {
      opened.push((await openKit(envelope, { deviceKey }, { trustedSigners: [signer] })).payload);
    }
    const [full, ...deltas] = opened;
    const admitted = full && applyDeltaChain(full, deltas).patients.find((patient) => patient.mrn === mrn);
    if (admitted?.location?.bed !== spot.bed) throw new Error('the device kit lacks the admitted patient');
    // The same again as it runs in a serving process: no job is called; the ADT change itself has the
    // unit's delta built a few seconds later, and the device pulls every 250 ms until it has it.
    const second = {
      ...event,
      messageControlId: `bench-${mrn}-2`,
      at: new Date().toISOString(),
      patient: { ...event.patient, mrn: `${mrn}B` },
      location: { unit: target.unit, room: spot.room, bed: `${spot.bed}-b` },
    };
    // Let the delta the first admission triggered finish, so this one starts its own wait.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    const sentAgain = performance.now();
    const ackAgain = await sendMllp(
      { host: '127.0.0.1', port: mllp.port },
      buildAdt(second, { sendingApplication: 'BENCH-ADT', sendingFacility: 'AZB' }),
    );
    if (ackCodeOf(ackAgain) !== 'AA') throw new Error(`the ADT message was answered ${ackCodeOf(ackAgain)}`);
    let eventDrivenSeconds = NaN;
    for (let attempt = 0; attempt < 240; attempt += 1) {
      const pulledAgain = await sync();
      if (pulledAgain.changed) {
        const chain = [];
        for (const envelope of extractEnvelopes(readFileSync(pulledAgain.file, 'utf8'))) {
          chain.push((await openKit(envelope, { deviceKey }, { trustedSigners: [signer] })).payload);
        }
        const [base, ...rest] = chain;
        if (
          base &&
          applyDeltaChain(base, rest).patients.some((patient) => patient.mrn === second.patient.mrn)
        ) {
          eventDrivenSeconds = (performance.now() - sentAgain) / 1000;
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    emit({
      part: 'staleness',
      eventDrivenSeconds,
      round,
      unit: target.unit,
      unitPatients: target.patients,
      scopes: outcomes.length,
      deltasBuilt: outcomes.filter((outcome) => 'built' in outcome).length,
      fullBuildAllSeconds: fullSeconds,
      ackSeconds: (acked - sent) / 1000,
      deltaJobSeconds: (built - acked) / 1000,
      deviceScopeReadySeconds: (scopeReady - acked) / 1000,
      pullSeconds: (onDevice - built) / 1000,
      processingSeconds: (onDevice - sent) / 1000,
      envelopesOnDevice: envelopes.length,
      peakRssKb: peakRssKb(),
    });
  }
  await continuity.devices.revoke(deviceKey.deviceId, BENCH_WHO);
} finally {
  await mllp.close();
  await bench.close();
}
