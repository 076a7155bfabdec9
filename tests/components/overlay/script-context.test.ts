import { describe, expect, it, vi } from 'vitest';
import { scriptContext } from '../../../components/overlay/script-context';

describe("the content script's own context", () => {
  it('should be valid while the extension runs', () => {
    const ctx = scriptContext(document, () => 'ext-id');

    expect(ctx.isInvalid).toBe(false);
  });

  it('should become invalid, and take its things off the page once, when the extension is gone', () => {
    let id: string | undefined = 'ext-id';
    const ctx = scriptContext(document, () => id);
    const teardown = vi.fn();
    ctx.onInvalidated(teardown);

    id = undefined;

    expect(ctx.isInvalid).toBe(true);
    expect(ctx.isInvalid).toBe(true);
    expect(teardown).toHaveBeenCalledTimes(1);
  });

  it('should step aside for a newer copy of itself started in the same page, and only then', () => {
    const older = scriptContext(document, () => 'ext-id');
    const teardown = vi.fn();
    older.onInvalidated(teardown);
    const otherExtension = scriptContext(document, () => 'another-id');

    const newer = scriptContext(document, () => 'ext-id');

    expect(teardown).toHaveBeenCalledTimes(1);
    expect(older.isInvalid).toBe(true);
    expect(newer.isInvalid).toBe(false);
    expect(otherExtension.isInvalid).toBe(false);
  });

  it('should keep tearing down when one part throws', () => {
    let id: string | undefined = 'ext-id';
    const ctx = scriptContext(document, () => id);
    const after = vi.fn();
    ctx.onInvalidated(() => {
      throw new Error('already gone');
    });
    ctx.onInvalidated(after);

    id = undefined;

    expect(() => ctx.isInvalid).not.toThrow();
    expect(after).toHaveBeenCalledTimes(1);
  });
});
