/**
 * Runs work for one key at a time, in call order: two detections on the same share must not both
 * find it writable and both lay a mount over it.
 */
export function serialiser(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const next = (tails.get(key) ?? Promise.resolve()).then(work, work);
    tails.set(key, next);
    const forget = (): void => {
      if (tails.get(key) === next) tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  };
}
