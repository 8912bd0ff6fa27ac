// Sign in, or create an account: one form with a switch, used by the sign-in page and the checkout.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client.ts';
import { useAuth } from '../auth/auth.tsx';

export function AuthForm({ onDone, initialMode = 'signin' }: { onDone(): void; initialMode?: 'signin' | 'signup' }) {
  const auth = useAuth();
  const id = useId();
  const [mode, setMode] = useState<'signin' | 'signup'>(initialMode);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'signin') await auth.signIn(email, password);
      else await auth.signUp(name, email, password);
      onDone();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{mode === 'signin' ? 'Sign in' : 'Create an account'}</h2>
      {mode === 'signup' ? (
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-email`}>E-mail</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'signup' ? 8 : 1}
          aria-describedby={mode === 'signup' ? `${id}-password-hint` : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {mode === 'signup' ? (
          <p id={`${id}-password-hint`} className="hint">
            At least 8 characters.
          </p>
        ) : null}
      </div>
      <p className="problem" role="alert">
        {error ?? ''}
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
        <button type="button" className="link" onClick={() => setMode(mode === 'signin' ? 'signup' : 'signin')}>
          {mode === 'signin' ? 'New here? Create an account' : 'Have an account? Sign in'}
        </button>
      </div>
    </form>
  );
}
