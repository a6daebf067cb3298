import { Suspense } from 'react';
import { LoginForm } from './login-form';

export const metadata = { title: 'Sign in · Meshscope' };

/** `/login`: paste a Kubernetes bearer token (AUTH_STRATEGY=token). See app/login/login-form.tsx. */
export default function LoginPage() {
  return (
    <Suspense fallback={null}>
      <LoginForm />
    </Suspense>
  );
}
