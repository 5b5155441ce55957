// Types for build-client.mjs (a plain script, run by node before tsx is involved).
export function sourceHash(root: string): string;
export function isUpToDate(root: string): boolean;
export function markBuilt(root: string): void;
