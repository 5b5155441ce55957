export * from 'node:fs';
import * as fs from 'node:fs';
export default fs;
export const globSync = fs.globSync ?? (() => []);
