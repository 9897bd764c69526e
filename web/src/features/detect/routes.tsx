import type { RouteObject } from 'react-router';
import { RequirePermission } from '../shell/RequirePermission.js';
import { AlertDetailPage } from './alert/AlertDetailPage.js';
import { AlertsPage } from './alerts/AlertsPage.js';
import { DetectLayout } from './DetectLayout.js';
import { FiltersPage } from './filters/FiltersPage.js';
import { RuleDetailPage } from './rules/RuleDetailPage.js';
import { RuleProblemsPage } from './rules/RuleProblemsPage.js';
import { RulesPage } from './rules/RulesPage.js';
import { SourcesPage } from './sources/SourcesPage.js';

/**
 * /detect and its pages, all behind detect.read; the filters page also needs detect.manage, and triage
 * buttons check detect.triage themselves.
 */
export const detectRoute: RouteObject = {
  path: 'detect',
  element: (
    <RequirePermission permission="detect.read">
      <DetectLayout />
    </RequirePermission>
  ),
  children: [
    { index: true, element: <AlertsPage /> },
    { path: 'alerts/:id', element: <AlertDetailPage /> },
    { path: 'rules', element: <RulesPage /> },
    { path: 'rules/problems', element: <RuleProblemsPage /> },
    { path: 'rules/:id', element: <RuleDetailPage /> },
    { path: 'sources', element: <SourcesPage /> },
    {
      path: 'filters',
      element: (
        <RequirePermission permission="detect.manage">
          <FiltersPage />
        </RequirePermission>
      ),
    },
  ],
};
