// `npm run backup -- <file>`: a consistent copy of the database, safe while the server runs.
import { backupDatabase } from '../server/store/backup';

const destination = process.argv[2];
const dataDir = process.env.FRAGMENTS_DATA_DIR || './data';
if (!destination) {
  console.error('usage: npm run backup -- <new file>   (the data dir is FRAGMENTS_DATA_DIR, default ./data)');
  process.exit(2);
}
backupDatabase(dataDir, destination).then(
  ({ file, pages }) => console.log(`backed up ${file} to ${destination} (${pages} pages)`),
  (error: unknown) => {
    console.error(`backup failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
