/** A page-lifetime set of ids that is only ever added to and asked (runs started, conversations created). */
export function idSet(): { add(id: string): void; has(id: string): boolean } {
  const ids = new Set<string>();
  return {
    add(id) {
      ids.add(id);
    },
    has(id) {
      return ids.has(id);
    },
  };
}
