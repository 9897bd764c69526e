import { ApiError } from '../api/client.js';
import { hasMessage, type Translate } from '../i18n/I18nProvider.js';

/** A sentence for the user: our own translation for known codes, else what the server said. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    const key = `error.${error.code}`;
    if (hasMessage(key)) return t(key);
    return error.detail ?? error.message ?? t('error.unknown', { code: error.code });
  }
  return t('error.unknown', { code: error instanceof Error ? error.name : 'UNKNOWN' });
}
