import { describe, expect, it } from 'vitest';
import { isOK, isOKVersion, newNode, nodeId, type NodeIdentity } from './traffic-map';

const id = (o: Partial<NodeIdentity>): NodeIdentity => ({
  cluster: 'east',
  serviceNamespace: '',
  service: '',
  workloadNamespace: '',
  workload: '',
  app: '',
  version: '',
  ...o,
});
const wl = id({
  serviceNamespace: 'bookinfo',
  service: 'details',
  workloadNamespace: 'bookinfo',
  workload: 'details-v1',
  app: 'details',
  version: 'v1',
});

describe('nodeId (graph.Id)', () => {
  it('workload and service graphs: workload nodes, else service nodes', () => {
    expect(nodeId(wl, 'workload')).toEqual({ id: 'wl_east_bookinfo_details-v1', nodeType: 'workload' });
    expect(nodeId(wl, 'service')).toEqual({ id: 'wl_east_bookinfo_details-v1', nodeType: 'workload' });
    expect(nodeId({ ...wl, workload: '', app: '', version: '' }, 'workload')).toEqual({
      id: 'svc_east_bookinfo_details',
      nodeType: 'service',
    });
  });

  it('app graphs aggregate versions; versionedApp keys on the workload, else app+version', () => {
    expect(nodeId(wl, 'app')).toEqual({ id: 'app_east_bookinfo_details', nodeType: 'app' });
    expect(nodeId(wl, 'versionedApp')).toEqual({ id: 'vapp_east_bookinfo_details-v1', nodeType: 'app' });
    expect(nodeId({ ...wl, workload: '' }, 'versionedApp')).toEqual({
      id: 'vapp_east_bookinfo_details_v1',
      nodeType: 'app',
    });
    expect(nodeId({ ...wl, workload: '', version: 'latest' }, 'versionedApp')).toEqual({
      id: 'app_east_bookinfo_details',
      nodeType: 'app',
    });
    expect(nodeId({ ...wl, app: 'unknown' }, 'app')).toEqual({
      id: 'wl_east_bookinfo_details-v1',
      nodeType: 'workload',
    });
  });

  it('special unknown source and unknown service nodes', () => {
    expect(
      nodeId(
        id({ serviceNamespace: 'unknown', workloadNamespace: 'unknown', workload: 'unknown', app: 'unknown' }),
        'workload',
      ),
    ).toEqual({ id: 'east_unknown_source', nodeType: 'unknown' });
    expect(
      nodeId(
        id({
          serviceNamespace: 'bookinfo',
          workloadNamespace: 'unknown',
          service: 'unknown',
          workload: 'unknown',
          app: 'unknown',
        }),
        'app',
      ),
    ).toEqual({
      id: 'svc_east_bookinfo_unknown',
      nodeType: 'service',
    });
  });

  it('returns null when nothing identifies the node', () => {
    expect(nodeId(id({ serviceNamespace: 'bookinfo', workload: 'unknown', app: 'unknown' }), 'workload')).toBeNull();
  });
});

describe('newNode', () => {
  it('trims fields by node type', () => {
    expect(
      newNode('x', 'app', { cluster: 'c', namespace: 'n', workload: 'w', app: 'a', version: 'v', service: 's' }, 'app'),
    ).toMatchObject({ workload: '', version: '', service: '', app: 'a' });
    expect(
      newNode(
        'x',
        'app',
        { cluster: 'c', namespace: 'n', workload: 'w', app: 'a', version: 'v', service: 's' },
        'versionedApp',
      ),
    ).toMatchObject({ workload: 'w', version: 'v' });
    expect(
      newNode(
        'x',
        'workload',
        { cluster: 'c', namespace: 'n', workload: 'w', app: 'unknown', version: 'unknown', service: 's' },
        'workload',
      ),
    ).toMatchObject({ app: '', version: '', service: '' });
    expect(
      newNode(
        'x',
        'service',
        { cluster: 'c', namespace: 'n', workload: '', app: '', version: '', service: 'PassthroughCluster' },
        'workload',
      ).meta.isEgressCluster,
    ).toBe(true);
  });

  it('isOK / isOKVersion', () => {
    expect(isOK('unknown')).toBe(false);
    expect(isOK('')).toBe(false);
    expect(isOK('x')).toBe(true);
    expect(isOKVersion('latest')).toBe(false);
  });
});
