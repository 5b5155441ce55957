import { useDeferredValue, useEffect, useState } from 'react';
import type { Fragment } from '../../../shared/api';
import { trpc } from '../trpc';
import { ViewHeader } from '../ui/ViewHeader';
import { FragmentRow, PREVIEW_CHARS } from './FragmentRow';

type RoleFilter = 'all' | Fragment['role'];

/** Waits for typing to pause, so a search runs once per word, not once per key. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Every fragment across conversations, newest first, searchable by text and filterable by role. */
export function FragmentsView() {
  const [query, setQuery] = useState('');
  const [role, setRole] = useState<RoleFilter>('all');
  const search = useDebounced(query.trim(), 250);
  const fragments = trpc.fragments.list.useQuery(
    // Only a preview of each is shown: 200 tool outputs of up to a MiB each would be a heavy page.
    { query: search || undefined, role: role === 'all' ? undefined : role, limit: 200, maxContentChars: PREVIEW_CHARS },
    { placeholderData: (previous) => previous },
  );
  const conversations = trpc.conversations.list.useQuery();
  const titles = new Map(conversations.data?.map((c) => [c.id, c.title]));
  const newestFirst = useDeferredValue(fragments.data ? [...fragments.data].reverse() : []);

  return (
    <section className="fragments-view" aria-label="Fragments">
      <ViewHeader title="Fragments" />
      <div className="fragments-scroll">
        <form className="fragments-search" role="search" onSubmit={(event) => event.preventDefault()}>
          <input
            type="search"
            className="search-input"
            placeholder="Search all fragments"
            aria-label="Search fragments"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <select className="role-select" aria-label="Role" value={role} onChange={(event) => setRole(event.target.value as RoleFilter)}>
            <option value="all">All roles</option>
            <option value="user">User</option>
            <option value="assistant">Assistant</option>
            <option value="tool">Tool</option>
          </select>
        </form>
        <p className="fragments-count" role="status" aria-live="polite">
          {fragments.isPending || fragments.isPlaceholderData ? 'Searching…' : `${newestFirst.length} fragment${newestFirst.length === 1 ? '' : 's'}${search ? ` matching “${search}”` : ''}`}
        </p>
        {fragments.error && (
          <p className="inline-error" role="alert">
            {fragments.error.message}
          </p>
        )}
        <ul className="fragment-list" aria-label="Fragment results">
          {newestFirst.map((fragment) => (
            <FragmentRow key={fragment.id} fragment={fragment} conversationTitle={titles.get(fragment.conversationId)} />
          ))}
        </ul>
      </div>
    </section>
  );
}
