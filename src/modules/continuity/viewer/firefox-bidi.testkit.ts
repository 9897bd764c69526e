import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Stock Firefox driven over WebDriver BiDi with the runtime's own WebSocket: playwright-core drives
 * only its patched Firefox, and the kit must work in the Firefox ESR that hospitals install.
 */

export const FIREFOX = process.env['LIFELINE_FIREFOX'] ?? '/usr/bin/firefox-esr';

/** Why the Firefox test cannot run here, or null when it can. */
export function firefoxUnavailable(): string | null {
  if (!existsSync(FIREFOX)) return `no Firefox at ${FIREFOX}`;
  if (typeof globalThis.WebSocket !== 'function')
    return 'this Node has no WebSocket (Node 22+, or --experimental-websocket)';
  return null;
}

export interface FirefoxPage {
  navigate(url: string): Promise<void>;
  /** Evaluates an expression (awaited when a promise) in the page and returns its value through JSON. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface BidiMessage {
  id?: number;
  error?: string;
  message?: string;
  result?: {
    type?: string;
    result?: { value?: unknown };
    exceptionDetails?: { text?: string };
    contexts?: { context: string }[];
  };
}

export async function launchFirefox(): Promise<FirefoxPage> {
  const profile = mkdtempSync(join(tmpdir(), 'lifeline-firefox-profile-'));
  const child: ChildProcess = spawn(
    FIREFOX,
    ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('Firefox did not start its WebDriver BiDi server')),
      30_000,
    );
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const found = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('exit', () => reject(new Error('Firefox exited before listening')));
  });
  const socket = new WebSocket(`${url.replace(/\/$/, '')}/session`);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let lastId = 0;
  const waiting = new Map<number, (message: BidiMessage) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as BidiMessage;
    if (message.id !== undefined) waiting.get(message.id)?.(message);
  });
  const send = async (method: string, params: Record<string, unknown>): Promise<BidiMessage> => {
    lastId += 1;
    const id = lastId;
    const answer = new Promise<BidiMessage>((resolve) => waiting.set(id, resolve));
    socket.send(JSON.stringify({ id, method, params }));
    const message = await answer;
    waiting.delete(id);
    if (message.error) throw new Error(`${method}: ${message.error} ${message.message ?? ''}`);
    return message;
  };
  await send('session.new', { capabilities: {} });
  const context = (await send('browsingContext.getTree', {})).result?.contexts?.[0]?.context;
  if (context === undefined) throw new Error('Firefox has no browsing context');

  // The value travels as JSON text: BiDi's own serialisation wraps every array item and object field.
  const evaluate = async <T>(expression: string): Promise<T> => {
    const wrapped = `(async () => JSON.stringify((await (${expression})) ?? null))()`;
    const answer = await send('script.evaluate', {
      expression: wrapped,
      target: { context },
      awaitPromise: true,
    });
    if (answer.result?.type === 'exception')
      throw new Error(`page exception: ${answer.result.exceptionDetails?.text ?? ''}`);
    return JSON.parse(String(answer.result?.result?.value)) as T;
  };
  return {
    async navigate(target) {
      await send('browsingContext.navigate', { context, url: target, wait: 'complete' });
    },
    evaluate,
    async waitFor(expression, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await evaluate<boolean>(`Boolean(${expression})`))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      socket.close();
      child.kill();
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
