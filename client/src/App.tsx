import { useEffect, useState } from 'react';
import { TokenPrompt } from './auth/TokenPrompt';
import { ChatView } from './chat/ChatView';
import { Sidebar } from './conversations/Sidebar';
import { FragmentsView } from './fragments/FragmentsView';
import { ServersView } from './servers/ServersView';
import { describeRequestError } from './lib/errors';
import { useRoute } from './lib/route';
import { trpc } from './trpc';
import { SidebarContext } from './ui/sidebarContext';

/** The whole page: sidebar, and the view the URL hash names. */
export function App() {
  const route = useRoute();
  const [sidebarOpen, setSidebarOpen] = useState(false);
  // Every view needs the tools list, so its failure tells us early when the token is missing.
  const tools = trpc.tools.list.useQuery(undefined, { staleTime: 30_000 });

  useEffect(() => {
    if (!sidebarOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setSidebarOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [sidebarOpen]);

  if (tools.error && describeRequestError(tools.error).code === 'UNAUTHORIZED') return <TokenPrompt />;

  return (
    <SidebarContext.Provider value={{ open: sidebarOpen, setOpen: setSidebarOpen }}>
      <div className="app">
        <Sidebar route={route} />
        {sidebarOpen && <div className="scrim" aria-hidden="true" onClick={() => setSidebarOpen(false)} />}
        <main className="main">
          {route.view === 'fragments' ? <FragmentsView /> : route.view === 'servers' ? <ServersView /> : <ChatView conversationId={route.conversationId} />}
        </main>
      </div>
    </SidebarContext.Provider>
  );
}
