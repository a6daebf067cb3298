import { describe, expect, it } from 'vitest';
import { splitErrors } from './introduced';

const f = (code: string, message: string, severity: 'error' | 'warning' = 'error', path = 'spec') => ({
  code,
  message,
  severity,
  path,
});

describe('splitErrors', () => {
  it('errors the live object already had do not block; new ones do, even when paths moved', () => {
    const before = [f('KIA0203', 'subset v2-mysql selects no pods', 'error', 'spec.subsets[2]')];
    const after = [
      f('KIA0203', 'subset v2-mysql selects no pods', 'error', 'spec.subsets[3]'),
      f('IST0101', 'Referenced host not found: "ratingz"'),
      f('KIA0201', 'a warning', 'warning'),
    ];
    const split = splitErrors(after, before);
    expect(split.preexisting.map((x) => x.code)).toEqual(['KIA0203']);
    expect(split.introduced.map((x) => x.code)).toEqual(['IST0101']);
  });

  it('counts: a second copy of an existing error is introduced', () => {
    const e = f('KIA0203', 'same');
    expect(splitErrors([e, e], [e]).introduced).toHaveLength(1);
  });

  it('every error of a new object is introduced', () => {
    expect(splitErrors([f('IST0112', 'ports')], []).introduced).toHaveLength(1);
  });
});
