import type { MeaningDialogProps } from './MeaningDialog';
import type { TeachPickerProps } from './TeachPicker';

/**
 * Teach mode and the "what does this mean?" list are opened on few visits, so they are not part
 * of the content script every MIS page loads: the worker injects `register-teach.js` into the
 * page's frame when the user opens one (`content:load-teach`). Scripts an extension injects run
 * in the same isolated world as its content script, so the injected one hands its mount
 * functions over on that world's global object, under a symbol the page cannot see.
 */
export interface TeachModule {
  mountTeachPicker(container: Element, props: TeachPickerProps): () => void;
  mountMeaningDialog(container: Element, props: MeaningDialogProps): () => void;
  /** Its stylesheet, for the overlay's shadow root (added once, on first use). */
  css: string;
}

export const TEACH_MODULE = Symbol.for('register-lens/teach');

type Scope = { [TEACH_MODULE]?: TeachModule };

/** The injected script's side: make the module available to the content script. */
export function provideTeach(module: TeachModule, scope: object = globalThis): void {
  (scope as Scope)[TEACH_MODULE] = module;
}

export function providedTeach(scope: object = globalThis): TeachModule | null {
  return (scope as Scope)[TEACH_MODULE] ?? null;
}

/**
 * The content script's side: the teach module, asking the worker to inject it the first time.
 * `inject` resolves true once the script ran. Null when it could not be loaded (the worker
 * stopped, the tab lost its permission); a later call tries again.
 */
export function teachLoader(
  inject: () => Promise<boolean>,
  scope: object = globalThis,
): () => Promise<TeachModule | null> {
  let pending: Promise<TeachModule | null> | null = null;
  return () => {
    const ready = providedTeach(scope);
    if (ready) return Promise.resolve(ready);
    pending ??= inject()
      .catch(() => false)
      .then((ran) => (ran ? providedTeach(scope) : null))
      .finally(() => {
        pending = null;
      });
    return pending;
  };
}
