// The few file operations the history needs, injectable so tests can use a temp dir or a fault.
import { appendFile, mkdir, open, rename, writeFile } from 'node:fs/promises';

/** An open file that text is appended to, kept across writes so each one is a single write. */
export interface HistoryAppendHandle {
  /** Appends all of `text` (one write call as far as the OS allows). */
  append(text: string): Promise<void>;
  close(): Promise<void>;
}

/** An open file that byte ranges are read from (a page of records, a scan). */
export interface HistoryReadHandle {
  /** Reads up to `length` bytes at `position` into `buffer` from 0; answers the bytes read. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

export interface HistoryFs {
  /** Opens `path` for reading; undefined when it does not exist. */
  openRead(path: string): Promise<HistoryReadHandle | undefined>;
  appendText(path: string, text: string): Promise<void>;
  writeText(path: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  ensureDir(path: string): Promise<void>;
  /**
   * Opens `path` for appending (created with mode 0600), to be reused for many appends.
   * Optional: without it every append is an `appendText`.
   */
  openAppend?(path: string): Promise<HistoryAppendHandle>;
  /**
   * Writes `path` from chunks in order (created with mode 0600), never holding the whole text.
   * Optional: without it the chunks are joined and given to `writeText`.
   */
  writeChunks?(path: string, chunks: AsyncIterable<string>): Promise<void>;
}

// 0o600: the history holds phone numbers; other users on the machine have no business there.
const PRIVATE = 0o600;

export const nodeHistoryFs: HistoryFs = {
  async openRead(path) {
    try {
      const handle = await open(path, 'r');
      return {
        read: async (buffer, length, position) =>
          (await handle.read(buffer, 0, length, position)).bytesRead,
        close: () => handle.close(),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  appendText: (path, text) => appendFile(path, text, { encoding: 'utf8', mode: PRIVATE }),
  writeText: (path, text) => writeFile(path, text, { encoding: 'utf8', mode: PRIVATE }),
  rename: (from, to) => rename(from, to),
  ensureDir: async (path) => {
    await mkdir(path, { recursive: true });
  },
  async openAppend(path) {
    const handle = await open(path, 'a', PRIVATE);
    return {
      // writeFile on a handle loops until every byte is written; 'a' puts each write at the end.
      append: (text) => handle.writeFile(text, 'utf8'),
      close: () => handle.close(),
    };
  },
  async writeChunks(path, chunks) {
    const handle = await open(path, 'w', PRIVATE);
    try {
      for await (const chunk of chunks) await handle.writeFile(chunk, 'utf8');
    } finally {
      await handle.close();
    }
  },
};
