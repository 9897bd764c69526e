import { useT } from '../../../i18n/I18nProvider.js';

/**
 * The key that signs every kit. A device's viewer pins it on first unlock and refuses kits signed by
 * any other; staff compare this id with the one the viewer shows when they set a device up.
 */
export function SignerPanel({ signer }: { signer: { keyId: string; publicKey: string } }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="continuity-signer-title">
      <h2 id="continuity-signer-title">{t('continuity.signer.title')}</h2>
      <p className="hint">{t('continuity.signer.intro')}</p>
      <dl className="facts">
        <dt>{t('continuity.signer.keyId')}</dt>
        <dd>
          <code data-testid="signer-key-id">{signer.keyId}</code>
        </dd>
        <dt>{t('continuity.signer.publicKey')}</dt>
        <dd>
          <code className="public-key">{signer.publicKey}</code>
        </dd>
      </dl>
    </section>
  );
}
