import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api } from '../../api/client.js';
import { sessionFromAnswer, useSession, useStoreSession } from '../../api/session.js';
import type { LoginAnswer, Session } from '../../api/types.js';
import { LanguagePicker } from './LanguagePicker.js';
import { MfaStep } from './MfaStep.js';
import { PasswordStep } from './PasswordStep.js';
import { SsoButton } from './SsoButton.js';

type Step = 'password' | 'mfa';

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  // Only same-site paths: never bounce a fresh session to another origin.
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function LoginPage() {
  const { data: session } = useSession();
  const location = useLocation();
  const storeSession = useStoreSession();
  const [step, setStep] = useState<Step>('password');
  const target = returnPath(location.state);

  // Storing the session re-renders this page, and the <Navigate> below takes the user on.
  function signedIn(next: Session) {
    storeSession(next);
  }

  const login = useMutation({
    mutationFn: (creds: { username: string; password: string }) =>
      api.post<LoginAnswer>('/api/auth/login', creds),
    onSuccess: (answer) => {
      if (answer.status === 'mfa-required') setStep('mfa');
      else signedIn(sessionFromAnswer(answer));
    },
  });
  const mfa = useMutation({
    mutationFn: (code: string) => api.post<Extract<LoginAnswer, { status: 'ok' }>>('/api/auth/mfa', { code }),
    onSuccess: (answer) => signedIn(sessionFromAnswer(answer)),
  });

  if (session) return <Navigate to={target} replace />;

  return (
    <div className="login-screen">
      <main className="login-card" id="main">
        <p className="brand-large" aria-hidden="true">
          Lifeline
        </p>
        {step === 'password' ? (
          <>
            <PasswordStep
              pending={login.isPending}
              error={login.error}
              onSubmit={(username, password) => login.mutate({ username, password })}
            />
            <SsoButton />
          </>
        ) : (
          <MfaStep
            pending={mfa.isPending}
            error={mfa.error}
            onSubmit={(code) => mfa.mutate(code)}
            onBack={() => {
              mfa.reset();
              login.reset();
              setStep('password');
            }}
          />
        )}
        <LanguagePicker />
      </main>
    </div>
  );
}
