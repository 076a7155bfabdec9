/**
 * Parts of the register page's UI that most MIS pages never show (the overlay until a register is
 * read, teach mode until it is opened) are not in the content script every page loads: the worker
 * injects their script into the page's frame with `scripting.executeScript` when they are needed.
 * Scripts an extension injects run in the same isolated world as its content script, so the
 * injected one hands its module over on that world's global object, under a symbol the page
 * cannot see (the page's own scripts live in another world). Nothing is web-accessible: a dynamic
 * `import()` of a chunk would need it to be, and would let any page probe for the extension.
 */
export interface InjectedModule<T> {
  /** The injected script's side: make the module available to the content script. */
  provide(module: T, scope?: object): void;
  /** The module, when its script already ran in this world. */
  provided(scope?: object): T | null;
  /**
   * The content script's side: the module, asking the worker to inject it the first time.
   * `inject` resolves true once the script ran. Null when it could not be loaded (the worker
   * stopped, the tab lost its permission); a later call tries again.
   */
  loader(inject: () => Promise<boolean>, scope?: object): () => Promise<T | null>;
}

export function injectedModule<T>(name: string): InjectedModule<T> {
  const key = Symbol.for(name);
  type Scope = { [key]?: T };
  const provided = (scope: object = globalThis): T | null => (scope as Scope)[key] ?? null;
  return {
    provide(module, scope = globalThis) {
      (scope as Scope)[key] = module;
    },
    provided,
    loader(inject, scope = globalThis) {
      let pending: Promise<T | null> | null = null;
      return () => {
        const ready = provided(scope);
        if (ready) return Promise.resolve(ready);
        pending ??= inject()
          .catch(() => false)
          .then((ran) => (ran ? provided(scope) : null))
          .finally(() => {
            pending = null;
          });
        return pending;
      };
    },
  };
}
