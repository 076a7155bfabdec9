import { describe, expect, it, vi } from 'vitest';
import {
  provideTeach,
  providedTeach,
  teachLoader,
  type TeachModule,
} from '../../../components/teach/lazy';

const teachModule = (): TeachModule => ({
  mountTeachPicker: () => () => undefined,
  mountMeaningDialog: () => () => undefined,
  css: '.rl-meaning{}',
});

describe('loading teach mode on demand', () => {
  it('should ask for the script once and hand over what it provided', async () => {
    const scope = {};
    const module = teachModule();
    const inject = vi.fn(async () => {
      provideTeach(module, scope);
      return true;
    });
    const load = teachLoader(inject, scope);

    const [first, second] = await Promise.all([load(), load()]);
    const third = await load();

    expect([first, second, third]).toEqual([module, module, module]);
    expect(inject).toHaveBeenCalledTimes(1);
  });

  it('should not ask at all when the script already ran in this world', async () => {
    const scope = {};
    provideTeach(teachModule(), scope);
    const inject = vi.fn(async () => true);

    await teachLoader(inject, scope)();

    expect(inject).not.toHaveBeenCalled();
  });

  it.each([
    ['the worker refused', async () => false],
    ['sending failed', async () => Promise.reject(new Error('No answer'))],
    ['the script ran but provided nothing', async () => true],
  ])('should give null when %s, and try again next time', async (_case, failing) => {
    const scope = {};
    const inject = vi.fn(failing);
    const load = teachLoader(inject, scope);

    const first = await load();
    await load();

    expect(first).toBeNull();
    expect(inject).toHaveBeenCalledTimes(2);
  });

  it('should keep the module out of sight of other scopes', () => {
    provideTeach(teachModule(), {});

    expect(providedTeach({})).toBeNull();
  });
});
