/** Left navigation entries, in Kiali's order. Pages are added here as they land. */
export const NAV_ITEMS: { id: string; href: string; label: string }[] = [
  { id: 'overview', href: '/overview', label: 'Overview' },
  { id: 'graph', href: '/graph', label: 'Traffic Graph' },
  { id: 'applications', href: '/applications', label: 'Applications' },
  { id: 'workloads', href: '/workloads', label: 'Workloads' },
  { id: 'services', href: '/services', label: 'Services' },
  { id: 'waypoints', href: '/waypoints', label: 'Waypoints' },
  { id: 'istio', href: '/istio', label: 'Istio Config' },
  { id: 'status', href: '/status', label: 'Mesh status' },
];
