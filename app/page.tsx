import { redirect } from 'next/navigation';

/** `/` opens the overview, like Kiali's console. */
export default function Home() {
  redirect('/overview');
}
