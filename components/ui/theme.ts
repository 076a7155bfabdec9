import { z } from 'zod';

export const themeChoiceSchema = z.enum(['system', 'light', 'dark']);
export type ThemeChoice = z.infer<typeof themeChoiceSchema>;

const KEY = 'register-lens:theme';

/** The theme is a per-device display choice, so it lives in localStorage, not school settings. */
export function loadTheme(storage: Pick<Storage, 'getItem'> | undefined): ThemeChoice {
  const parsed = themeChoiceSchema.safeParse(storage?.getItem(KEY));
  return parsed.success ? parsed.data : 'system';
}

export function saveTheme(storage: Pick<Storage, 'setItem'> | undefined, theme: ThemeChoice): void {
  storage?.setItem(KEY, theme);
}

export function applyTheme(root: HTMLElement, theme: ThemeChoice): void {
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

export function prefersReducedMotion(win: Pick<Window, 'matchMedia'> | undefined): boolean {
  return Boolean(win?.matchMedia?.('(prefers-reduced-motion: reduce)').matches);
}
