/**
 * "Did you mean" for unknown tool names. Users mostly misspell a name, leave out the server
 * (`/echo` for `everything.echo`), get the case wrong or type only the start of a name; each of
 * those should find the tool, while an unrelated word should find nothing rather than noise.
 */
import { distance } from 'fastest-levenshtein';

const NOT_CLOSE = Number.MAX_SAFE_INTEGER;

interface Candidate {
  name: string;
  exact: boolean; // equal ignoring case (whole name or the part after the server)
  dist: number;
  fullDist: number; // whole name to whole name: breaks ties between tools with the same tool part
  match: number; // 0 prefix, 1 substring, 2 neither
}

/** The part after the first `.`: the MCP tool's own name (`get-sum` of `everything.get-sum`). */
const tailOf = (name: string): string => {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(dot + 1);
};

/**
 * How many edits still count as a typo. Short names get 1: at distance 2, `/hi` would "match" `ls`.
 * Longer ones get max(2, 40% of the length), enough for a transposition plus a slip.
 */
const allowedEdits = (length: number): number => (length <= 3 ? 1 : Math.max(2, Math.floor(length * 0.4)));

export function nearestNames(name: string, known: readonly string[], max = 3): string[] {
  const query = name.toLowerCase();
  const queryTail = tailOf(query);
  if (query === '' || max <= 0) return [];

  const candidates: Candidate[] = [];
  for (const candidate of new Set(known)) {
    const full = candidate.toLowerCase();
    const tail = tailOf(full);
    // Compare whole to whole, the query to the tool part (`/echo` vs `everything.echo`), and, when
    // the query names a server, tool part to tool part (`/evrything.echo`, `/wrong.echo`).
    const pairs: Array<[string, string]> = [[query, full], [query, tail]];
    if (query.includes('.')) pairs.push([queryTail, tail]);

    let dist = NOT_CLOSE;
    for (const [a, b] of pairs) {
      const d = distance(a, b);
      // An edit count as long as the word itself means "replace everything", not a typo.
      if (d <= allowedEdits(a.length) && d < Math.max(a.length, b.length)) dist = Math.min(dist, d);
    }
    const exact = pairs.some(([a, b]) => a === b);
    // Prefix/substring need 2+ characters: a single letter is a prefix of too much.
    const prefix = query.length >= 2 && (full.startsWith(query) || tail.startsWith(query));
    const substring = query.length >= 3 && full.includes(query);
    if (!exact && dist === NOT_CLOSE && !prefix && !substring) continue;
    candidates.push({ name: candidate, exact, dist, fullDist: distance(query, full), match: prefix ? 0 : substring ? 1 : 2 });
  }

  // Fully deterministic: ties end in a plain code-unit comparison, not a locale-dependent one.
  candidates.sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) ||
      a.dist - b.dist ||
      a.fullDist - b.fullDist ||
      a.match - b.match ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return candidates.slice(0, max).map((candidate) => candidate.name);
}
