import type { View } from './navigator.js';
import type { ViewerSession } from './session.js';

/** What every screen may use; screens never reach into the app shell itself. */
export interface ViewerContext {
  session: ViewerSession;
  now(): Date;
  go(view: View): void;
  back(): void;
  /** Draws the current screen again after a change made on it. */
  redraw(): void;
  /** Opens a patient's record and logs the opening. */
  openPatient(key: string): void;
  announce(text: string): void;
  /**
   * Saves a change through `change` and resolves true once it is stored; reports a refusal or a
   * storage failure (the change is then rolled back) and resolves false instead of losing it silently.
   */
  document(change: () => void): Promise<boolean>;
  print(sheet: HTMLElement): void;
}
