import { describe, expect, it } from 'vitest';
import { codeRecord, codeRecordOf } from './code-record';

describe('codeRecord', () => {
  it('is an ordinary empty object that takes code keys like any record', () => {
    const r = codeRecord<number>();
    expect(Object.keys(r)).toEqual([]);
    expect(JSON.stringify(r)).toBe('{}');
    r['503'] = 1;
    r['200'] = 2;
    r['-'] = 3;
    expect(r).toEqual({ '200': 2, '503': 1, '-': 3 });
    expect(JSON.stringify(r)).toBe('{"200":2,"503":1,"-":3}');
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  });

  it('builds from entries with the same keys, values and serialisation as Object.fromEntries', () => {
    const entries: [string, { rate: number }][] = [
      ['503', { rate: 0.5 }],
      ['-', { rate: 0.1 }],
      ['200', { rate: 9 }],
      ['14', { rate: 1 }],
    ];
    const r = codeRecordOf(entries);
    expect(r).toEqual(Object.fromEntries(entries));
    expect(JSON.stringify(r)).toBe(JSON.stringify(Object.fromEntries(entries)));
    expect(Object.keys(r)).toEqual(['14', '200', '503', '-']);
    expect(String(1 << 24) in r).toBe(false);
  });
});
