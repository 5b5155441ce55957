import { createContext, useContext } from 'react';

/** On phones the sidebar is a drawer; any view's header can open it. */
export const SidebarContext = createContext<{ open: boolean; setOpen: (open: boolean) => void }>({
  open: false,
  setOpen: () => undefined,
});

export const useSidebar = () => useContext(SidebarContext);
