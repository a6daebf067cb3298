import { describe, expect, it } from 'vitest';
import { startupChecks } from '@/lib/auth/startup';
import { backendUrlProblem, isLinkLocalOrMetadataHost } from './backends';

describe('backend URLs (S11)', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    'metadata.google.internal',
    'METADATA.GOOGLE.INTERNAL.',
    '[fe80::1]',
    'fd00:ec2::254',
    '100.100.100.200',
    '::ffff:169.254.169.254',
  ])('flags %s', (h) => {
    expect(isLinkLocalOrMetadataHost(h)).toBe(true);
  });
  it.each(['127.0.0.1', 'prometheus.istio-system', '10.0.0.1', '[::1]', 'fd00::1', 'localhost'])('allows %s', (h) => {
    expect(isLinkLocalOrMetadataHost(h)).toBe(false);
  });
  it('explains the refusal and honours the explicit allow flag', () => {
    expect(backendUrlProblem('http://169.254.169.254/latest/meta-data/', false)).toMatch(/BACKEND_ALLOW_LINK_LOCAL/);
    expect(backendUrlProblem('http://169.254.169.254/', true)).toBeNull();
    expect(backendUrlProblem('http://prometheus:9090', false)).toBeNull();
  });
  it('stops start-up on a metadata backend URL, naming the variable', () => {
    const exit: number[] = [];
    const lines: string[] = [];
    const error = console.error;
    console.error = (l: string) => lines.push(l);
    startupChecks({ PROMETHEUS_URL: 'http://169.254.169.254:9090' }, (c) => exit.push(c));
    startupChecks({ JAEGER_URL: 'http://metadata.google.internal/' }, (c) => exit.push(c));
    console.error = error;
    expect(exit).toEqual([1, 1]);
    expect(lines[0]).toMatch(/^ConfigError: PROMETHEUS_URL: points at a link-local/);
    expect(lines[1]).toMatch(/^ConfigError: JAEGER_URL: /);
  });
});
