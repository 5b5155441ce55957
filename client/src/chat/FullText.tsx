import { skipToken } from '@tanstack/react-query';
import { useState } from 'react';
import type { Fragment } from '../../../shared/api';
import { formatCount } from '../lib/format';
import { trpc } from '../trpc';

export interface FullText {
  text: string;
  /** Characters the list left out (0 when the text is whole). */
  missing: number;
  loading: boolean;
  showAll: () => void;
}

/**
 * A message's text. The conversation loads each fragment cut to a size (a pasted log can be
 * 100k characters); when this one was cut, the whole fragment is fetched only if asked for.
 */
export function useFullText(fragment: Fragment | undefined): FullText {
  const [wanted, setWanted] = useState(false);
  const cut = fragment !== undefined && fragment.contentChars !== undefined;
  const full = trpc.fragments.get.useQuery(wanted && cut ? { id: fragment.id } : skipToken, { staleTime: Infinity });
  const text = full.data?.content ?? fragment?.content ?? '';
  return {
    text,
    missing: cut && !full.data ? (fragment.contentChars ?? 0) - text.length : 0,
    loading: full.isFetching,
    showAll: () => setWanted(true),
  };
}

/** Says that the text above is only its start, with a way to see the rest. */
export function CutNote({ full }: { full: FullText }) {
  if (full.missing <= 0) return null;
  return (
    <p className="bubble-note">
      … {formatCount(full.missing)} more characters.{' '}
      <button type="button" className="link-button" onClick={full.showAll} disabled={full.loading}>
        {full.loading ? 'Loading…' : 'Show all'}
      </button>
    </p>
  );
}
