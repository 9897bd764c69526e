import type { HealthAlertData } from './health.js';

/**
 * A module's report of an attack in progress, e.g. the sentinel stopping a writer that was
 * encrypting a file share. The detection module raises each as an alert like a Sigma match, so the
 * response module can open an incident from it; platform health stays on HEALTH_ALERT_EVENT.
 */
export const SECURITY_ALERT_EVENT = 'platform.security.alert';

export interface SecurityAlertData extends HealthAlertData {
  /** ATT&CK-style tags of the alert's rule, e.g. `attack.impact`, `attack.t1486`. */
  tags?: string[];
}
