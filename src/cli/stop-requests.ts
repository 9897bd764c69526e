/**
 * What asks a running server to stop: SIGINT, SIGTERM or the caller's abort signal. The first request
 * starts a graceful shutdown; a second one (Ctrl+C pressed again) cuts it short.
 */
export interface StopRequests {
  readonly requested: Promise<string>;
  readonly forced: Promise<string>;
  dispose(): void;
}

export function listenForStop(signal?: AbortSignal): StopRequests {
  let first!: (reason: string) => void;
  let second!: (reason: string) => void;
  const requested = new Promise<string>((resolve) => (first = resolve));
  const forced = new Promise<string>((resolve) => (second = resolve));
  let count = 0;
  const request = (reason: string) => {
    count += 1;
    if (count === 1) first(reason);
    else second(reason);
  };
  const onInt = () => request('SIGINT');
  const onTerm = () => request('SIGTERM');
  const onAbort = () => request('abort');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    requested,
    forced,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
