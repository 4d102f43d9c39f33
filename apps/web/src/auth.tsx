import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, maySignInSilently, ok, refreshAccess, setAccessToken, WEB_CLIENT_HEADERS, whenSignedOut } from './api/client';
import type { Me } from './api/types';

interface AuthState {
  /** null while the session is being restored from the refresh cookie */
  status: 'restoring' | 'signed-out' | 'signed-in';
  me: Me | null;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  reload(): Promise<void>;
  can(permission: string): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

async function loadMe(): Promise<Me> {
  return ok<Me>(api.GET('/api/auth/me'));
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthState['status']>('restoring');
  const [me, setMe] = useState<Me | null>(null);

  const signedOut = useCallback(() => {
    setAccessToken(null);
    setMe(null);
    setStatus('signed-out');
  }, []);

  useEffect(() => {
    whenSignedOut(signedOut);
    // a reload: the access token is gone with the page, the httpOnly cookie brings the session back
    void (async () => {
      if (!maySignInSilently() || !(await refreshAccess())) return signedOut();
      try {
        setMe(await loadMe());
        setStatus('signed-in');
      } catch {
        signedOut();
      }
    })();
  }, [signedOut]);

  const value = useMemo<AuthState>(
    () => ({
      status,
      me,
      async signIn(username, password) {
        const pair = await ok<{ accessToken: string; mustChangePassword: boolean }>(
          api.POST('/api/auth/login', { body: { username, password }, headers: WEB_CLIENT_HEADERS }),
        );
        setAccessToken(pair.accessToken);
        const loaded = await loadMe();
        setMe(loaded);
        setStatus('signed-in');
        return loaded;
      },
      async signOut() {
        await api.POST('/api/auth/logout', { headers: WEB_CLIENT_HEADERS }).catch(() => undefined);
        signedOut();
      },
      async reload() {
        setMe(await loadMe());
      },
      can: (permission: string) => !!me?.permissions.includes(permission),
    }),
    [status, me, signedOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
