import { describe, expect, it } from 'vitest';
import { envoyDumpView, ztunnelDumpView } from './config-dump';

describe('ztunnel config dump', () => {
  it('reads the list shape istioctl reads (workloads, services, policies, certificates)', () => {
    const view = ztunnelDumpView('ztunnel-abc', {
      workloads: [
        {
          uid: 'Kubernetes//Pod/bookinfo/reviews-v1-x',
          workloadIps: ['10.244.0.7'],
          waypoint: { destination: 'bookinfo/waypoint.bookinfo.svc.cluster.local', hboneMtlsPort: 15008 },
          protocol: 'HBONE',
          name: 'reviews-v1-x',
          namespace: 'bookinfo',
          serviceAccount: 'bookinfo-reviews',
          node: 'node-1',
        },
        { workloadIps: ['10.244.0.2'], protocol: 'TCP', name: 'curl-y', namespace: 'default', node: 'node-1' },
      ],
      services: [
        {
          name: 'reviews',
          namespace: 'bookinfo',
          hostname: 'reviews.bookinfo.svc.cluster.local',
          vips: ['/10.96.0.12'],
          endpoints: { a: {}, b: {}, c: {} },
        },
      ],
      policies: [{ name: 'deny', namespace: 'bookinfo', scope: 'Namespace', action: 'Deny', rules: [[], []] }],
      certificates: [{ identity: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-reviews', state: 'Available' }],
    });
    expect(view.workloads).toEqual([
      {
        name: 'reviews-v1-x',
        namespace: 'bookinfo',
        address: '10.244.0.7',
        node: 'node-1',
        protocol: 'HBONE',
        waypoint: 'bookinfo/waypoint.bookinfo.svc.cluster.local',
        serviceAccount: 'bookinfo-reviews',
      },
      {
        name: 'curl-y',
        namespace: 'default',
        address: '10.244.0.2',
        node: 'node-1',
        protocol: 'TCP',
        waypoint: null,
        serviceAccount: '',
      },
    ]);
    expect(view.services).toEqual([
      { name: 'reviews', namespace: 'bookinfo', vips: ['/10.96.0.12'], waypoint: null, endpoints: 3 },
    ]);
    expect(view.policies).toEqual([
      { name: 'deny', namespace: 'bookinfo', scope: 'Namespace', action: 'Deny', rules: 2 },
    ]);
    expect(view.certificates).toEqual([
      { identity: 'spiffe://cluster.local/ns/bookinfo/sa/bookinfo-reviews', state: 'Available' },
    ]);
  });

  it('reads the map shape of older ztunnels and the structured waypoint address; a partial dump is empty rows', () => {
    const view = ztunnelDumpView('z', {
      workloads: {
        '10.0.0.1': {
          name: 'a',
          namespace: 'n',
          workloadIp: '10.0.0.1',
          waypoint: { destination: { hostname: { namespace: 'n', hostname: 'wp.n.svc.cluster.local' } } },
        },
      },
    });
    expect(view.workloads[0]).toMatchObject({ address: '10.0.0.1', waypoint: 'n/wp.n.svc.cluster.local' });
    expect(ztunnelDumpView('z', null)).toEqual({
      proxy: 'ztunnel',
      pod: 'z',
      workloads: [],
      services: [],
      policies: [],
      certificates: [],
    });
  });
});

describe('Envoy config dump', () => {
  it('lists static and dynamic listeners with their address, active clusters and route configurations', () => {
    const A = 'type.googleapis.com/envoy.admin.v3';
    const view = envoyDumpView('waypoint-1', {
      configs: [
        { '@type': `${A}.BootstrapConfigDump` },
        {
          '@type': `${A}.ListenersConfigDump`,
          static_listeners: [
            { listener: { name: 'stats', address: { socket_address: { address: '0.0.0.0', port_value: 15090 } } } },
          ],
          dynamic_listeners: [
            {
              active_state: {
                listener: {
                  name: 'main_internal',
                  address: { envoy_internal_address: { server_listener_name: 'main_internal' } },
                  filter_chains: [{}, {}],
                },
              },
            },
          ],
        },
        {
          '@type': `${A}.ClustersConfigDump`,
          dynamic_active_clusters: [{ cluster: { name: 'inbound-vip|9080|http|reviews', type: 'EDS' } }],
        },
        {
          '@type': `${A}.RoutesConfigDump`,
          dynamic_route_configs: [{ route_config: { name: 'r', virtual_hosts: [{ name: 'reviews:9080' }] } }],
        },
      ],
    });
    expect(view.listeners).toEqual([
      { name: 'stats', address: '0.0.0.0:15090', filterChains: 0 },
      { name: 'main_internal', address: 'internal (main_internal)', filterChains: 2 },
    ]);
    expect(view.clusters).toEqual([{ name: 'inbound-vip|9080|http|reviews', type: 'EDS' }]);
    expect(view.routes).toEqual([{ name: 'r', virtualHosts: ['reviews:9080'] }]);
  });
});
