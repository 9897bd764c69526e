import {
  killAction,
  readOnlyAction,
  scriptAction,
  suspendAction,
  webhookAction,
  type StopAction,
} from '../respond/index.js';
import { LifelineError } from '../../../kernel/errors.js';
import type { StopActionKind } from '../types.js';
import type { ShareOptions } from './options.js';

/** The share's configured actions, in order; an action whose settings are missing is a startup error. */
export function stopActionsFor(share: ShareOptions): StopAction[] {
  const kinds: StopActionKind[] = share.actions ?? ['suspend'];
  return kinds.map((kind) => {
    switch (kind) {
      case 'suspend':
        return suspendAction();
      case 'kill':
        return killAction();
      case 'read-only':
        return readOnlyAction();
      case 'script':
        if (!share.script)
          throw new LifelineError(
            'CONFIG_INVALID',
            `share ${share.path}: the script action needs a script path`,
          );
        return scriptAction({ path: share.script });
      case 'webhook':
        if (!share.webhook)
          throw new LifelineError('CONFIG_INVALID', `share ${share.path}: the webhook action needs a URL`);
        return webhookAction(share.webhook);
    }
  });
}
