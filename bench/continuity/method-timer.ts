/**
 * Times methods of a live store object in place, so a phase of the real code path can be split into
 * its parts (SQL reads, SQL writes, the rest) without changing the module.
 */

export interface Accumulator {
  /** Milliseconds spent inside the wrapped method(s). */
  total: number;
  calls: number;
}

export function accumulator(): Accumulator {
  return { total: 0, calls: 0 };
}

type Undo = () => void;

/** Wraps an async method; `onFirst` runs at its first call (a phase boundary). */
export function timeMethod<T extends object>(
  target: T,
  name: keyof T & string,
  into: Accumulator,
  onFirst?: () => void,
): Undo {
  const original = target[name] as (...args: unknown[]) => Promise<unknown>;
  let first = true;
  (target as Record<string, unknown>)[name] = async (...args: unknown[]) => {
    if (first) {
      first = false;
      onFirst?.();
    }
    const started = performance.now();
    into.calls += 1;
    try {
      return await original.apply(target, args);
    } finally {
      into.total += performance.now() - started;
    }
  };
  return () => {
    (target as Record<string, unknown>)[name] = original;
  };
}

/** Wraps a method returning an async generator: the time spent producing its items adds up. */
export function timeGenerator<T extends object>(target: T, name: keyof T & string, into: Accumulator): Undo {
  const original = target[name] as (...args: unknown[]) => AsyncGenerator<unknown>;
  (target as Record<string, unknown>)[name] = async function* (...args: unknown[]) {
    const source = original.apply(target, args);
    into.calls += 1;
    for (;;) {
      const started = performance.now();
      const next = await source.next();
      into.total += performance.now() - started;
      if (next.done === true) return;
      yield next.value;
    }
  };
  return () => {
    (target as Record<string, unknown>)[name] = original;
  };
}
