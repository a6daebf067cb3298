'use client';
import Link from 'next/link';
import { useGlobalParams } from '@/lib/query/global-params';
import styles from '../istio.module.css';

const CHOICES = [
  {
    plural: 'authorizationpolicies',
    kind: 'AuthorizationPolicy',
    text: 'Allow or deny requests to workloads by caller identity, namespace, method, path and conditions.',
  },
  {
    plural: 'peerauthentications',
    kind: 'PeerAuthentication',
    text: 'Require, allow or disable mutual TLS for workloads, per port if needed.',
  },
  {
    plural: 'requestauthentications',
    kind: 'RequestAuthentication',
    text: 'Validate JSON Web Tokens on requests (issuer, JWKS, audiences).',
  },
  {
    plural: 'gateways',
    kind: 'Gateway',
    text: 'Accept traffic from outside the mesh on an ingress (or egress) gateway: ports, hosts, TLS.',
  },
  {
    plural: 'k8sgateways',
    kind: 'Gateway (Gateway API)',
    text: 'A Kubernetes Gateway API Gateway: its class (istio deploys a gateway), listeners, TLS and which routes attach.',
  },
  {
    plural: 'serviceentries',
    kind: 'ServiceEntry',
    text: 'Declare an external service (hosts, ports, resolution) so the mesh can call and observe it.',
  },
  {
    plural: 'sidecars',
    kind: 'Sidecar',
    text: 'Limit what workloads’ proxies can reach (egress hosts) and the outbound traffic policy.',
  },
];

/** Links to the forms (security policies and Istio networking), in the first selected namespace. */
export function NewPolicyChooser() {
  const { namespaces, query } = useGlobalParams();
  const ns = namespaces[0] ?? 'default';
  return (
    <div className="cards">
      {CHOICES.map((c) => (
        <article key={c.plural} className="card">
          <h2 className="card-title">
            <Link href={`/istio/new/${c.plural}?namespace=${ns}${query ? `&${query}` : ''}`}>{c.kind}</Link>
          </h2>
          <p className={styles.note}>{c.text}</p>
        </article>
      ))}
    </div>
  );
}
