import { createServer, request, type IncomingMessage } from 'node:http';
import * as http from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressInCidrs, installPeerHeader, parseCidr, peerAddress, PEER_HEADER } from './peer';

describe('trusted proxy addresses (S15)', () => {
  it('matches IPv4, IPv6 and IPv4-mapped addresses against CIDRs', () => {
    expect(addressInCidrs('10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(addressInCidrs('11.1.2.3', ['10.0.0.0/8'])).toBe(false);
    expect(addressInCidrs('::ffff:127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(addressInCidrs('::1', ['::1/128'])).toBe(true);
    expect(addressInCidrs('fd00::5', ['fd00::/8'])).toBe(true);
    expect(addressInCidrs('fe80::1', ['fd00::/8'])).toBe(false);
    expect(addressInCidrs('127.0.0.1', ['::1'])).toBe(false);
    expect(addressInCidrs(null, ['0.0.0.0/0'])).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('not-an-ip')).toBeNull();
  });

  it('trusts only the peer header stamped by our hook, never one a client sends', async () => {
    expect(peerAddress(new Headers({ [PEER_HEADER]: 'guess 10.0.0.5' }))).toBeNull();
    installPeerHeader(http);
    const seen: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      seen.push(peerAddress(new Headers(req.headers as Record<string, string>)) ?? 'none');
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) =>
      request({ port, host: '127.0.0.1', headers: { [PEER_HEADER]: 'forged 10.0.0.5' } }, (res) =>
        res.resume().on('end', r),
      ).end(),
    );
    server.close();
    expect(seen).toEqual(['127.0.0.1']);
  });
});
