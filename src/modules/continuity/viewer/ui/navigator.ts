import type { KitLocation } from '../../types.js';
import type { KitCode } from '../../types.js';

/** A medication line the MAR hands to the administration form. */
export interface MedicationPreset {
  given: boolean;
  medication: KitCode;
  orderId: string | null;
  plannedAt: string | null;
  dose: string | null;
}

export type View =
  | { kind: 'units' }
  | { kind: 'census'; unit: string }
  | { kind: 'patient'; key: string }
  | { kind: 'search'; query: string }
  | { kind: 'vitals'; key: string }
  | { kind: 'note'; key: string }
  | { kind: 'medication'; key: string; preset: MedicationPreset | null }
  | { kind: 'admission'; location: Partial<KitLocation> }
  | { kind: 'documentation' }
  | { kind: 'forms' };

/** The in-memory history behind Escape and Back; nothing goes into the URL, which could leak PHI. */
export class Navigator {
  private readonly stack: View[];

  constructor(
    home: View,
    private readonly show: (view: View, moved: boolean) => void,
  ) {
    this.stack = [home];
  }

  get current(): View {
    return this.stack[this.stack.length - 1] as View;
  }

  get canGoBack(): boolean {
    return this.stack.length > 1;
  }

  go(view: View): void {
    this.stack.push(view);
    this.show(view, true);
  }

  /** Swaps the current view without a history step (typing in the search box). */
  replace(view: View): void {
    this.stack[this.stack.length - 1] = view;
    this.show(view, false);
  }

  back(): void {
    if (this.stack.length > 1) this.stack.pop();
    this.show(this.current, true);
  }

  /** Returns to the view before a form, dropping the form from history. */
  home(): void {
    this.stack.splice(1);
    this.show(this.current, true);
  }

  redraw(): void {
    this.show(this.current, false);
  }
}
