import { useId, useRef, useState, type FormEvent } from 'react';
import { ContinuityError } from '../shared/ContinuityError.js';
import { Notice } from '../../../components/Notice.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { formatCount } from '../shared/format.js';
import type { ReconcileImport } from '../types.js';
import { useImports, useUploadImport } from './reconcileApi.js';
import { BundleFileError, readBundleFile, type BundleFileProblem } from './readBundleFile.js';

/** Uploads the signed bundle a downtime viewer exported; a second upload of the same export adds nothing. */
export function ImportUpload() {
  const t = useT();
  const { locale } = useLocale();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const imports = useImports();
  const upload = useUploadImport();
  const [problem, setProblem] = useState<BundleFileProblem | 'continuity.upload.noFile' | null>(null);
  const [result, setResult] = useState<{ imported: ReconcileImport; again: boolean } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    upload.reset();
    const file = input.current?.files?.[0];
    if (!file) return setProblem('continuity.upload.noFile');
    let bundle: Record<string, unknown>;
    try {
      bundle = await readBundleFile(file);
    } catch (error) {
      return setProblem(error instanceof BundleFileError ? error.problem : 'continuity.upload.notJson');
    }
    setProblem(null);
    const known = new Set((imports.data ?? []).map((i) => i.id));
    upload.mutate(bundle, {
      onSuccess: (imported) => {
        setResult({ imported, again: known.has(imported.id) });
        if (input.current) input.current.value = '';
      },
    });
  }

  const counts = result && {
    items: formatCount(result.imported.items, locale),
    duplicates: formatCount(result.imported.duplicates, locale),
    openings: formatCount(result.imported.openings, locale),
  };
  return (
    <section className="panel" aria-labelledby="reconcile-upload-title">
      <h2 id="reconcile-upload-title">{t('continuity.upload.title')}</h2>
      <p className="hint">{t('continuity.upload.intro')}</p>
      <Notice>
        {result && counts
          ? result.again
            ? t('continuity.upload.again')
            : t('continuity.upload.done', counts)
          : null}
      </Notice>
      <ContinuityError error={upload.error} />
      <form className="upload" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={inputId}>{t('continuity.upload.file')}</label>
          <input
            id={inputId}
            ref={input}
            type="file"
            accept=".json,application/json,application/fhir+json"
            aria-describedby={problem ? `${inputId}-problem` : undefined}
            aria-invalid={problem ? true : undefined}
            onChange={() => setProblem(null)}
          />
          {problem && (
            <p className="field-error" id={`${inputId}-problem`} role="alert">
              {t(problem)}
            </p>
          )}
        </div>
        <div>
          <button type="submit" disabled={upload.isPending}>
            {upload.isPending ? t('continuity.upload.sending') : t('continuity.upload.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
