// The few file operations the history needs, injectable so tests can use a temp dir or a fault.
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';

export interface HistoryFs {
  /** The file's text, or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  appendText(path: string, text: string): Promise<void>;
  writeText(path: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  ensureDir(path: string): Promise<void>;
}

export const nodeHistoryFs: HistoryFs = {
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  // 0o600: the history holds phone numbers; other users on the machine have no business there.
  appendText: (path, text) => appendFile(path, text, { encoding: 'utf8', mode: 0o600 }),
  writeText: (path, text) => writeFile(path, text, { encoding: 'utf8', mode: 0o600 }),
  rename: (from, to) => rename(from, to),
  ensureDir: async (path) => {
    await mkdir(path, { recursive: true });
  },
};
