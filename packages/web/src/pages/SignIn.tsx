// /signin?next=PATH: sign in or sign up, then back where the customer was.
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { AuthForm } from '../components/AuthForm.tsx';

/** Only paths of this site: never a redirect elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const reason = (location.state as { reason?: string } | null)?.reason;
  const next = safeNext(params.get('next'));
  return (
    <main id="main" className="narrow">
      <h1>Your account</h1>
      {reason ? <p className="notice">{reason}</p> : null}
      <AuthForm onDone={() => navigate(next, { replace: true })} initialMode={params.get('mode') === 'signup' ? 'signup' : 'signin'} />
    </main>
  );
}
