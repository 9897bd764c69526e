import { Outlet, type RouteObject } from 'react-router';
import { RequirePermission } from '../shell/RequirePermission.js';
import { DetectionPage } from './DetectionPage.js';
import { SentinelPage } from './SentinelPage.js';

/** /sentinel and a detection's page, behind sentinel.read; buttons check sentinel.respond. */
export const sentinelRoute: RouteObject = {
  path: 'sentinel',
  element: (
    <RequirePermission permission="sentinel.read">
      <Outlet />
    </RequirePermission>
  ),
  children: [
    { index: true, element: <SentinelPage /> },
    { path: 'detections/:id', element: <DetectionPage /> },
  ],
};
