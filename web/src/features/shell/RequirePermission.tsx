import type { ReactNode } from 'react';
import { can, useCurrentSession } from '../../api/session.js';
import { NotFound } from './NotFound.js';

/** Hides a page from roles that may not use it; the server enforces the same rule on every call. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const session = useCurrentSession();
  return can(session, permission) ? children : <NotFound />;
}
