import { createBrowserRouter, RouterProvider } from 'react-router';
import { AuditPage } from './features/audit/AuditPage.js';
import { continuityRoute } from './features/continuity/routes.js';
import { detectRoute } from './features/detect/routes.js';
import { sentinelRoute } from './features/sentinel/routes.js';
import { LoginPage } from './features/auth/LoginPage.js';
import { SettingsPage } from './features/settings/SettingsPage.js';
import { HomePage } from './features/shell/HomePage.js';
import { Layout } from './features/shell/Layout.js';
import { NotFound } from './features/shell/NotFound.js';
import { RequireAuth } from './features/shell/RequireAuth.js';
import { RequirePermission } from './features/shell/RequirePermission.js';
import { TokensPage } from './features/tokens/TokensPage.js';
import { UsersPage } from './features/users/UsersPage.js';
import { VaultPage } from './features/vault/VaultPage.js';

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      {
        path: 'users',
        element: (
          <RequirePermission permission="users.read">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      {
        path: 'tokens',
        element: (
          <RequirePermission permission="tokens.manage">
            <TokensPage />
          </RequirePermission>
        ),
      },
      {
        path: 'vault',
        element: (
          <RequirePermission permission="vault.read">
            <VaultPage />
          </RequirePermission>
        ),
      },
      detectRoute,
      continuityRoute,
      sentinelRoute,
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
