import { createContext, useContext } from 'react';
import type { Tone } from './dashboard-lines.js';

/** Semantic colour names; `undefined` from `useColors()` means "draw without colour" (NO_COLOR, dumb terminals). */
export type ColorName = Tone | 'keyword' | 'string' | 'comment' | 'number' | 'added' | 'removed' | 'changed' | 'selected';

const palette: Record<ColorName, string | undefined> = {
  plain: undefined,
  ok: 'green',
  warn: 'yellow',
  bad: 'red',
  muted: 'gray',
  accent: 'cyan',
  keyword: 'magenta',
  string: 'green',
  comment: 'gray',
  number: 'yellow',
  added: 'green',
  removed: 'red',
  changed: 'yellow',
  selected: 'cyan',
};

export const ColorEnabled = createContext<boolean>(true);

export interface Colors {
  (name: ColorName): string | undefined;
  /** bold is an escape sequence too: NO_COLOR output stays free of any */
  strong: boolean;
}

/** `color('bad')` → an Ink colour, or undefined when colours are off. */
export function useColors(): Colors {
  const enabled = useContext(ColorEnabled);
  const color = ((name: ColorName) => (enabled ? palette[name] : undefined)) as Colors;
  color.strong = enabled;
  return color;
}
