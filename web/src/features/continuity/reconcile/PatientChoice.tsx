import { Field } from '../../../components/Field.js';
import { SelectField } from '../../../components/SelectField.js';
import { useT } from '../../../i18n/I18nProvider.js';
import type { PatientCandidate } from '../types.js';

/** The select value meaning "none of these: I type the id myself". */
export const OTHER_PATIENT = '__other__';

interface Props {
  who: string;
  candidates: readonly PatientCandidate[];
  choice: string;
  typedId: string;
  onChoice: (value: string) => void;
  onTypedId: (value: string) => void;
  errorId: string | undefined;
}

/**
 * Which EHR patient an unsure entry belongs to: one of the candidates the server found, or an id the
 * reviewer looked up in the EHR.
 */
export function PatientChoice({ who, candidates, choice, typedId, onChoice, onTypedId, errorId }: Props) {
  const t = useT();
  const typing = candidates.length === 0 || choice === OTHER_PATIENT;
  const describe = (c: PatientCandidate) =>
    [
      c.display,
      c.mrn && t('continuity.review.mrn', { mrn: c.mrn }),
      c.birthDate && t('continuity.review.born', { date: c.birthDate }),
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <>
      {candidates.length > 0 && (
        <SelectField
          label={t('continuity.review.candidate', { patient: who })}
          value={choice}
          onChange={(e) => onChoice(e.target.value)}
          options={[
            { value: '', label: t('continuity.review.choose') },
            ...candidates.map((c) => ({ value: c.patientId, label: describe(c) })),
            { value: OTHER_PATIENT, label: t('continuity.review.otherPatient') },
          ]}
        />
      )}
      {typing && (
        <Field
          label={t('continuity.review.patientId', { patient: who })}
          hint={t('continuity.review.patientIdHint')}
          value={typedId}
          onChange={(e) => onTypedId(e.target.value)}
          pattern="[A-Za-z0-9\-.]{1,64}"
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          aria-required
          errorId={errorId}
        />
      )}
    </>
  );
}
