import type { AuditLog } from '../../../kernel/audit/log.js';
import { HEALTH_ALERT_EVENT, type HealthAlertData } from '../../../kernel/bus/health.js';
import type { EventBus } from '../../../kernel/bus/types.js';
import type { Clock } from '../../../kernel/clock.js';
import { LifelineError } from '../../../kernel/errors.js';
import { generateDeviceKey } from '../kit/index.js';
import { serialiseDeviceKeyFile } from '../kit/device-key-file.js';
import type { DeviceRecord, DeviceStore } from '../store/device-store.js';
import type { KitStore } from '../store/kit-store.js';

export interface Who {
  actor: string;
  sourceIp: string | null;
}

export interface DeviceFreshness extends DeviceRecord {
  /** Minutes since the data of the newest kit the device holds; null before its first sync. */
  ageMinutes: number | null;
  stale: boolean;
}

/** The alert raised once per stale spell of a device. */
export const DEVICE_STALE_RULE = 'lifeline-continuity-device-stale';

/**
 * Downtime devices: registered per scope with a key of their own (handed out once, as a key file),
 * tracked by the kits they pull, and flagged when their newest kit grows older than the limit.
 */
export class DeviceService {
  constructor(
    private readonly deps: {
      devices: DeviceStore;
      kits: KitStore;
      audit: AuditLog;
      bus: EventBus;
      clock: Clock;
      staleAfterMinutes: number;
      /** After a revocation: the scope's documentation key is retired, since the device holds it. */
      onRevoked?: (device: DeviceRecord) => Promise<void>;
    },
  ) {}

  /** Registers a device; the returned key file is shown once and never again. */
  async register(
    input: { deviceId: string; name: string; scopeKey: string },
    who: Who,
  ): Promise<{ device: DeviceRecord; keyFile: string }> {
    if (await this.deps.devices.get(input.deviceId)) {
      throw new LifelineError('CONFLICT', 'A device with that id is registered already', {
        deviceId: input.deviceId,
      });
    }
    const key = generateDeviceKey(input.deviceId);
    const device: DeviceRecord = {
      deviceId: input.deviceId,
      name: input.name,
      scopeKey: input.scopeKey,
      createdAt: this.deps.clock.now().toISOString(),
      createdBy: who.actor,
      lastSeenAt: null,
      lastKitId: null,
      lastDataAsOf: null,
      staleSince: null,
      revokedAt: null,
    };
    await this.deps.devices.add(device, key.key);
    await this.deps.audit.append({
      actor: who.actor,
      action: 'continuity.device.register',
      target: input.deviceId,
      outcome: 'success',
      details: { scope: input.scopeKey },
      sourceIp: who.sourceIp,
    });
    return { device, keyFile: serialiseDeviceKeyFile(key) };
  }

  async revoke(deviceId: string, who: Who): Promise<void> {
    const device = await this.require(deviceId);
    await this.deps.devices.revoke(deviceId, this.deps.clock.now().toISOString());
    await this.deps.onRevoked?.(device);
    await this.deps.audit.append({
      actor: who.actor,
      action: 'continuity.device.revoke',
      target: deviceId,
      outcome: 'success',
      sourceIp: who.sourceIp,
    });
  }

  /** The device may pull: it exists and is not revoked. */
  async requireActive(deviceId: string): Promise<DeviceRecord> {
    const device = await this.require(deviceId);
    if (device.revokedAt !== null) {
      throw new LifelineError('CONTINUITY_DEVICE_REVOKED', undefined, { deviceId });
    }
    return device;
  }

  async recordSync(deviceId: string, kit: { kitId: string; dataAsOf: string }): Promise<void> {
    await this.deps.devices.recordSync(deviceId, { at: this.deps.clock.now().toISOString(), ...kit });
  }

  async list(): Promise<DeviceFreshness[]> {
    const now = this.deps.clock.now().getTime();
    return (await this.deps.devices.list()).map((device) => this.freshness(device, now));
  }

  /**
   * Marks devices whose newest kit is older than the limit and announces each once; a device that
   * syncs again clears the mark. Revoked devices are not watched.
   */
  async checkFreshness(): Promise<DeviceFreshness[]> {
    const now = this.deps.clock.now();
    const newlyStale: DeviceFreshness[] = [];
    for (const device of await this.list()) {
      if (!device.stale || device.revokedAt !== null || device.staleSince !== null) continue;
      await this.deps.devices.markStale(device.deviceId, now.toISOString());
      newlyStale.push(device);
      const alert: HealthAlertData = {
        ruleId: DEVICE_STALE_RULE,
        title: 'Downtime device not refreshed',
        level: 'high',
        module: 'continuity',
        fields: {
          device: device.deviceId,
          device_name: device.name,
          scope: device.scopeKey,
          age_minutes: device.ageMinutes,
          limit_minutes: this.deps.staleAfterMinutes,
        },
        summary: `Downtime device ${device.deviceId} holds no kit newer than ${this.deps.staleAfterMinutes} minutes`,
      };
      await this.deps.bus.publish(HEALTH_ALERT_EVENT, alert);
    }
    return newlyStale;
  }

  private freshness(device: DeviceRecord, now: number): DeviceFreshness {
    const since = device.lastDataAsOf ?? device.createdAt;
    const ageMinutes = device.lastDataAsOf === null ? null : Math.floor((now - Date.parse(since)) / 60_000);
    const minutes = (now - Date.parse(since)) / 60_000;
    return {
      ...device,
      ageMinutes,
      stale: device.revokedAt === null && minutes > this.deps.staleAfterMinutes,
    };
  }

  private async require(deviceId: string): Promise<DeviceRecord> {
    const device = await this.deps.devices.get(deviceId);
    if (!device) throw new LifelineError('NOT_FOUND', 'No such device', { deviceId });
    return device;
  }
}
