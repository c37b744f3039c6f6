import { useCallback, useReducer, useRef, type RefObject } from 'react';

/**
 * `useReducer` plus a ref that always holds the newest state. Keys can arrive faster than React
 * commits (held-down arrows, pasted text), and an input handler created at the previous render would
 * otherwise act on stale state: handlers read `ref.current`, which every dispatch updates at once.
 */
export function useSyncReducer<S, A>(reducer: (state: S, action: A) => S, initial: S): [S, (action: A) => void, RefObject<S>] {
  const [state, dispatch] = useReducer(reducer, initial);
  const ref = useRef(state);
  const syncDispatch = useCallback(
    (action: A) => {
      ref.current = reducer(ref.current, action);
      dispatch(action);
    },
    [reducer],
  );
  return [state, syncDispatch, ref];
}

/** A ref to the latest value seen at render (for input handlers that may run before a re-render). */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
