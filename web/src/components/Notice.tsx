import type { ReactNode } from 'react';

/** A polite live region for the outcome of an action ("Saved.", "User created."). */
export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="alert alert-success" role="status">
      {children}
    </p>
  );
}
