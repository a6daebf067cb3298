/** Istio and Gateway API objects the e2e specs write through Meshscope's API as fixtures. */

/**
 * An HTTPRoute in `namespace` attached to the Service `service` on port 9080 (a mesh route, GAMMA: Istio's "Gateway
 * API mesh" tasks), with these rules.
 */
export function serviceRoute(namespace: string, name: string, service: string, rules: object[]) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: { parentRefs: [{ group: '', kind: 'Service', name: service, port: 9080 }], rules },
  };
}

/**
 * An AuthorizationPolicy in `namespace` that denies DELETE to ratings' pods: an L7 rule (`to.operation.methods`),
 * which ztunnel cannot enforce without a waypoint (Kiali KIA0109 on the policy, KIA1317 on an ambient workload).
 */
export function ratingsDeleteDeny(namespace: string, name: string) {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: 'ratings' } },
      action: 'DENY',
      rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }],
    },
  };
}
