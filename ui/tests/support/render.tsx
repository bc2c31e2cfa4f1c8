import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { App } from '@/app/app';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/lib/query-client';

/** The whole app, as `main.tsx` mounts it, on a fresh query cache. */
export function renderApp() {
  const user = userEvent.setup();
  const result = render(
    <AppProvider queryClient={createQueryClient()}>
      <App />
    </AppProvider>,
  );
  return { user, ...result };
}
