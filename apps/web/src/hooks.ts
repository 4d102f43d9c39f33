import { App } from 'antd';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from './api/client';

/** List state in the URL (page, pageSize, filters), so a reload or a shared link keeps it. */
export function useUrlState<K extends string>(defaults: Record<K, string>) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, params.get(k) ?? d])) as Record<K, string>;
  const set = useCallback(
    (changes: Partial<Record<K, string | number | null | undefined>>, resetPage = true) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes) as [string, string | number | null | undefined][]) {
            if (v === null || v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (resetPage && !('page' in changes)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [values, set] as const;
}

/** Shows an error's Chinese message from the API (or a generic one) as a toast. */
export function useErrorToast() {
  const { message } = App.useApp();
  return useCallback((e: unknown) => void message.error(errorText(e)), [message]);
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '操作失败，请稍后重试';
}
