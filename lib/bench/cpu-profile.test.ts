import { describe, expect, it } from 'vitest';
import { summarizeProfile, type CpuProfile } from './cpu-profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });

describe('summarizeProfile', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3, 4] },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('parse', 'http://x/_next/static/chunks/app.js?v=1', 9) },
      { id: 4, callFrame: frame('', 'http://x/_next/static/chunks/cy.js', 0) },
    ],
    startTime: 0,
    endTime: 10_000,
    // each sample's time is the next delta: 3 → 2 ms, 3 → 3 ms, 4 → 1 ms, 2 → 4 ms, last sample 0
    samples: [3, 3, 4, 2, 3],
    timeDeltas: [0, 2000, 3000, 1000, 4000],
  };

  it('sums self time per function and per script, largest first, leaving idle out', () => {
    const s = summarizeProfile(profile);
    expect(s.functions).toEqual([
      { name: 'parse app.js:10', ms: 5 },
      { name: '(anonymous) cy.js:1', ms: 1 },
    ]);
    expect(s.scripts).toEqual([
      { name: 'app.js', ms: 5 },
      { name: 'cy.js', ms: 1 },
    ]);
    expect(s.idleMs).toBe(4);
    expect(s.totalMs).toBe(10);
  });

  it('keeps the top rows only', () => {
    expect(summarizeProfile(profile, 1).functions).toEqual([{ name: 'parse app.js:10', ms: 5 }]);
  });
});
