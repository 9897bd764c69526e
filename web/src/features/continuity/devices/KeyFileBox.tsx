import { SecretBox } from '../../../components/SecretBox.js';
import { useT } from '../../../i18n/I18nProvider.js';
import { saveTextFile } from '../shared/saveTextFile.js';

interface Props {
  deviceId: string;
  name: string;
  keyFile: string;
  onDismiss: () => void;
}

/**
 * The device key file, handed out once: it unlocks the scope's kits without the passphrase, so it
 * goes onto the device now and is never shown again. Dismissing it forgets it in this tab too.
 */
export function KeyFileBox({ deviceId, name, keyFile, onDismiss }: Props) {
  const t = useT();
  const fileName = `lifeline-device-${deviceId}.key.json`;
  return (
    <SecretBox title={t('continuity.keyFile.title', { name })} onDismiss={onDismiss}>
      <p className="alert alert-warning">
        <strong>{t('continuity.keyFile.once')}</strong> {t('continuity.keyFile.explain')}
      </p>
      <pre className="secret-value key-file" data-testid="device-key-file">
        {keyFile}
      </pre>
      <p>
        <button type="button" onClick={() => saveTextFile(keyFile, fileName)}>
          {t('continuity.keyFile.download')}
        </button>{' '}
        <span className="hint">{fileName}</span>
      </p>
    </SecretBox>
  );
}
