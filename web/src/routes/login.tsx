import type { ReactElement } from 'react';
import { AuthCard } from '../components/auth-card.tsx';
import { SignInForm } from '../features/sign-in/sign-in-form.tsx';

export function LoginPage({ redirectTo }: { redirectTo: string | undefined }): ReactElement {
  return (
    <AuthCard title="Sign in to Latchkey" description="Use the email and password you set when you joined your workspace.">
      <SignInForm redirectTo={redirectTo} />
    </AuthCard>
  );
}
