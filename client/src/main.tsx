import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loginFromUrl } from './auth/token';
import { queryClient } from './queryClient';
import { createLinks } from './transport/links';
import { trpc } from './trpc';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
// The sidebar's own rules before the layout's, whose phone media query turns it into a drawer.
import './styles/sidebar.css';
import './styles/layout.css';
import './styles/chat.css';
import './styles/markdown.css';
import './styles/card.css';
import './styles/output.css';
import './styles/result.css';
import './styles/composer.css';
import './styles/fragments.css';
import './styles/servers.css';

function Root() {
  const [client] = useState(() => trpc.createClient({ links: createLinks() }));
  return (
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </trpc.Provider>
  );
}

const root = document.getElementById('root');
// The login URL's token becomes the session cookie before the first request goes out.
void loginFromUrl().finally(() => {
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <Root />
      </StrictMode>,
    );
  }
});
