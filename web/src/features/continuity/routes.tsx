import type { RouteObject } from 'react-router';
import { RequirePermission } from '../shell/RequirePermission.js';
import { ContinuityLayout } from './ContinuityLayout.js';
import { DevicesPage } from './devices/DevicesPage.js';
import { OverviewPage } from './overview/OverviewPage.js';
import { ReconcilePage } from './reconcile/ReconcilePage.js';

/**
 * /continuity and its pages, all behind continuity.read (counts and times, no patient data). The
 * reconciliation queue shows patients and needs continuity.reconcile; buttons that change something
 * check their own permission.
 */
export const continuityRoute: RouteObject = {
  path: 'continuity',
  element: (
    <RequirePermission permission="continuity.read">
      <ContinuityLayout />
    </RequirePermission>
  ),
  children: [
    { index: true, element: <OverviewPage /> },
    { path: 'devices', element: <DevicesPage /> },
    {
      path: 'reconcile',
      element: (
        <RequirePermission permission="continuity.reconcile">
          <ReconcilePage />
        </RequirePermission>
      ),
    },
  ],
};
