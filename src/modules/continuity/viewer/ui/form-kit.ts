import type { InputProblem } from '../documentation/inputs.js';
import { messages as t } from '../messages.js';
import type { ViewerContext } from './context.js';
import { button, field, h, replaceChildren, type Child } from './dom.js';

const FIELD_LABELS: Record<string, string> = {
  'heart-rate': t.heartRate,
  systolic: t.systolic,
  diastolic: t.diastolic,
  temperature: t.temperature,
  'respiratory-rate': t.respiratoryRate,
  spo2: t.spo2,
};

export function problemText(problem: InputProblem): string {
  if (problem.problem === 'range')
    return t.invalid.number(FIELD_LABELS[problem.field] ?? problem.field, problem.min, problem.max);
  return t.invalid[problem.problem];
}

export function input(name: string, props: Record<string, string | boolean> = {}): HTMLInputElement {
  return h('input', { name, ...props });
}

/**
 * A documentation form: labelled fields, an error summary read out when it appears, Save and Cancel.
 * A refused save keeps every typed value; Escape or Cancel go back without saving.
 */
export function documentationForm(
  context: ViewerContext,
  title: string,
  subtitle: Child,
  fields: Child[],
  onSave: (form: HTMLFormElement, showProblems: (problems: InputProblem[]) => void) => void | Promise<void>,
): HTMLElement {
  const summary = h('div', { class: 'form-problems', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary' }, t.save);
  const form = h(
    'form',
    { class: 'documentation-form', novalidate: true },
    summary,
    fields,
    h(
      'div',
      { class: 'actions' },
      save,
      button(t.cancel, () => context.back()),
    ),
  );
  const showProblems = (problems: InputProblem[]) => {
    form.querySelectorAll('[aria-invalid]').forEach((element) => element.removeAttribute('aria-invalid'));
    for (const problem of problems)
      form.querySelector(`[name="${problem.field}"]`)?.setAttribute('aria-invalid', 'true');
    replaceChildren(
      summary,
      problems.length === 0
        ? null
        : [
            h('p', {}, t.fixThese),
            h(
              'ul',
              {},
              problems.map((problem) => h('li', {}, problemText(problem))),
            ),
          ],
    );
    form.querySelector<HTMLElement>('[aria-invalid]')?.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // A save is written asynchronously; a second press meanwhile would record the entry twice.
    if (save.disabled) return;
    save.disabled = true;
    void (async () => {
      try {
        await onSave(form, showProblems);
      } finally {
        save.disabled = false;
      }
    })();
  });
  return h(
    'section',
    {},
    h('h1', { tabindex: '-1' }, title),
    h('p', { class: 'form-subject' }, subtitle),
    form,
  );
}

export function value(form: HTMLFormElement, name: string): string {
  const element = form.elements.namedItem(name);
  return element instanceof HTMLInputElement ||
    element instanceof HTMLSelectElement ||
    element instanceof HTMLTextAreaElement
    ? element.value
    : '';
}

export { field };
