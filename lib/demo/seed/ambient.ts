import type { KubeObject } from '../store/object-store';

/** The waypoint of the ambient namespace (a Gateway; istiod deploys it: lib/demo/controllers/ambient.ts). */
export const WAYPOINT_NAME = 'waypoint';
/** The label attaching a Service (or a namespace) to a waypoint. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';

/**
 * The waypoint `istioctl waypoint apply -n <ns>` creates (Istio 1.24): a Gateway API Gateway of class
 * `istio-waypoint` labelled `istio.io/waypoint-for: service`, with the HBONE listener `mesh` on 15008. The demo
 * seed adds it to the ambient namespace when the store serves Gateway API Gateways, and labels `reviews` with
 * `istio.io/use-waypoint: waypoint`.
 */
export function ambientObjects(namespace: string): KubeObject[] {
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: WAYPOINT_NAME, namespace, labels: { 'istio.io/waypoint-for': 'service' } },
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    },
  ];
}
