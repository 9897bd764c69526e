import { ApiError } from '../api/client.js';
import { useT } from '../i18n/I18nProvider.js';
import { errorText } from './errorText.js';

interface Props {
  error: unknown;
  /** Lets the form's inputs point at this message with aria-describedby. */
  id?: string;
}

export function ErrorMessage({ error, id }: Props) {
  const t = useT();
  if (!error) return null;
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  const text = errorText(error, t);
  // The server's detail is worth showing only when it says more than the title ("at least 12 characters").
  const detail =
    error instanceof ApiError && error.detail && error.detail !== error.message && error.detail !== text
      ? error.detail
      : null;
  return (
    <div className="alert alert-error" role="alert" id={id}>
      <p>{text}</p>
      {detail && <p className="alert-detail">{detail}</p>}
      {fields.length > 0 && (
        <>
          <p>{t('error.fields')}</p>
          <ul>
            {fields.map((f) => (
              <li key={`${f.path}:${f.message}`}>
                <code>{f.path}</code>: {f.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
