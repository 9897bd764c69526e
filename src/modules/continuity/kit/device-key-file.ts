import { decodeBase64url, encodeBase64url } from './base64.js';
import { kitError } from './errors.js';
import { KEY_ID_PATTERN } from './kit-header.js';

/**
 * A downtime device's own key: each kit wraps its data key for every registered device, so a device
 * opens its unit's kits without anyone typing the passphrase. The file format is shared by the CLI
 * that provisions devices and the viewer that reads the key file a user picks.
 */

export const DEVICE_KEY_FORMAT = 'lifeline-device-key/1';

export interface DeviceKey {
  deviceId: string;
  /** base64url of 32 random bytes */
  key: string;
}

export function generateDeviceKey(deviceId: string): DeviceKey {
  assertDeviceId(deviceId);
  return { deviceId, key: encodeBase64url(globalThis.crypto.getRandomValues(new Uint8Array(32))) };
}

export function parseDeviceKeyFile(text: string): DeviceKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('The device key file is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('The device key file is not a JSON object');
  }
  const fields = value as Record<string, unknown>;
  const keys = Object.keys(fields).sort().join(',');
  if (keys !== 'deviceId,format,key' || fields.format !== DEVICE_KEY_FORMAT) {
    throw invalid(`The device key file is not in the ${DEVICE_KEY_FORMAT} format`);
  }
  if (typeof fields.deviceId !== 'string' || typeof fields.key !== 'string') {
    throw invalid('The device key file lacks its device id or key');
  }
  const deviceKey = { deviceId: fields.deviceId, key: fields.key };
  assertDeviceId(deviceKey.deviceId);
  deviceKeyBytes(deviceKey);
  return deviceKey;
}

export function serialiseDeviceKeyFile(deviceKey: DeviceKey): string {
  assertDeviceId(deviceKey.deviceId);
  deviceKeyBytes(deviceKey);
  return `${JSON.stringify({ format: DEVICE_KEY_FORMAT, deviceId: deviceKey.deviceId, key: deviceKey.key }, null, 2)}\n`;
}

export function deviceKeyBytes(deviceKey: DeviceKey): Uint8Array {
  const bytes = decodeBase64url(deviceKey.key);
  if (bytes?.length !== 32) throw invalid('The device key is not 32 bytes of base64url');
  return bytes;
}

export function assertDeviceId(deviceId: string): void {
  if (!KEY_ID_PATTERN.test(deviceId)) {
    throw invalid('A device id is 1 to 128 letters, digits, dots, dashes or underscores');
  }
}

function invalid(message: string) {
  return kitError('CONTINUITY_KIT_KEY_INVALID', message, { key: 'device' });
}
