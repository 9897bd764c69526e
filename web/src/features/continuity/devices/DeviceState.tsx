import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatCount } from '../shared/format.js';
import type { Device } from '../types.js';

type State = 'revoked' | 'stale' | 'waiting' | 'current';

function stateOf(device: Device): State {
  if (device.revokedAt !== null) return 'revoked';
  if (device.stale) return 'stale';
  if (device.lastDataAsOf === null) return 'waiting';
  return 'current';
}

/**
 * The device's state in words; its class lets the stylesheet grey out the whole row of a revoked
 * device and colour a stale one, so colour only repeats what the words say.
 */
export function DeviceState({ device }: { device: Device }) {
  const t = useT();
  const state = stateOf(device);
  return (
    <span className={`badge device-state device-state-${state}`}>
      {t(`continuity.devices.state.${state}`)}
    </span>
  );
}

/** Minutes since the data of the device's newest kit; red once the server calls it stale. */
export function DeviceFreshness({ device }: { device: Device }) {
  const t = useT();
  const { locale } = useLocale();
  if (device.ageMinutes === null) return <>{t('continuity.devices.noKitYet')}</>;
  const text = t('continuity.devices.ageMinutes', { minutes: formatCount(device.ageMinutes, locale) });
  return device.stale && device.revokedAt === null ? (
    <strong className="age-stale">{text}</strong>
  ) : (
    <span>{text}</span>
  );
}
