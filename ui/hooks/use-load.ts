import { useCallback, useEffect, useReducer, useRef } from 'react';

export type LoadState<T> = { status: 'loading'; data?: T } | { status: 'ready'; data: T } | { status: 'error'; error: Error; data?: T };

type LoadAction<T> = { type: 'start' } | { type: 'done'; data: T } | { type: 'fail'; error: Error };

export function loadReducer<T>(state: LoadState<T>, action: LoadAction<T>): LoadState<T> {
  switch (action.type) {
    case 'start':
      return { status: 'loading', data: state.data };
    case 'done':
      return { status: 'ready', data: action.data };
    case 'fail':
      return { status: 'error', error: action.error, data: state.data };
  }
}

/** Runs `load` on mount and on `reload()`; keeps the previous data visible while reloading. */
export function useLoad<T>(load: () => Promise<T>): [LoadState<T>, () => void] {
  const [state, dispatch] = useReducer(loadReducer<T>, { status: 'loading' } as LoadState<T>);
  const loadRef = useRef(load);
  loadRef.current = load;
  const alive = useRef(true);
  const reload = useCallback(() => {
    dispatch({ type: 'start' });
    loadRef.current().then(
      (data) => alive.current && dispatch({ type: 'done', data }),
      (error: unknown) => alive.current && dispatch({ type: 'fail', error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }, []);
  useEffect(() => {
    alive.current = true;
    reload();
    return () => {
      alive.current = false;
    };
  }, [reload]);
  return [state, reload];
}
