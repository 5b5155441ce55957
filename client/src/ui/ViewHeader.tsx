import type { ReactNode } from 'react';
import { TransportNote } from '../transport/TransportNote';
import { useSidebar } from './sidebarContext';

/** The top line of a view: the drawer button (phones), the title, and the transport note. */
export function ViewHeader({ title, children }: { title: string; children?: ReactNode }) {
  const sidebar = useSidebar();
  return (
    <header className="view-header">
      <button
        type="button"
        className="icon-button menu-button"
        aria-label="Show conversations"
        aria-expanded={sidebar.open}
        aria-controls="sidebar"
        onClick={() => sidebar.setOpen(!sidebar.open)}
      >
        <span aria-hidden="true">☰</span>
      </button>
      <h1 className="view-title">{title}</h1>
      <TransportNote />
      {children}
    </header>
  );
}
