// Who is signed in, for every page: read once from GET /api/auth/me, updated on sign-in and sign-out.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, get, post } from '../api/client.ts';
import type { AuthSession, User } from '../api/types.ts';

interface Auth {
  /** undefined while the first answer is awaited; null when nobody is signed in. */
  user: User | null | undefined;
  signIn(email: string, password: string): Promise<User>;
  signUp(name: string, email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    get<AuthSession>('/api/auth/me')
      .then((s) => live && setUser(s.user))
      .catch((error: unknown) => {
        if (live) setUser(null);
        if (!(error instanceof ApiError)) console.warn(error);
      });
    return () => {
      live = false;
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const s = await post<AuthSession>('/api/auth/signin', { email, password });
    setUser(s.user);
    return s.user;
  }, []);
  const signUp = useCallback(async (name: string, email: string, password: string) => {
    const s = await post<AuthSession>('/api/auth/signup', { name, email, password });
    setUser(s.user);
    return s.user;
  }, []);
  const signOut = useCallback(async () => {
    await post<null>('/api/auth/signout');
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, signIn, signUp, signOut }), [user, signIn, signUp, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

export const isStaff = (user: User | null | undefined): boolean => user?.role === 'staff' || user?.role === 'admin';
