import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.resetModules();
});

describe('iconFontSettled', () => {
  it('resolves true once the font has loaded', async () => {
    vi.stubGlobal('document', { fonts: { load: () => Promise.resolve([{}]) } });
    const { iconFontSettled } = await import('./glyphs');
    await expect(iconFontSettled()).resolves.toBe(true);
  });

  it('resolves false after the timeout when the font never arrives, so the graph is drawn anyway', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('document', { fonts: { load: () => new Promise(() => undefined) } });
    const { iconFontSettled } = await import('./glyphs');
    const settled = iconFontSettled(1500);
    await vi.advanceTimersByTimeAsync(1499);
    let done = false;
    void settled.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(settled).resolves.toBe(false);
  });

  it('resolves false where there is no font loading API', async () => {
    vi.stubGlobal('document', {});
    const { iconFontSettled } = await import('./glyphs');
    await expect(iconFontSettled()).resolves.toBe(false);
  });
});
