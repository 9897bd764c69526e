import { readFile, writeFile } from 'node:fs/promises';
import { kitError } from './errors.js';
import { parseDeviceKeyFile, serialiseDeviceKeyFile, type DeviceKey } from './device-key-file.js';

/** Device key files on disk: readable by their owner only, never silently replaced. */

export async function writeDeviceKeyFile(
  path: string,
  deviceKey: DeviceKey,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  try {
    await writeFile(path, serialiseDeviceKeyFile(deviceKey), {
      mode: 0o600,
      flag: options.overwrite === true ? 'w' : 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw kitError('CONTINUITY_KIT_KEY_INVALID', 'A device key file exists already at that path', {
        key: 'device',
      });
    }
    throw error;
  }
}

export async function readDeviceKeyFile(path: string): Promise<DeviceKey> {
  return parseDeviceKeyFile(await readFile(path, 'utf8'));
}
