import type { Locator, Page } from 'playwright-core';

/** Steps the console scenarios share, written against accessible names as a user would find them. */
export function mainNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main navigation' });
}

export async function go(page: Page, name: string): Promise<void> {
  await mainNav(page).getByRole('link', { name, exact: true }).click();
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Lifeline' }).waitFor();
}
