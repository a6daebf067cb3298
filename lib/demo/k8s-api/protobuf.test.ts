import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './protobuf';

/** What `kubectl create service externalname ext2 -n scratch --external-name=example.com` POSTs (kubectl 1.32, -v=8). */
const EXTERNAL_NAME_SERVICE = Buffer.from(
  [
    '6b 38 73 00 0a 0d 0a 02  76 31 12 07 53 65 72 76',
    '69 63 65 12 64 0a 28 0a  04 65 78 74 32 12 00 1a',
    '07 73 63 72 61 74 63 68  22 00 2a 00 32 00 38 00',
    '42 00 5a 0b 0a 03 61 70  70 12 04 65 78 74 32 12',
    '34 12 0b 0a 03 61 70 70  12 04 65 78 74 32 1a 00',
    '22 0c 45 78 74 65 72 6e  61 6c 4e 61 6d 65 3a 00',
    '42 00 52 0b 65 78 61 6d  70 6c 65 2e 63 6f 6d 5a',
    '00 60 00 68 00 1a 02 0a  00 1a 00 22 00',
  ]
    .join(' ')
    .replace(/ +/g, ''),
  'hex',
);

describe('decodeKubernetesProtobuf', () => {
  it("decodes a Service as kubectl's generator sends it, dropping the zero values", () => {
    expect(decodeKubernetesProtobuf(EXTERNAL_NAME_SERVICE)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ext2', namespace: 'scratch', labels: { app: 'ext2' } },
      spec: { selector: { app: 'ext2' }, type: 'ExternalName', externalName: 'example.com' },
    });
  });

  it('refuses bodies without the magic and kinds it does not know', () => {
    expect(() => decodeKubernetesProtobuf(Buffer.from('{}'))).toThrow('magic');
    const secret = Buffer.concat([
      Buffer.from('k8s\0', 'latin1'),
      Buffer.from('0a0c0a02763112065365637265741200', 'hex'),
    ]);
    expect(() => decodeKubernetesProtobuf(secret)).toThrow('got Secret');
  });
});
