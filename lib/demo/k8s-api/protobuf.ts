/**
 * Just enough of Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`) to accept what kubectl's
 * typed clients send: `kubectl create namespace|deployment|configmap|serviceaccount|service`, `kubectl run` and
 * `kubectl auth can-i` POST protobuf, not JSON. The body is the `k8s\0` magic, then a `runtime.Unknown` whose `raw` is the object. Only
 * the fields those generators fill are mapped (field numbers from k8s.io/api's generated.proto); unknown fields
 * are skipped. Zero values are dropped, as JSON's `omitempty` would, except on pointer fields (`keep`).
 */

interface Field {
  name: string;
  type: 'string' | 'int' | 'bool' | 'bytes' | 'map' | 'bytesMap' | 'quantityMap' | 'intOrString' | Schema;
  repeated?: boolean;
  /** A pointer field in Go: present means set, even when zero. */
  keep?: boolean;
}
type Schema = { [field: number]: Field };

const s = (name: string, repeated = false): Field => ({ name, type: 'string', repeated });
const i = (name: string, keep = false): Field => ({ name, type: 'int', keep });
const m = (name: string, type: Schema, repeated = false): Field => ({ name, type, repeated });

const OBJECT_META: Schema = {
  1: s('name'),
  2: s('generateName'),
  3: s('namespace'),
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  14: s('finalizers', true),
};
const LABEL_SELECTOR: Schema = {
  1: { name: 'matchLabels', type: 'map' },
  2: m('matchExpressions', { 1: s('key'), 2: s('operator'), 3: s('values', true) }, true),
};
const CONTAINER: Schema = {
  1: s('name'),
  2: s('image'),
  3: s('command', true),
  4: s('args', true),
  5: s('workingDir'),
  6: m('ports', { 1: s('name'), 2: i('hostPort'), 3: i('containerPort'), 4: s('protocol'), 5: s('hostIP') }, true),
  7: m('env', { 1: s('name'), 2: s('value') }, true),
  8: m('resources', { 1: { name: 'limits', type: 'quantityMap' }, 2: { name: 'requests', type: 'quantityMap' } }),
  14: s('imagePullPolicy'),
  16: { name: 'stdin', type: 'bool' },
  18: { name: 'tty', type: 'bool' },
};
const POD_SPEC: Schema = {
  2: m('containers', CONTAINER, true),
  3: s('restartPolicy'),
  4: i('terminationGracePeriodSeconds', true),
  6: s('dnsPolicy'),
  7: { name: 'nodeSelector', type: 'map' },
  8: s('serviceAccountName'),
};
const POD_TEMPLATE: Schema = { 1: m('metadata', OBJECT_META), 2: m('spec', POD_SPEC) };

/** Top-level schemas by kind: the objects kubectl's generators create. */
const KINDS: Record<string, Schema> = {
  Namespace: { 1: m('metadata', OBJECT_META), 2: m('spec', { 1: s('finalizers', true) }) },
  ConfigMap: {
    1: m('metadata', OBJECT_META),
    2: { name: 'data', type: 'map' },
    3: { name: 'binaryData', type: 'bytesMap' },
    4: { name: 'immutable', type: 'bool', keep: true },
  },
  ServiceAccount: { 1: m('metadata', OBJECT_META) },
  Service: {
    1: m('metadata', OBJECT_META),
    2: m('spec', {
      1: m(
        'ports',
        {
          1: s('name'),
          2: s('protocol'),
          3: i('port'),
          4: { name: 'targetPort', type: 'intOrString' },
          5: i('nodePort'),
          6: s('appProtocol'),
        },
        true,
      ),
      2: { name: 'selector', type: 'map' },
      3: s('clusterIP'),
      4: s('type'),
      5: s('externalIPs', true),
      10: s('externalName'),
    }),
  },
  Pod: { 1: m('metadata', OBJECT_META), 2: m('spec', POD_SPEC) },
  Deployment: {
    1: m('metadata', OBJECT_META),
    2: m('spec', {
      1: i('replicas', true),
      2: m('selector', LABEL_SELECTOR),
      3: m('template', POD_TEMPLATE),
      5: i('minReadySeconds'),
      6: i('revisionHistoryLimit', true),
      9: i('progressDeadlineSeconds', true),
    }),
  },
  // `kubectl auth can-i` (k8s.io/api/authorization/v1 generated.proto)
  SelfSubjectAccessReview: {
    1: m('metadata', OBJECT_META),
    2: m('spec', {
      1: m('resourceAttributes', {
        1: s('namespace'),
        2: s('verb'),
        3: s('group'),
        4: s('version'),
        5: s('resource'),
        6: s('subresource'),
        7: s('name'),
      }),
      2: m('nonResourceAttributes', { 1: s('path'), 2: s('verb') }),
    }),
  },
};

/** Kinds this decoder understands. */
export const PROTOBUF_KINDS = Object.keys(KINDS);

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (this.pos >= this.buf.length || shift > 63n) throw new Error('truncated varint');
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    if (this.pos + length > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function pairs(buf: Buffer, value: (r: Reader) => unknown): [string, unknown] {
  const r = new Reader(buf);
  let key = '';
  let val: unknown = '';
  while (!r.done) {
    const tag = Number(r.varint());
    if (tag >> 3 === 1 && (tag & 7) === 2) key = r.bytes().toString('utf8');
    else if (tag >> 3 === 2 && (tag & 7) === 2) val = value(r);
    else r.skip(tag & 7);
  }
  return [key, val];
}

function isEmpty(v: unknown): boolean {
  return v === '' || v === 0 || v === false || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
}

function decodeValue(field: Field, r: Reader, wireType: number): unknown {
  switch (field.type) {
    case 'int':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'bool':
      return r.varint() !== 0n;
    case 'string':
      return r.bytes().toString('utf8');
    case 'bytes':
      return r.bytes().toString('base64');
    case 'intOrString': {
      const o = decodeMessage(r.bytes(), { 1: i('type', true), 2: i('intVal', true), 3: s('strVal') }) as {
        type?: number;
        intVal?: number;
        strVal?: string;
      };
      return o.type === 1 ? (o.strVal ?? '') : (o.intVal ?? 0);
    }
    default:
      if (wireType !== 2) throw new Error(`field ${field.name} is not length-delimited`);
      return decodeMessage(r.bytes(), field.type as Schema);
  }
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = new Reader(buf);
  while (!r.done) {
    const tag = Number(r.varint());
    const field = schema[tag >> 3];
    const wireType = tag & 7;
    if (!field) {
      r.skip(wireType);
      continue;
    }
    if (field.type === 'map' || field.type === 'bytesMap' || field.type === 'quantityMap') {
      const read =
        field.type === 'map'
          ? (x: Reader) => x.bytes().toString('utf8')
          : field.type === 'bytesMap'
            ? (x: Reader) => x.bytes().toString('base64')
            : (x: Reader) => (decodeMessage(x.bytes(), { 1: s('string') }).string as string | undefined) ?? '0';
      const [k, v] = pairs(r.bytes(), read);
      out[field.name] = { ...(out[field.name] as object | undefined), [k]: v };
      continue;
    }
    const value = decodeValue(field, r, wireType);
    if (field.repeated) out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), value];
    else if (field.keep || !isEmpty(value)) out[field.name] = value;
  }
  return out;
}

/**
 * Decodes a Kubernetes protobuf request body into the object's JSON form, or throws with a message saying what
 * is not supported (the caller answers 415).
 */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\0')
    throw new Error('missing the k8s protobuf magic');
  const unknown = decodeMessage(body.subarray(4), {
    1: m('typeMeta', { 1: s('apiVersion'), 2: s('kind') }),
    2: { name: 'raw', type: 'bytes' },
    3: s('contentEncoding'),
  }) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string; contentEncoding?: string };
  const kind = unknown.typeMeta?.kind ?? '';
  const schema = KINDS[kind];
  if (!schema)
    throw new Error(`protobuf bodies are accepted for ${PROTOBUF_KINDS.join(', ')} only (got ${kind || 'no kind'})`);
  if (unknown.contentEncoding) throw new Error(`unsupported protobuf content encoding ${unknown.contentEncoding}`);
  const object = decodeMessage(Buffer.from(unknown.raw ?? '', 'base64'), schema);
  return { apiVersion: unknown.typeMeta?.apiVersion, kind, ...object };
}
