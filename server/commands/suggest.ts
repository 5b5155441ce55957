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
    // A bare query is compared to whole names and to tool parts (`/echo` vs `everything.echo`).
    // A `<server>.<tool>` query is judged on its tool part only: whole-name distance would let the
    // shared server prefix make `everything.ecoh` look close to `everything.get-env`. A misspelt or
    // wrong server (`/evrything.echo`, `/other.echo`) then still finds the tool; fullDist below
    // puts the closest server first.
    const pairs: Array<[string, string]> = query.includes('.') ? [[queryTail, tail]] : [[query, full], [query, tail]];

    let dist = NOT_CLOSE;
    for (const [a, b] of pairs) {
      const d = distance(a, b);
      // An edit count as long as the word itself means "replace everything", not a typo.
      if (d <= allowedEdits(a.length) && d < Math.max(a.length, b.length)) dist = Math.min(dist, d);
    }
    const exact = query === full || pairs.some(([a, b]) => a === b);
    // Prefix/substring need 2+ characters: a single letter is a prefix of too much.
    const prefix = (query.length >= 2 && full.startsWith(query)) || (queryTail.length >= 2 && tail.startsWith(queryTail));
    const substring = (query.length >= 3 && full.includes(query)) || (queryTail.length >= 3 && tail.includes(queryTail));
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
