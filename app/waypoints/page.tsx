import { WaypointsTable } from '@/components/waypoints/waypoints-table';

export const metadata = { title: 'Waypoints · Meshscope' };

/** `/waypoints`: the ambient waypoints of the selected namespaces, with what they serve. */
export default function WaypointsPage() {
  return (
    <section>
      <h1>Waypoints</h1>
      <p className="muted">
        Ambient L7 proxies: Gateways of class istio-waypoint, what they serve (istio.io/waypoint-for) and the services
        attached to each with istio.io/use-waypoint.
      </p>
      <WaypointsTable />
    </section>
  );
}
