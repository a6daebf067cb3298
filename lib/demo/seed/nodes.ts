import { NODE_NAME } from '../controllers/pods';
import type { KubeObject } from '../store/object-store';

/** The demo node's region and zone (the well-known labels `topology.kubernetes.io/region|zone`). */
export const DEMO_REGION = 'us-east1';
export const DEMO_ZONE = 'us-east1-b';

/**
 * The demo cluster's Node, the one the pod controller schedules every pod on (`spec.nodeName` = NODE_NAME), with the
 * well-known labels a cloud provider sets (Kubernetes "Well-Known Labels, Annotations and Taints":
 * `kubernetes.io/hostname`, `kubernetes.io/os`, `kubernetes.io/arch`, `topology.kubernetes.io/region|zone`). Istio
 * reads the locality of a pod from its node's region and zone and adds them to the pod's labels for subset selection
 * (`pkg/kube/labels` `AugmentLabels`), which the validator (lib/istio/checks/context.ts `topologyLabels`) mirrors.
 */
export function nodeObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: NODE_NAME,
        labels: {
          'kubernetes.io/hostname': NODE_NAME,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'topology.kubernetes.io/region': DEMO_REGION,
          'topology.kubernetes.io/zone': DEMO_ZONE,
        },
      },
      spec: {},
      status: {
        addresses: [
          { type: 'InternalIP', address: '10.128.0.2' },
          { type: 'Hostname', address: NODE_NAME },
        ],
        conditions: [
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
        nodeInfo: { kubeletVersion: 'v1.32.0', operatingSystem: 'linux', architecture: 'amd64' },
      },
    },
  ];
}
