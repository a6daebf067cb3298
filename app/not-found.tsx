import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="state state-empty">
      <h3>Page not found</h3>
      <Link href="/overview">Go to the overview</Link>
    </div>
  );
}
