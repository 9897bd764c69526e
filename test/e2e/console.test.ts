import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../src/server/testkit.js';
import { CHROMIUM, launchBrowser, screenshot, type Browser } from './browser.js';
import { go as goTo, mainNav, signIn as signInAs, signOut as signOutOf } from './steps.js';
import { stepAt, totp } from './totp.js';

const consoleDir = resolve('web/dist');
const nurse = { username: 'nurse.jansen', displayName: 'Nurse Jansen' };

// Locally a missing Chromium skips the suite; in CI it must fail, or a green run would prove nothing.
if (process.env.CI && !existsSync(CHROMIUM)) {
  throw new Error(`Chromium is missing at ${CHROMIUM}; install Debian's chromium package`);
}

describe.skipIf(!existsSync(CHROMIUM))('web console, end to end', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  let secret = '';
  let lastStep = 0;
  let nursePassword = '';

  const nav = () => mainNav(page);
  const go = (name: string) => goTo(page, name);
  const signIn = (username: string, password: string) => signInAs(page, username, password);
  const signOut = () => signOutOf(page);
  // The server refuses a TOTP step it has already accepted, so each sign-in uses a later one.
  const nextCode = () => {
    lastStep = Math.max(lastStep + 1, stepAt(Date.now()));
    return totp(secret, lastStep);
  };

  beforeAll(async () => {
    await build({ configFile: resolve('web/vite.config.ts'), logLevel: 'warn' });
    server = await startTestServer({ consoleDir });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `failed-${context.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends a signed-out visitor to the login page and explains a wrong password', async () => {
    await page.goto(`${server.url}/users`);
    await page.getByRole('heading', { name: 'Sign in to Lifeline' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login');
    await signIn(server.admin.username, 'not-the-password');
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'The username or password is wrong.',
    );
  });

  it('signs the administrator in and returns to the page first asked for', async () => {
    await signIn(server.admin.username, server.admin.password);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await go('Overview');
    await page.getByRole('heading', { name: 'Welcome, Test Administrator' }).waitFor();
    for (const name of ['Users', 'Audit log', 'API tokens', 'Settings']) {
      await expect(nav().getByRole('link', { name, exact: true }).count()).resolves.toBe(1);
    }
    await screenshot(page, 'home');
  });

  it('enrols two-factor authentication and shows the recovery codes once', async () => {
    await go('Settings');
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await screenshot(page, 'settings-mfa');
    await page.getByLabel('Code from your app').fill(nextCode());
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBeGreaterThanOrEqual(5);
    await page.getByText('Two-factor authentication is on.').waitFor();
  });

  it('asks for the second factor at the next sign-in', async () => {
    await signOut();
    await signIn(server.admin.username, server.admin.password);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await screenshot(page, 'login-mfa');
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('That code is not valid.');
    await page.getByLabel('Authentication code').fill(nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Welcome, Test Administrator' }).waitFor();
  });

  it('creates a clinician and shows the generated password once', async () => {
    await go('Users');
    await page.getByLabel('Username').fill(nurse.username);
    await page.getByLabel('Display name').fill(nurse.displayName);
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Clinician' });
    await page.getByRole('button', { name: 'Create user' }).click();
    const secretBox = page.getByRole('region', { name: `Initial password for ${nurse.username}` });
    nursePassword = ((await secretBox.getByTestId('initial-password').textContent()) ?? '').trim();
    expect(nursePassword.length).toBeGreaterThanOrEqual(12);
    const row = page.getByRole('row', { name: new RegExp(nurse.username) });
    await expect(row.getByLabel(`Role for ${nurse.username}`).inputValue()).resolves.toBe('clinician');
    await screenshot(page, 'users');
  });

  it('finds the user.create record in the audit log and verifies the chain', async () => {
    await go('Audit log');
    await page.getByLabel('Action starts with').fill('user.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.getByRole('row').filter({ hasText: 'user.create' }).filter({ hasText: nurse.username });
    await row.waitFor();
    await expect(page.getByRole('row').filter({ hasText: 'auth.login' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText(/The chain is intact: \d+ records verified\./).waitFor();
    await screenshot(page, 'audit');
  });

  it('creates an API token, shows its secret once, and revokes it', async () => {
    await go('API tokens');
    await page.getByLabel('Token name').fill('backup-monitor');
    await page.getByLabel('Expires after (days)').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('alert').filter({ hasText: 'Choose at least one scope.' }).waitFor();
    await page.getByRole('group', { name: 'Scopes' }).getByLabel('audit.read').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const tokenSecret = page
      .getByRole('region', { name: 'Secret for token backup-monitor' })
      .getByTestId('token-secret');
    expect(((await tokenSecret.textContent()) ?? '').length).toBeGreaterThanOrEqual(20);
    const row = page.getByRole('row', { name: /backup-monitor/ });
    await row.getByText('Active').waitFor();
    await screenshot(page, 'tokens');
    await row.getByRole('button', { name: 'Revoke backup-monitor' }).click();
    await row.getByText('Revoked').waitFor();
    await page.getByRole('status').filter({ hasText: 'Token backup-monitor was revoked.' }).waitFor();
  });

  it('works from the keyboard: skip link first, account menu opens and closes', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Welcome, Test Administrator' }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Skip to main content');
    const toggle = page.getByRole('button', { name: /Account menu/ });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.keyboard.press('Escape');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(false);
  });

  it('lets the administrator require two-factor authentication for clinicians', async () => {
    await go('Settings');
    const policy = page.getByRole('group', { name: 'Roles that must use two-factor authentication' });
    await policy.getByLabel('Clinician').check();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('status').filter({ hasText: 'The two-factor policy was saved.' }).waitFor();
    await signOut();
  });

  it('makes a clinician replace the generated password before anything else', async () => {
    await signIn(nurse.username, nursePassword);
    await page.getByRole('heading', { name: `Welcome, ${nurse.displayName}` }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Choose your own before you continue.' }).waitFor();
    await page.getByRole('link', { name: 'Choose a new password' }).click();
    const chosen = 'my-own-ward-password-7';
    await page.getByLabel('Current password').fill(nursePassword);
    await page.getByLabel('New password', { exact: true }).fill(chosen);
    await page.getByLabel('Repeat new password').fill(chosen);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password was changed.' }).waitFor();
    nursePassword = chosen;
  });

  it('shows a clinician the enrolment banner but neither Users nor Audit log, in their language', async () => {
    await go('Overview');
    await page
      .getByRole('status')
      .filter({ hasText: 'Your role requires two-factor authentication.' })
      .waitFor();
    await nav().getByRole('link', { name: 'Settings', exact: true }).waitFor();
    for (const name of ['Users', 'Audit log', 'API tokens']) {
      await expect(nav().getByRole('link', { name, exact: true }).count()).resolves.toBe(0);
    }
    await screenshot(page, 'clinician-home');
    await page.goto(`${server.url}/audit`);
    await page.getByRole('heading', { name: 'Page not available' }).waitFor();

    await go('Settings');
    await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('heading', { name: 'Instellingen', level: 1 }).waitFor();
    await screenshot(page, 'settings-nl');
    await page.getByRole('button', { name: /Accountmenu/ }).click();
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByRole('heading', { name: 'Aanmelden bij Lifeline' }).waitFor();
  });

  it('raised no script or console errors (a CSP violation would show here)', () => {
    expect(browser.problems).toEqual([]);
  });
});
