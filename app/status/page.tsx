import { StatusTable } from '@/components/status/status-table';

export const metadata = { title: 'Mesh status · Meshscope' };

export default function StatusPage() {
  return (
    <section>
      <h1>Mesh status</h1>
      <p className="muted">Whether Meshscope can reach each backend it reads, checked on every refresh.</p>
      <StatusTable />
    </section>
  );
}
